// Webhooks from the carrier and the payment provider: verified on the raw bytes before anything
// is parsed, then forwarded to the owning workflow as signals. Each event is claimed in
// processed_webhooks first, so a redelivery is acknowledged without signalling again; a claim is
// given back when signalling fails, so the provider's retry is acted on. Events for unknown or
// finished replacements are acknowledged and dropped (retrying them could never succeed).
import { CARRIER_SIGNATURE_HEADER, verifyCarrierSignature, WebhookSignatureError } from '../../lib/webhook-signature';
import { ZodError } from 'zod';
import type { TrackingEvent } from '../../ports/carrier';
import { fieldErrors, problem } from '../problem';
import type { HandlerContext } from '../route-table';
import { carrierWebhookSchema } from '../schemas';
import type { ApiServices, ParseCarrierWebhook } from '../services';

const SIGNATURE_TOLERANCE_SECONDS = 300;

type Outcome = 'delivered' | 'duplicate' | 'ignored';

/** Claims the event, signals it, and gives the claim back if signalling throws. */
async function deliverOnce(
  services: ApiServices,
  provider: 'carrier' | 'stripe',
  signal: 'carrierEvent' | 'paymentEvent',
  eventId: string,
  send: () => Promise<boolean>,
): Promise<Outcome> {
  if (!(await services.webhooks.claim(provider, eventId))) {
    services.metrics.signals.inc({ signal, outcome: 'duplicate' });
    return 'duplicate';
  }
  let delivered: boolean;
  try {
    delivered = await send();
  } catch (err) {
    // The signalling failure is what the provider must hear (it retries); a failed release only loses that retry.
    await services.webhooks
      .release(provider, eventId)
      .catch((releaseErr: unknown) =>
        services.logger.error({ err: releaseErr, provider, eventId }, 'could not release a webhook claim; a redelivery will be skipped'),
      );
    throw err;
  }
  // Not delivered means no open replacement: a redelivery could not succeed either, so the claim stays.
  return delivered ? 'delivered' : 'ignored';
}

/**
 * Each event in order: find its replacement (none: ignored), then claim and signal it once. One loop
 * for every provider, so the claim-and-release rules are the same everywhere.
 */
async function deliverEach<E extends { eventId: string }>(
  { services }: HandlerContext<unknown, unknown>,
  provider: 'carrier' | 'stripe',
  events: readonly E[],
  replacementOf: (event: E) => Promise<string | undefined> | string | undefined,
  send: (replacementId: string, event: E) => Promise<boolean>,
): Promise<Outcome[]> {
  const signal = provider === 'carrier' ? 'carrierEvent' : 'paymentEvent';
  const outcomes: Outcome[] = [];
  for (const event of events) {
    const id = await replacementOf(event);
    outcomes.push(id === undefined ? 'ignored' : await deliverOnce(services, provider, signal, event.eventId, () => send(id, event)));
  }
  return outcomes;
}

function ack(outcomes: Outcome[]) {
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  return { received: outcomes.length, delivered: count('delivered'), duplicates: count('duplicate'), ignored: count('ignored') };
}

function rawBodyOf(ctx: HandlerContext<unknown, unknown>): Buffer {
  return Buffer.isBuffer(ctx.body) ? ctx.body : Buffer.alloc(0);
}

type CarrierDeliveryEvent = TrackingEvent & { serviceNumber?: string };

/** Our own signed batch format (the sandbox carrier, and relays that speak it). */
function ownBatch(ctx: HandlerContext<unknown, unknown>, raw: Buffer): CarrierDeliveryEvent[] {
  const { req, services } = ctx;
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
  return parsed.data.events;
}

/** The carrier's own push format, through its parser; its errors as problems. */
function carrierFormat(ctx: HandlerContext<unknown, unknown>, raw: Buffer, parse: ParseCarrierWebhook): CarrierDeliveryEvent[] {
  try {
    return parse(raw, ctx.req.headers);
  } catch (err) {
    if (err instanceof WebhookSignatureError) throw problem('invalid-signature', `Carrier signature rejected: ${err.message}.`);
    if (err instanceof SyntaxError) throw problem('malformed-json', 'The webhook body is not valid JSON.');
    if (err instanceof ZodError) {
      throw problem('validation-error', `The webhook body is not a ${ctx.services.config.CARRIER} tracking push.`, { errors: fieldErrors(err) });
    }
    if (err instanceof Error) throw problem('validation-error', `The webhook body could not be read: ${err.message}.`);
    throw err;
  }
}

export async function carrierWebhook(ctx: HandlerContext<unknown, unknown>) {
  const { req, res, services } = ctx;
  const raw = rawBodyOf(ctx);
  const events = services.parseCarrierWebhook ? carrierFormat(ctx, raw, services.parseCarrierWebhook) : ownBatch(ctx, raw);

  const outcomes = await deliverEach(
    ctx,
    'carrier',
    events,
    // The read model knows every booked tracking number whichever carrier booked it; the carrier's
    // own records cover a parcel booked a moment before its projection landed.
    async (event) =>
      event.serviceNumber ??
      (await services.readModel.findByTrackingNumber(event.trackingNumber)) ??
      (await services.carrier?.lookupTracking(event.trackingNumber)),
    (id, event) =>
      services.replacements.signalCarrierEvent(id, {
        eventId: event.eventId,
        trackingNumber: event.trackingNumber,
        kind: event.kind,
        at: event.at,
        description: event.description,
      }),
  );
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome === 'ignored')
      req.log?.info({ eventId: events[i].eventId, trackingNumber: events[i].trackingNumber }, 'carrier event for no open replacement; dropped');
  }
  res.status(200).json(ack(outcomes));
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
  const outcomes = await deliverEach(
    ctx,
    'stripe',
    events,
    (event) => event.replacementId ?? undefined,
    (id, event) => services.replacements.signalPaymentEvent(id, { eventId: event.eventId, kind: event.kind, authorizationId: event.authorizationId }),
  );
  res.status(200).json(ack(outcomes));
}
