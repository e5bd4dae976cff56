// One device, one open replacement, across customers and API instances: a second request for a
// device (compared trimmed and upper-cased) is refused with 409 while the first is open — its owner
// is told which one, anyone else only that there is one — also when 20 requests race through two
// API instances (one replacement, one hold, one reservation); once it has ended the device is free.
import request from 'supertest';
import type { Express } from 'express';
import { bearer, eventually, useApiWorld } from './support/api-world';
import { newSerial, replacementBody } from './support/requests';
import type { ReplacementView } from '../../workflows/definitions';
import { POLICY_VERSIONS } from '../../src/domain/policy';

jest.setTimeout(90_000);

// The shipped policy, limits included.
const world = useApiWorld({ policyVersions: POLICY_VERSIONS });
let secondInstance: Express;
let kari: string;
let nora: string;

beforeAll(async () => {
  // Another API instance: its own app and Temporal client state, the same database and cluster.
  secondInstance = world.variant();
  kari = await bearer('customer', 'kari');
  nora = await bearer('customer', 'nora');
});

let keys = 0;
let customers = 0;
/** A customer of their own per test: the merchant's limit of open replacements is per customer. */
const someone = () => bearer('customer', `customer-${++customers}`);
const create = (who: string, serialNumber: string, app: Express = world.app, key = `device-${Date.now()}-${++keys}-key`) =>
  request(app).post('/v1/replacements').set('Authorization', who).set('Idempotency-Key', key).set('Prefer', 'wait=10').send(replacementBody({ serialNumber }));
const view = async (id: string): Promise<ReplacementView> =>
  (
    await request(world.app)
      .get(`/v1/replacements/${id}`)
      .set('Authorization', await bearer('admin', 'root'))
  ).body;
const holdsOf = (id: string) => world.payment.listAuthorizations({ metadata: { replacement_id: id } });

describe('a device with an open replacement', () => {
  const serial = newSerial();
  let first: string;

  beforeAll(async () => {
    const res = await create(kari, serial);
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('awaiting_dispatch');
    first = res.body.id;
  });

  it('refuses the owner a second one, naming the open service number', async () => {
    const res = await create(kari, serial);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: '/docs#problem-device-has-open-replacement', existingId: first });
    expect(res.body.detail).toContain(first);
  });

  it('compares serials trimmed and upper-cased', async () => {
    const res = await create(kari, `  ${serial.toLowerCase()} `);
    expect(res.status).toBe(409);
    expect(res.body.existingId).toBe(first);
  });

  it('refuses another customer without telling them whose replacement it is', async () => {
    const res = await create(nora, serial);
    expect(res.status).toBe(409);
    expect(res.body.existingId).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain(first);
    expect(res.body.detail).toMatch(/already has an open replacement/);
  });

  it('still answers a retry of the first request with the first replacement', async () => {
    const key = `device-retry-${Date.now()}-key`;
    const body = replacementBody({ serialNumber: newSerial() });
    const a = await request(world.app).post('/v1/replacements').set('Authorization', kari).set('Idempotency-Key', key).send(body);
    const b = await request(secondInstance).post('/v1/replacements').set('Authorization', kari).set('Idempotency-Key', key).send(body);
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body.id).toBe(a.body.id);
  });

  it('is free again once the replacement has ended, for anyone', async () => {
    const cancelled = await request(world.app).post(`/v1/replacements/${first}/cancel`).set('Authorization', kari).send({});
    expect(cancelled.status).toBe(200);
    const res = await eventually(
      () => create(nora, serial),
      (r) => r.status === 201,
    );
    expect(res.body.status).toBe('awaiting_dispatch');
    // …and the receipt of the new one still matches the original unit's serial.
    expect((await view(first)).status).toBe('cancelled');
  });
});

