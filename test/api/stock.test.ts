// Stock through HTTP against the real workflow and activities: replacements that find no unit wait
// in line, a receipt wakes exactly as many as there are units (the longest waiting first, one hold
// each), the catalog and the replacement tell the customer where they stand, adjustments are
// journalled and never take reserved units, and bad input changes nothing.
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { replacementWorkflowId, restockedSignal, type ReplacementView } from '../../workflows/definitions';
import { bearer, eventually, useApiWorld } from './support/api-world';
import { replacementBody } from './support/requests';

jest.setTimeout(90_000);

const SKU = 'IP17P-256';
// The iPhone starts with no units; everything else has plenty.
const world = useApiWorld({ stock: { [SKU]: 0, 'MBA13-M4-16-512': 20 } });
let warehouse: string;
let customer: string;

beforeAll(async () => {
  warehouse = await bearer('warehouse', 'ola.lager');
  customer = await bearer('customer', 'kari');
});

let keys = 0;
const newKey = (what: string) => `${what}-${Date.now()}-${++keys}-stock`;

const view = async (id: string): Promise<ReplacementView & { stockWait?: { ahead: number; cancelsAt: string; since: string } }> => {
  // As staff: a customer polling this often would meet the per-customer rate limit.
  const res = await request(world.app)
    .get(`/v1/replacements/${id}`)
    .set('Authorization', await bearer('admin', 'root'));
  expect(res.status).toBe(200);
  return res.body;
};
const holdsOf = (id: string) => world.payment.listAuthorizations({ metadata: { replacement_id: id } });
const stockOf = async (sku = SKU) => {
  const res = await request(world.app).get('/v1/warehouse/stock').set('Authorization', warehouse);
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ sku: string }>).find((i) => i.sku === sku);
};
const receive = (body: unknown, key = newKey('receipt'), sku = SKU) =>
  request(world.app)
    .post(`/v1/warehouse/stock/${sku}/receipts`)
    .set('Authorization', warehouse)
    .set('Idempotency-Key', key)
    .send(body as object);
const adjust = (body: unknown, key = newKey('adjust'), sku = SKU) =>
  request(world.app)
    .post(`/v1/warehouse/stock/${sku}/adjustments`)
    .set('Authorization', warehouse)
    .set('Idempotency-Key', key)
    .send(body as object);

const waiting: string[] = [];

test('three requests with no unit in stock each wait in line, are told so, and hold once', async () => {
  for (let i = 0; i < 3; i++) {
    const res = await request(world.app)
      .post('/v1/replacements')
      .set('Authorization', customer)
      .set('Idempotency-Key', newKey('create'))
      .set('Prefer', 'wait=10')
      .send(replacementBody({ serialNumber: `WAITSER${i}` }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('awaiting_stock');
    expect(res.body.stockWait).toMatchObject({ ahead: i });
    // The pinned 30 days from when it started waiting, as the workflow counts them.
    expect(Date.parse(res.body.stockWait.cancelsAt) - Date.parse(res.body.stockWait.since)).toBe(30 * 86_400_000);
    waiting.push(res.body.id);
  }
  for (const id of waiting) expect(holdsOf(id)).toHaveLength(1);
  expect(await stockOf()).toEqual({ sku: SKU, name: expect.any(String), onHand: 0, reserved: 0, available: 0, waiting: 3 });

  const catalog = await request(world.app).get('/v1/catalog').set('Authorization', customer);
  const items = catalog.body.items as Array<{ sku: string; availability: unknown }>;
  expect(items.find((i) => i.sku === SKU)?.availability).toEqual({ shipsImmediately: false, waitingRequests: 3 });
  expect(items.find((i) => i.sku === 'MBA13-M4-16-512')?.availability).toEqual({ shipsImmediately: true, waitingRequests: 0 });

  // The email says the same as the answer: the hold stays, and when the wait ends.
  const emails = await eventually(
    async () => world.emails.sent.filter((e) => e.template === 'awaiting_stock'),
    (sent) => sent.length === 3,
  );
  const first = emails.find((e) => (e.data as { serviceNumber: string }).serviceNumber === waiting[0])!;
  expect(new Date((first.data as { waitEndsAt: number }).waitEndsAt).toISOString()).toBe((await view(waiting[0])).stockWait?.cancelsAt);
});

test('a receipt of 2 units wakes the two longest waiting; the third keeps waiting; one hold each', async () => {
  const key = newKey('receipt');
  const res = await receive({ quantity: 2, note: 'delivery note 4711' }, key);
  expect(res.status).toBe(201);
  expect(res.body.movement).toMatchObject({ kind: 'receipt', quantity: 2, onHandAfter: 2, note: 'delivery note 4711', actor: 'ola.lager' });
  expect(res.body.woken).toEqual([waiting[0], waiting[1]]);

  await eventually(
    () => Promise.all(waiting.map(view)),
    (vs) => vs[0].status === 'awaiting_dispatch' && vs[1].status === 'awaiting_dispatch',
  );
  const third = await view(waiting[2]);
  expect(third.status).toBe('awaiting_stock');
  expect(third.stockWait).toMatchObject({ ahead: 0 });
  for (const id of waiting) expect(holdsOf(id)).toHaveLength(1);
  expect(await stockOf()).toMatchObject({ onHand: 2, reserved: 2, available: 0, waiting: 1 });

  // The same receipt again (a retried request) adds nothing and wakes nobody new.
  const again = await receive({ quantity: 2, note: 'delivery note 4711' }, key);
  expect(again.status).toBe(200);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.body.movement.id).toBe(res.body.movement.id);
  expect(again.body.woken).toEqual([]);
  expect(await stockOf()).toMatchObject({ onHand: 2, reserved: 2 });
  // …and the same key for another request is refused.
  const reused = await receive({ quantity: 3 }, key);
  expect(reused.status).toBe(422);
  expect(reused.body.type).toContain('idempotency-key-reused');
});

test('a woken replacement that finds no unit goes back to waiting without a second hold', async () => {
  const handle = world.client.workflow.getHandle(replacementWorkflowId(waiting[2]));
  const reserveAttempts = async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = new Set(
      events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'reserveStock').map((e) => String(e.eventId)),
    );
    return events.filter((e) => scheduled.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId))).length;
  };
  const before = await reserveAttempts();
  await handle.signal(restockedSignal, { sku: SKU });
  // The signal is acted on: one more reserve, which finds no unit.
  await eventually(reserveAttempts, (n) => n === before + 1);
  const third = await view(waiting[2]);
  expect(third.status).toBe('awaiting_stock');
  expect(third.timeline.filter((e) => e.type === 'out_of_stock')).toHaveLength(1);
  expect(third.timeline.filter((e) => e.type === 'hold_authorized')).toHaveLength(1);
  expect(holdsOf(waiting[2])).toHaveLength(1);
});

