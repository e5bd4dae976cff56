// Webhook deliveries are verified on their raw bytes before anything else happens, and each event is
// acted on once: claimed in processed_webhooks, given back when it could not be signalled. (That a
// refused delivery changes nothing on a live replacement, and that a replay is not signalled again,
// is covered with a running workflow in replacement-lifecycle.test.ts.)
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { parseBringEventCast } from '../../src/adapters/shipping/bring-carrier';
import { CARRIER_SIGNATURE_HEADER, signCarrierPayload } from '../../src/lib/webhook-signature';
import { replacementWorkflowId } from '../../workflows/definitions';
import { makeView } from '../db/fixtures';
import { CARRIER_SECRET, signedCarrierDelivery, signedStripeDelivery, useApiWorld, type ApiWorld } from './support/api-world';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

const world = useApiWorld({ worker: false });

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
    expect(res.body).toEqual({ received: 1, delivered: 0, duplicates: 0, ignored: 1 });
  });

  it('drops an event whose tracking number belongs to no booking', async () => {
    const { raw, signature } = signedCarrierDelivery(batch({ eventId: 'trk_nobooking', serviceNumber: undefined, trackingNumber: '379999999999999999' }));
    expect((await postCarrier(raw, signature)).body).toEqual({ received: 1, delivered: 0, duplicates: 0, ignored: 1 });
  });

  it.each([
    ['missing', () => ({ raw: JSON.stringify(batch()), signature: undefined }), /missing/],
    ['signed with another secret', () => signedCarrierDelivery(batch(), undefined, 'some-other-secret-entirely'), /does not match/],
    ['stale (10 minutes old)', () => signedCarrierDelivery(batch(), now() - 600), /tolerance/],
    ['from the future', () => signedCarrierDelivery(batch(), now() + 600), /tolerance/],
    [
      'for a different body',
      () => ({ raw: JSON.stringify(batch({ kind: 'delivered' })), signature: signedCarrierDelivery(batch()).signature }),
      /does not match/,
    ],
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

describe('carrier events that name only a tracking number', () => {
  /** A replacement in the read model with these tracking numbers, and a live workflow (no worker) to signal. */
  async function openReplacement(id: string, tracking: { outbound?: string; return?: string }) {
    const view = makeView(id, {
      status: 'dispatched',
      dispatch: tracking.outbound
        ? {
            replacementSerialNumber: 'RPL-1',
            carrier: 'bring',
            trackingNumber: tracking.outbound,
            dispatchedAt: new Date().toISOString(),
            dispatchedBy: 'lager-1',
          }
        : null,
      returnLabel: tracking.return ? { trackingNumber: tracking.return, url: 'https://labels.example.no/x.pdf' } : null,
    });
    await world.readModel.project(view, 1);
    return world.client.workflow.start('replacementWorkflow', { workflowId: replacementWorkflowId(id), taskQueue: `idle-${id}`, args: [] });
  }

  async function carrierSignals(handle: Awaited<ReturnType<typeof openReplacement>>) {
    const history = await handle.fetchHistory();
    return (history.events ?? []).flatMap((e) => {
      const a = e.workflowExecutionSignaledEventAttributes;
      const data = a?.signalName === 'carrierEvent' ? a.input?.payloads?.[0]?.data : undefined;
      return data ? [JSON.parse(Buffer.from(data).toString('utf8')) as { eventId: string; trackingNumber: string; kind: string; at: number }] : [];
    });
  }

  it('finds the replacement by its return label through the read model, whichever carrier booked it', async () => {
    const handle = await openReplacement('RMA-TRKRET0001', { return: 'RET-370000000000000777' });
    try {
      // Not a sandbox booking: only the read model knows this number.
      const { raw, signature } = signedCarrierDelivery(batch({ eventId: 'trk_rm_1', serviceNumber: undefined, trackingNumber: 'RET-370000000000000777' }));
      expect((await postCarrier(raw, signature)).body).toEqual({ received: 1, delivered: 1, duplicates: 0, ignored: 0 });
      expect(await carrierSignals(handle)).toMatchObject([{ eventId: 'trk_rm_1', trackingNumber: 'RET-370000000000000777', kind: 'in_transit' }]);
    } finally {
      await handle.terminate();
    }
  });

  it('reads Bring Event Cast pushes when the carrier is Bring: signed, mapped, found by consignment number', async () => {
    const handle = await openReplacement('RMA-TRKBRING01', { outbound: '70438101015432198' });
    const app = world.variant({}, { parseCarrierWebhook: (raw, headers) => parseBringEventCast(raw, headers, CARRIER_SECRET, Date.now()) });
    const post = (raw: string, signature?: string) => {
      const req = request(app).post('/v1/webhooks/carrier').set('Content-Type', 'application/json');
      return (signature ? req.set(CARRIER_SIGNATURE_HEADER, signature) : req).send(raw);
    };
    try {
      const pushes = [
        { id: 'ec-1', status: 'IN_TRANSIT', shipment: '70438101015432198', created: '2026-11-25T08:15:00+0100' },
        { id: 'ec-2', status: 'NOTIFICATION_SENT', shipment: '70438101015432198', created: '2026-11-25T08:16:00+0100' },
        { id: 'ec-3', status: 'IN_TRANSIT', shipment: '70400000000000000', created: '2026-11-25T08:17:00+0100' },
      ];
      const raw = JSON.stringify(pushes);
      const res = await post(raw, signCarrierPayload(raw, CARRIER_SECRET));
      expect(res.status).toBe(200);
      // NOTIFICATION_SENT is not a movement of the parcel; ec-3 is no parcel of ours.
      expect(res.body).toEqual({ received: 2, delivered: 1, duplicates: 0, ignored: 1 });
      expect(await carrierSignals(handle)).toEqual([
        {
          eventId: 'bring:ec-1',
          trackingNumber: '70438101015432198',
          kind: 'in_transit',
          at: Date.parse('2026-11-25T07:15:00Z'),
          description: 'Bring IN_TRANSIT',
        },
      ]);

      // Our own batch format is not what a Bring endpoint reads; a forged push is refused.
      const ours = signedCarrierDelivery(batch());
      expect((await post(ours.raw, ours.signature)).status).toBe(422);
      expect((await post(raw, signCarrierPayload(raw, 'some-other-secret-entirely'))).body.type).toBe('/docs#problem-invalid-signature');
      const notJson = '[{"id":';
      expect((await post(notJson, signCarrierPayload(notJson, CARRIER_SECRET))).body.type).toBe('/docs#problem-malformed-json');
    } finally {
      await handle.terminate();
    }
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
    expect((await postStripe(forUnknown.raw, forUnknown.signature)).body).toEqual({ received: 1, delivered: 0, duplicates: 0, ignored: 1 });
    const noMetadata = signedStripeDelivery({ ...canceled(null), id: 'evt_no_metadata' });
    expect((await postStripe(noMetadata.raw, noMetadata.signature)).body).toEqual({ received: 1, delivered: 0, duplicates: 0, ignored: 1 });
    const other = signedStripeDelivery({ ...canceled('RMA-0000000000'), id: 'evt_other', type: 'customer.created' });
    expect((await postStripe(other.raw, other.signature)).body).toEqual({ received: 0, delivered: 0, duplicates: 0, ignored: 0 });
  });

  it('answers 503 when the server has no Stripe webhook secret', async () => {
    const app = world.variant({}, { verifyStripeEvent: undefined });
    const { raw, signature } = signedStripeDelivery(canceled('RMA-0000000000'));
    const res = await postStripe(raw, signature, app);
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/STRIPE_WEBHOOK_SECRET/);
  });
});

describe('redeliveries', () => {
  const claimed = async (provider: string) =>
    (await world.db.pool.query<{ event_id: string }>('SELECT event_id FROM processed_webhooks WHERE provider = $1 ORDER BY event_id', [provider])).rows.map(
      (r) => r.event_id,
    );

  /** An app whose Temporal cannot be reached: every signal fails. */
  async function withTemporalDown(fn: (app: ReturnType<ApiWorld['variant']>) => Promise<void>) {
    // No retry interceptor: its backoff timers would outlive this test and fire on a closed channel.
    const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: [], connectTimeout: '1s' });
    try {
      await fn(world.variant({}, { temporal: new Client({ connection, namespace: world.namespace }) }));
    } finally {
      await connection.close().catch(() => undefined);
    }
  }

  const canceled = (id: string) => ({
    id,
    object: 'event',
    type: 'payment_intent.canceled',
    created: now(),
    data: { object: { object: 'payment_intent', id: 'pi_replayed', metadata: { replacement_id: 'RMA-0000000001' } } },
  });
  const postStripe = (raw: string, signature: string, app = world.app) =>
    request(app).post('/v1/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', signature).send(raw);

  it('claims a carrier event once: a replay of the delivery is acknowledged as a duplicate', async () => {
    const { raw, signature } = signedCarrierDelivery(batch({ eventId: 'trk_replayed' }));
    expect((await postCarrier(raw, signature)).body).toEqual({ received: 1, delivered: 0, duplicates: 0, ignored: 1 });
    const replay = await postCarrier(raw, signature);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ received: 1, delivered: 0, duplicates: 1, ignored: 0 });
    expect(await claimed('carrier')).toContain('trk_replayed');
  });

  it('claims a Stripe event once, per provider', async () => {
    const { raw, signature } = signedStripeDelivery(canceled('evt_replayed'));
    expect((await postStripe(raw, signature)).body).toEqual({ received: 1, delivered: 0, duplicates: 0, ignored: 1 });
    expect((await postStripe(raw, signature)).body).toEqual({ received: 1, delivered: 0, duplicates: 1, ignored: 0 });
    expect(await claimed('stripe')).toContain('evt_replayed');
    // The same id from the carrier is another event.
    const carrier = signedCarrierDelivery(batch({ eventId: 'evt_replayed' }));
    expect((await postCarrier(carrier.raw, carrier.signature)).body).toMatchObject({ duplicates: 0 });
  });

  it('gives the claim back when the event cannot be signalled, so the retry is acted on', async () => {
    const stripe = signedStripeDelivery(canceled('evt_temporal_down'));
    const carrier = signedCarrierDelivery(batch({ eventId: 'trk_temporal_down' }));
    await withTemporalDown(async (app) => {
      expect((await postStripe(stripe.raw, stripe.signature, app)).status).toBe(503);
      const res = await request(app)
        .post('/v1/webhooks/carrier')
        .set('Content-Type', 'application/json')
        .set(CARRIER_SIGNATURE_HEADER, carrier.signature)
        .send(carrier.raw);
      expect(res.status).toBe(503);
    });
    expect(await claimed('stripe')).not.toContain('evt_temporal_down');
    expect(await claimed('carrier')).not.toContain('trk_temporal_down');

    // The provider's retry reaches a healthy instance: handled as a first delivery.
    expect((await postStripe(stripe.raw, stripe.signature)).body).toEqual({ received: 1, delivered: 0, duplicates: 0, ignored: 1 });
    expect((await postCarrier(carrier.raw, carrier.signature)).body).toEqual({ received: 1, delivered: 0, duplicates: 0, ignored: 1 });
  });
});
