// Where no provider sends webhooks (the payment sandbox of the embedded default), its Stripe-shaped
// events are normalized the way a webhook's are and signalled to the replacement they belong to:
// an authorization that lapsed, a capture, a customer's 3-D Secure answer. The worker and the API
// (whose sandbox challenge page completes authentications) both forward them.
import type { Client } from '@temporalio/client';
import { normalizeStripeEvent, type StripeLikeEvent } from '../adapters/payment/stripe-webhook';
import { paymentEventSignal, replacementWorkflowId } from '../../workflows/definitions';

export function forwardPaymentEvents(client: Client, onError: (err: unknown) => void) {
  return async (event: StripeLikeEvent): Promise<void> => {
    const normalized = normalizeStripeEvent(event);
    if (!normalized?.replacementId) return;
    try {
      await client.workflow.getHandle(replacementWorkflowId(normalized.replacementId)).signal(paymentEventSignal, {
        eventId: normalized.eventId,
        kind: normalized.kind,
        authorizationId: normalized.authorizationId,
      });
    } catch (err) {
      onError(err);
    }
  };
}