test('20 requests for one device at once, through two API instances, start one replacement with one hold and one unit', async () => {
  const serial = newSerial();
  const sku = 'IP17P-256';
  const before = await world.inventory.level(sku);
  const [a, b] = [await someone(), await someone()];
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => create(i % 3 === 0 ? a : b, serial, i % 2 === 0 ? world.app : secondInstance)));
  const created = results.filter((r) => r.status === 201);
  expect({ created: created.length, refused: results.filter((r) => r.status === 409).length }).toEqual({ created: 1, refused: 19 });
  const id = created[0].body.id as string;
  expect(created[0].body.status).toBe('awaiting_dispatch');
  expect(holdsOf(id)).toHaveLength(1);
  // No other replacement exists for it: every refusal named the one that was created, or none.
  for (const r of results.filter((x) => x.status === 409)) expect([undefined, id]).toContain(r.body.existingId);
  expect(
    world.payment.listAuthorizations().filter((a) => a.metadata.replacement_id !== undefined && results.some((r) => r.body.id === a.metadata.replacement_id)),
  ).toHaveLength(1);
  expect((await world.inventory.level(sku)).reserved).toBe(before.reserved + 1);
});

test('a claim whose replacement never started is given up after a minute, not before', async () => {
  const young = newSerial();
  const old = newSerial();
  await world.db.pool.query(`INSERT INTO device_claims (serial, replacement_id, customer_sub, claimed_at) VALUES ($1, 'RMA-NEVERSTARTED1', 'ghost', now())`, [
    young,
  ]);
  await world.db.pool.query(
    `INSERT INTO device_claims (serial, replacement_id, customer_sub, claimed_at) VALUES ($1, 'RMA-NEVERSTARTED2', 'ghost', now() - interval '2 minutes')`,
    [old],
  );
  const me = await someone();
  expect((await create(me, young)).status).toBe(409);
  const res = await create(me, old);
  expect(res.status).toBe(201);
  const { rows } = await world.db.pool.query('SELECT replacement_id FROM device_claims WHERE serial = $1', [old]);
  expect(rows).toEqual([{ replacement_id: res.body.id }]);
});

test('a declined or ineligible request does not keep the device', async () => {
  const serial = newSerial();
  const me = await someone();
  const declined = await request(world.app)
    .post('/v1/replacements')
    .set('Authorization', me)
    .set('Idempotency-Key', `device-declined-${Date.now()}-key`)
    .set('Prefer', 'wait=10')
    .send(replacementBody({ serialNumber: serial, paymentMethodId: 'pm_card_chargeDeclined' }));
  expect(declined.body.status).toBe('declined');
  const again = await eventually(
    () => create(me, serial),
    (r) => r.status === 201,
  );
  expect(again.body.status).toBe('awaiting_dispatch');
});

describe('the merchant’s limits', () => {
  it('refuses a customer a fourth open replacement (the shipped policy allows 3), and allows it once one has ended', async () => {
    const lina = await bearer('customer', 'lina');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await create(lina, newSerial());
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const fourth = await create(lina, newSerial());
    expect(fourth.status).toBe(409);
    expect(fourth.body).toMatchObject({ type: '/docs#problem-too-many-open-replacements', open: 3, limit: 3 });
    expect(fourth.body.detail).toMatch(/already have 3 open replacements, the most this merchant allows at once \(3\)/);
    expect(world.payment.listAuthorizations({ customerId: undefined }).filter((a) => a.metadata.replacement_id === fourth.body.id)).toHaveLength(0);

    expect((await request(world.app).post(`/v1/replacements/${ids[0]}/cancel`).set('Authorization', lina).send({})).status).toBe(200);
    const again = await eventually(
      () => create(lina, newSerial()),
      (r) => r.status === 201,
    );
    expect(again.body.status).toBe('awaiting_dispatch');
  });

  it('holds under concurrency: 6 requests at once from one customer through two instances start exactly 3', async () => {
    const mona = await bearer('customer', 'mona');
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => create(mona, newSerial(), i % 2 ? secondInstance : world.app)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
  });
});