test('an adjustment may not take reserved units; nothing changes and the journal says so', async () => {
  const res = await adjust({ quantity: -1, reason: 'damaged' });
  expect(res.status).toBe(409);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body.detail).toMatch(/only 0 unit\(s\) can be taken: 2 on hand, 2 reserved/);
  expect(await stockOf()).toMatchObject({ onHand: 2, reserved: 2 });
});

test('a unit found by a count correction wakes the last one waiting', async () => {
  const res = await adjust({ quantity: 1, reason: 'found', note: 'behind the shelf' });
  expect(res.status).toBe(201);
  expect(res.body.woken).toEqual([waiting[2]]);
  await eventually(
    () => view(waiting[2]),
    (v) => v.status === 'awaiting_dispatch',
  );
  expect((await view(waiting[2])).stockWait).toBeUndefined();
  expect(await stockOf()).toMatchObject({ onHand: 3, reserved: 3, waiting: 0 });

  const journal = await request(world.app).get(`/v1/warehouse/stock/${SKU}/movements`).set('Authorization', warehouse);
  expect(journal.status).toBe(200);
  expect(journal.body.items.map((m: { kind: string; quantity: number; reason: string | null }) => [m.kind, m.quantity, m.reason])).toEqual([
    ['adjustment', 1, 'found'],
    ['receipt', 2, null],
  ]);
  const paged = await request(world.app).get(`/v1/warehouse/stock/${SKU}/movements?limit=1`).set('Authorization', warehouse);
  expect(paged.body.items).toHaveLength(1);
  const rest = await request(world.app).get(`/v1/warehouse/stock/${SKU}/movements?limit=1&before=${paged.body.nextBefore}`).set('Authorization', warehouse);
  expect(rest.body.items[0].kind).toBe('receipt');
  expect(rest.body.nextBefore).toBeNull();
});

test('dispatching a woken replacement ships its unit and journals the shipment', async () => {
  const res = await request(world.app)
    .post(`/v1/replacements/${waiting[0]}/dispatch`)
    .set('Authorization', warehouse)
    .send({ replacementSerialNumber: 'RPL-STOCK-1' });
  expect(res.status).toBe(200);
  expect(await stockOf()).toMatchObject({ onHand: 2, reserved: 2 });
  const journal = await request(world.app).get(`/v1/warehouse/stock/${SKU}/movements?limit=1`).set('Authorization', warehouse);
  expect(journal.body.items[0]).toMatchObject({ kind: 'shipment', quantity: -1, onHandAfter: 2, reference: waiting[0] });
});

