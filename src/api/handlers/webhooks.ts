// Webhooks from the carrier and the payment provider: verified on the raw bytes before anything
// is parsed, then forwarded to the owning workflow as signals. Workflows de-duplicate by event id,
// so a redelivered event is harmless; events for unknown or finished replacements are acknowledged
// and dropped (retrying them could never succeed).
import {
  CARRIER_SIGNATURE_HEADER,
  verifyCarrierSignature,
  WebhookSignatureError,
} from '../../../activities/shipping/webhook-signature';
import { fieldErrors, problem } from '../problem';
import type { HandlerContext } from '../route-table';
import { carrierWebhookSchema } from '../schemas';

const SIGNATURE_TOLERANCE_SECONDS = 300;

function rawBodyOf(ctx: HandlerContext<unknown, unknown>): Buffer {
  return Buffer.isBuffer(ctx.body) ? ctx.body : Buffer.alloc(0);
}

export async function carrierWebhook(ctx: HandlerContext<unknown, unknown>) {
  const { req, res, services } = ctx;
  const raw = rawBodyOf(ctx);
  try {
    verifyCarrierSignature(
      raw,
      req.headers[CARRIER_SIGNATURE_HEADER],
      services.config.CARRIER_WEBHOOK_SECRET,
      SIGNATURE_TOLERANCE_SECONDS,
      Math.floor(services.now() / 1000),
    );
  } catch (err) {
    if (err instanceof WebhookSignatureError) throw problem('invalid-signature', `Carrier signature rejected: ${err.message}.`);
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw problem('malformed-json', 'The webhook body is not valid JSON.');
  }
  const parsed = carrierWebhookSchema.safeParse(json);
  if (!parsed.success) throw problem('validation-error', 'The webhook body is not a tracking-event batch.', { errors: fieldErrors(parsed.error) });

  let delivered = 0;
  for (const event of parsed.data.events) {
    const id = event.serviceNumber ?? (await services.carrier?.lookupTracking(event.trackingNumber));
    const ok =
      id !== undefined &&
      (await services.replacements.signalCarrierEvent(id, {
        eventId: event.eventId,
        trackingNumber: event.trackingNumber,
        kind: event.kind,
        at: event.at,
        description: event.description,
      }));
    if (ok) delivered += 1;
    else req.log?.info({ eventId: event.eventId, trackingNumber: event.trackingNumber }, 'carrier event for no open replacement; dropped');
  }
  const received = parsed.data.events.length;
  res.status(200).json({ received, delivered, ignored: received - delivered });
}

export async function stripeWebhook(ctx: HandlerContext<unknown, unknown>) {
  const { req, res, services } = ctx;
  if (!services.verifyStripeEvent) {
    throw problem('unavailable', 'Payment webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET).');
  }
  let events;
  try {
    events = await services.verifyStripeEvent(rawBodyOf(ctx), req.get('Stripe-Signature'));
  } catch (err) {
    if ((err as Error)?.name === 'WebhookSignatureError') {
      throw problem('invalid-signature', `Payment provider signature rejected: ${(err as Error).message}`);
    }
    throw err;
  }
  let delivered = 0;
  for (const event of events) {
    const ok =
      event.replacementId !== null &&
      (await services.replacements.signalPaymentEvent(event.replacementId, {
        eventId: event.eventId,
        kind: event.kind,
        authorizationId: event.authorizationId,
      }));
    if (ok) delivered += 1;
  }
  res.status(200).json({ received: events.length, delivered, ignored: events.length - delivered });
}
