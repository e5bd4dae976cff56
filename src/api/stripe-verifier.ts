// Adapts the Stripe webhook verification (activities/payment/stripe-webhook.ts) to the API's
// injected VerifyStripeEvent: one delivery carries one event, or none this service cares about.
import { verifyStripeWebhook } from '../../activities/payment/stripe-webhook';
import type { VerifyStripeEvent } from './services';

export function stripeEventVerifier(secret: string, now?: () => number): VerifyStripeEvent {
  return (rawBody, signature) => {
    const event = verifyStripeWebhook(rawBody, signature, secret, now ? { now } : {});
    return event ? [{ eventId: event.eventId, kind: event.kind, authorizationId: event.authorizationId, replacementId: event.replacementId }] : [];
  };
}