test('a unit given back by a cancel goes to the request waiting longest', async () => {
  const sku = 'AIRPODS-PRO-3';
  await world.inventory.restock({ sku, quantity: 1 });
  const create = async (serial: string) =>
    (
      await request(world.app)
        .post('/v1/replacements')
        .set('Authorization', customer)
        .set('Idempotency-Key', newKey('create'))
        .set('Prefer', 'wait=10')
        .send(replacementBody({ sku, serialNumber: serial }))
    ).body as ReplacementView;
  const holder = await create('PODS-HOLDER');
  const waiter = await create('PODS-WAITER');
  expect([holder.status, waiter.status]).toEqual(['awaiting_dispatch', 'awaiting_stock']);
  const cancelled = await request(world.app).post(`/v1/replacements/${holder.id}/cancel`).set('Authorization', customer).send({});
  expect(cancelled.status).toBe(200);
  await eventually(
    () => view(waiter.id),
    (v) => v.status === 'awaiting_dispatch',
  );
  expect(await stockOf(sku)).toMatchObject({ onHand: 1, reserved: 1, waiting: 0 });
});

test('a receipt is recorded even when the waiting replacements cannot be told at once (Temporal unreachable)', async () => {
  const sku = 'USBC-20W';
  const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), namespace: world.namespace });
  // A replacement in line for this SKU (as a reserve that found no unit leaves it).
  await world.inventory.reserve({ sku, reservationId: 'replacement:RMA-LINEWAITER1' });
  const app = world.variant({}, { temporal: unreachable });
  const key = newKey('receipt');
  const res = await request(app).post(`/v1/warehouse/stock/${sku}/receipts`).set('Authorization', warehouse).set('Idempotency-Key', key).send({ quantity: 1 });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ woken: [], wakePending: true, stock: { onHand: 1, waiting: 1 } });
  // Repeated once Temporal answers: nothing received twice; the waiter is told (it no longer runs here, so it leaves the line).
  const again = await receive({ quantity: 1 }, key, sku);
  expect(again.status).toBe(200);
  expect(again.body.wakePending).toBeUndefined();
  expect(await stockOf(sku)).toMatchObject({ onHand: 1, waiting: 0 });
  await unreachable.connection.close();
});

describe('bad input changes nothing', () => {
  test.each<[string, unknown, number, RegExp]>([
    ['zero units', { quantity: 0 }, 422, /at least 1 unit/],
    ['negative units', { quantity: -3 }, 422, /at least 1 unit/],
    ['a fraction', { quantity: 1.5 }, 422, /whole number/],
    ['a string', { quantity: '3' }, 422, /whole number/],
    ['a huge number', { quantity: 1e12 }, 422, /at most 10000 units/],
    ['no quantity', {}, 422, /whole number/],
    ['an unknown field', { quantity: 1, price: 5 }, 422, /price/],
  ])('a receipt with %s', async (_case, body, status, detail) => {
    const before = await stockOf();
    const res = await receive(body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.body)).toMatch(detail);
    expect(await stockOf()).toEqual(before);
  });

  test.each<[string, unknown, RegExp]>([
    ['no reason', { quantity: -1 }, /reason/],
    ['an unknown reason', { quantity: -1, reason: 'stolen-by-aliens' }, /reason/],
    ['zero units', { quantity: 0, reason: 'found' }, /positive or negative/],
  ])('an adjustment with %s', async (_case, body, detail) => {
    const res = await adjust(body);
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toMatch(detail);
  });

  test('an unknown SKU is a 404 that points at the catalog', async () => {
    const res = await receive({ quantity: 1 }, newKey('r'), 'NO-SUCH-SKU');
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(/no product with SKU NO-SUCH-SKU.*GET \/v1\/catalog/);
  });

  test('without an Idempotency-Key nothing is received', async () => {
    const before = await stockOf();
    const res = await request(world.app).post(`/v1/warehouse/stock/${SKU}/receipts`).set('Authorization', warehouse).send({ quantity: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'header.Idempotency-Key' })]);
    expect(await stockOf()).toEqual(before);
  });

  test('customers and finance cannot receive stock', async () => {
    for (const who of [customer, await bearer('finance', 'fin')]) {
      const res = await request(world.app)
        .post(`/v1/warehouse/stock/${SKU}/receipts`)
        .set('Authorization', who)
        .set('Idempotency-Key', newKey('r'))
        .send({ quantity: 1 });
      expect(res.status).toBe(403);
    }
  });
});
