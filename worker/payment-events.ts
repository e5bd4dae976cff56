// In the embedded default the sandbox stands in for Stripe's webhooks: its events (an
// authorization that lapsed, a capture) are normalized the same way and signalled to the
// replacement they belong to.
import type { Client } from '@temporalio/client';
import { normalizeStripeEvent, type StripeLikeEvent } from '../src/adapters/payment/stripe-webhook';
import { paymentEventSignal, replacementWorkflowId } from '../workflows/definitions';

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