describe('review before the unit ships', () => {
  const warehouse = () => bearer('warehouse', 'ola.lager');
  const queue = async (filter?: 'required' | 'clear') =>
    (
      await request(world.app)
        .get(`/v1/warehouse/dispatch-queue${filter ? `?review=${filter}` : ''}`)
        .set('Authorization', await warehouse())
    ).body.items as Array<{
      id: string;
      reviewRequired: boolean;
    }>;

  it('sends a request for a serial the warehouse flagged as counterfeit to review; a rejection releases the hold', async () => {
    const serial = newSerial();
    const flagged = await request(world.app)
      .post('/v1/warehouse/flagged-devices')
      .set('Authorization', await warehouse())
      .send({ serialNumber: ` ${serial.toLowerCase()}`, reason: 'counterfeit', note: 'fake IMEI sticker' });
    expect(flagged.status).toBe(201);
    expect(flagged.body).toMatchObject({ serial, reason: 'counterfeit', flaggedBy: 'ola.lager' });
    const listed = await request(world.app)
      .get('/v1/warehouse/flagged-devices')
      .set('Authorization', await warehouse());
    expect(listed.body.items.map((d: { serial: string }) => d.serial)).toContain(serial);

    const res = await create(await someone(), serial);
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const waiting = await eventually(
      () => view(id),
      (v) => v.flags.includes('review_required') && v.status === 'awaiting_dispatch',
    );
    expect(waiting.review).toMatchObject({ state: 'pending', findings: [{ reason: 'known_counterfeit' }] });
    await eventually(queue, (items) => items.some((i) => i.id === id && i.reviewRequired));
    expect((await queue('required')).map((i) => i.id)).toContain(id);
    expect((await queue('clear')).map((i) => i.id)).not.toContain(id);

    const dispatch = await request(world.app)
      .post(`/v1/replacements/${id}/dispatch`)
      .set('Authorization', await warehouse())
      .send({ replacementSerialNumber: 'RPL-REVIEW-1' });
    expect(dispatch.status).toBe(409);
    expect(dispatch.body.detail).toMatch(/waits for review/);
    // Only staff decide.
    expect((await request(world.app).post(`/v1/replacements/${id}/review`).set('Authorization', kari).send({ decision: 'approve' })).status).toBe(403);

    const rejected = await request(world.app)
      .post(`/v1/replacements/${id}/review`)
      .set('Authorization', await warehouse())
      .send({ decision: 'reject', note: 'not a genuine unit' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'cancelled', hold: { state: 'released' }, review: { state: 'rejected', decidedBy: 'ola.lager' } });
    expect(rejected.body.timeline).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'review_rejected', actor: { sub: 'ola.lager', role: 'warehouse' } })]),
    );
    expect(world.payment.liveAuthorizations({ metadata: { replacement_id: id } })).toHaveLength(0);
  });

  it('sends a unit already returned under another replacement to review; an approval lets it ship', async () => {
    const serial = newSerial();
    const wh = await warehouse();
    const first = (await create(await someone(), serial)).body.id as string;
    await request(world.app)
      .post(`/v1/replacements/${first}/dispatch`)
      .set('Authorization', wh)
      .send({ replacementSerialNumber: 'RPL-RETURNED-1' })
      .expect(200);
    await request(world.app).post(`/v1/replacements/${first}/receipt`).set('Authorization', wh).send({ serialNumber: serial }).expect(200);
    await request(world.app).post(`/v1/replacements/${first}/inspection`).set('Authorization', wh).send({ outcome: 'covered', notes: 'faulty' }).expect(200);

    // The returned unit is the merchant's now; someone asks to replace it again.
    const other = await someone();
    const second = await eventually(
      () => create(other, serial),
      (r) => r.status === 201,
    );
    const id = second.body.id as string;
    const waiting = await eventually(
      () => view(id),
      (v) => v.flags.includes('review_required') && v.status === 'awaiting_dispatch',
    );
    expect(waiting.review?.findings).toEqual([{ reason: 'returned_before', detail: expect.stringContaining(first) }]);
    // Staff see the device's earlier replacement beside it; the customer does not.
    expect((waiting as ReplacementView & { related?: unknown[] }).related).toEqual([
      expect.objectContaining({ id: first, status: 'completed', sameDevice: true, sameCustomer: false }),
    ]);
    const asCustomer = await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', other);
    expect(asCustomer.body.related).toBeUndefined();
    const approved = await request(world.app)
      .post(`/v1/replacements/${id}/review`)
      .set('Authorization', wh)
      .send({ decision: 'approve', note: 'refurbished unit sold on' });
    expect(approved.status).toBe(200);
    expect(approved.body.flags).not.toContain('review_required');
    const again = await request(world.app).post(`/v1/replacements/${id}/review`).set('Authorization', wh).send({ decision: 'reject' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already been decided/);
    const shipped = await request(world.app)
      .post(`/v1/replacements/${id}/dispatch`)
      .set('Authorization', wh)
      .send({ replacementSerialNumber: 'RPL-RETURNED-2' });
    expect(shipped.status).toBe(200);
  });
});
