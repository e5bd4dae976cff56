// Webhook deliveries are verified on their raw bytes before anything else happens. (That a refused
// delivery changes nothing on a live replacement, and that a replay is harmless, is covered with a
// running workflow in replacement-lifecycle.test.ts.)
import request from 'supertest';
import { CARRIER_SIGNATURE_HEADER, signCarrierPayload } from '../../activities/shipping/webhook-signature';
import { CARRIER_SECRET, createApiWorld, signedCarrierDelivery, signedStripeDelivery, type ApiWorld } from './support/api-world';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

let world: ApiWorld;
beforeAll(async () => {
  world = await createApiWorld({ worker: false });
});
afterAll(async () => {
  await world?.close();
});

const now = () => Math.floor(Date.now() / 1000);
const batch = (over: Record<string, unknown> = {}) => ({
  events: [{ eventId: 'trk_1', trackingNumber: '370000000000000001', kind: 'in_transit', at: Date.now(), serviceNumber: 'RMA-0000000000', ...over }],
});

function postCarrier(raw: string, signature?: string) {
  const req = request(world.app).post('/v1/webhooks/carrier').set('Content-Type', 'application/json');
  return (signature ? req.set(CARRIER_SIGNATURE_HEADER, signature) : req).send(raw);
}

describe('POST /v1/webhooks/carrier', () => {
  it('accepts a correctly signed delivery and drops events for replacements that do not exist', async () => {
    const { raw, signature } = signedCarrierDelivery(batch());
    const res = await postCarrier(raw, signature);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 1, delivered: 0, ignored: 1 });
  });

  it('drops an event whose tracking number belongs to no booking', async () => {
    const { raw, signature } = signedCarrierDelivery(batch({ serviceNumber: undefined, trackingNumber: '379999999999999999' }));
    expect((await postCarrier(raw, signature)).body).toEqual({ received: 1, delivered: 0, ignored: 1 });
  });

  it.each([
    ['missing', () => ({ raw: JSON.stringify(batch()), signature: undefined }), /missing/],
    ['signed with another secret', () => signedCarrierDelivery(batch(), undefined, 'some-other-secret-entirely'), /does not match/],
    ['stale (10 minutes old)', () => signedCarrierDelivery(batch(), now() - 600), /tolerance/],
    ['from the future', () => signedCarrierDelivery(batch(), now() + 600), /tolerance/],
    ['for a different body', () => ({ raw: JSON.stringify(batch({ kind: 'delivered' })), signature: signedCarrierDelivery(batch()).signature }), /does not match/],
    ['malformed', () => ({ raw: JSON.stringify(batch()), signature: 'v1=deadbeef' }), /malformed/],
  ])('refuses a %s signature with 400', async (_name, make, detail) => {
    const { raw, signature } = make();
    const res = await postCarrier(raw, signature);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('/docs#problem-invalid-signature');
    expect(res.body.detail).toMatch(detail);
  });

  it('answers a signed body that is not JSON with 400 and one that is not a tracking batch with 422', async () => {
    const raw = '{"events": [';
    const bad = await postCarrier(raw, signCarrierPayload(raw, CARRIER_SECRET));
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('/docs#problem-malformed-json');

    const wrong = signedCarrierDelivery({ events: [{ eventId: 'e', trackingNumber: 't', kind: 'teleported', at: 'yesterday' }] });
    const res = await postCarrier(wrong.raw, wrong.signature);
    expect(res.status).toBe(422);
    expect((res.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['events.0.at', 'events.0.kind']);
  });

  it('refuses a body over the size limit with 413', async () => {
    const { raw, signature } = signedCarrierDelivery(batch({ description: 'x'.repeat(70 * 1024) }));
    expect((await postCarrier(raw, signature)).status).toBe(413);
  });
});

describe('POST /v1/webhooks/stripe', () => {
  const canceled = (replacementId: string | null) => ({
    id: 'evt_1',
    object: 'event',
    type: 'payment_intent.canceled',
    created: now(),
    data: { object: { object: 'payment_intent', id: 'pi_123', metadata: replacementId ? { replacement_id: replacementId } : {} } },
  });

  const postStripe = (raw: string, signature?: string, app = world.app) => {
    const req = request(app).post('/v1/webhooks/stripe').set('Content-Type', 'application/json');
    return (signature ? req.set('Stripe-Signature', signature) : req).send(raw);
  };

  it('refuses a missing or wrong signature with 400', async () => {
    const { raw } = signedStripeDelivery(canceled('RMA-0000000000'));
    expect((await postStripe(raw)).body.type).toBe('/docs#problem-invalid-signature');
    const forged = signedStripeDelivery(canceled('RMA-0000000000'), 'whsec_not_ours');
    const res = await postStripe(forged.raw, forged.signature);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/docs#problem-invalid-signature');
  });

  it('accepts a signed event, dropping those that name no open replacement or are of no interest', async () => {
    const forUnknown = signedStripeDelivery(canceled('RMA-0000000000'));
    expect((await postStripe(forUnknown.raw, forUnknown.signature)).body).toEqual({ received: 1, delivered: 0, ignored: 1 });
    const noMetadata = signedStripeDelivery(canceled(null));
    expect((await postStripe(noMetadata.raw, noMetadata.signature)).body).toEqual({ received: 1, delivered: 0, ignored: 1 });
    const other = signedStripeDelivery({ ...canceled('RMA-0000000000'), type: 'customer.created' });
    expect((await postStripe(other.raw, other.signature)).body).toEqual({ received: 0, delivered: 0, ignored: 0 });
  });

  it('answers 503 when the server has no Stripe webhook secret', async () => {
    const app = world.variant({}, { verifyStripeEvent: undefined });
    const { raw, signature } = signedStripeDelivery(canceled('RMA-0000000000'));
    const res = await postStripe(raw, signature, app);
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/STRIPE_WEBHOOK_SECRET/);
  });
});
