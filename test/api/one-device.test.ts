// One device, one open replacement, across customers and API instances: a second request for a
// device (compared trimmed and upper-cased) is refused with 409 while the first is open — its owner
// is told which one, anyone else only that there is one — also when 20 requests race through two
// API instances (one replacement, one hold, one reservation); once it has ended the device is free.
import request from 'supertest';
import type { Express } from 'express';
import { bearer, createApiWorld, eventually, type ApiWorld } from './support/api-world';
import { newSerial, replacementBody } from './support/requests';
import type { ReplacementView } from '../../workflows/definitions';

jest.setTimeout(90_000);

let world: ApiWorld;
let secondInstance: Express;
let kari: string;
let nora: string;

beforeAll(async () => {
  world = await createApiWorld();
  // Another API instance: its own app and Temporal client state, the same database and cluster.
  secondInstance = world.variant();
  kari = await bearer('customer', 'kari');
  nora = await bearer('customer', 'nora');
});
afterAll(async () => {
  await world?.close();
});

let keys = 0;
const create = (who: string, serialNumber: string, app: Express = world.app, key = `device-${Date.now()}-${++keys}-key`) =>
  request(app).post('/v1/replacements').set('Authorization', who).set('Idempotency-Key', key).set('Prefer', 'wait=10').send(replacementBody({ serialNumber }));
const view = async (id: string): Promise<ReplacementView> => (await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', kari)).body;
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
    const res = await eventually(() => create(nora, serial), (r) => r.status === 201);
    expect(res.body.status).toBe('awaiting_dispatch');
    // …and the receipt of the new one still matches the original unit's serial.
    expect((await view(first)).status).toBe('cancelled');
  });
});

test('20 requests for one device at once, through two API instances, start one replacement with one hold and one unit', async () => {
  const serial = newSerial();
  const sku = 'IP17P-256';
  const before = await world.inventory.level(sku);
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => create(i % 3 === 0 ? nora : kari, serial, i % 2 === 0 ? world.app : secondInstance)),
  );
  const created = results.filter((r) => r.status === 201);
  expect({ created: created.length, refused: results.filter((r) => r.status === 409).length }).toEqual({ created: 1, refused: 19 });
  const id = created[0].body.id as string;
  expect(created[0].body.status).toBe('awaiting_dispatch');
  expect(holdsOf(id)).toHaveLength(1);
  // No other replacement exists for it: every refusal named the one that was created, or none.
  for (const r of results.filter((x) => x.status === 409)) expect([undefined, id]).toContain(r.body.existingId);
  expect(world.payment.listAuthorizations().filter((a) => a.metadata.replacement_id !== undefined && results.some((r) => r.body.id === a.metadata.replacement_id))).toHaveLength(1);
  expect((await world.inventory.level(sku)).reserved).toBe(before.reserved + 1);
});

test('a claim whose replacement never started is given up after a minute, not before', async () => {
  const young = newSerial();
  const old = newSerial();
  await world.db.pool.query(`INSERT INTO device_claims (serial, replacement_id, customer_sub, claimed_at) VALUES ($1, 'RMA-NEVERSTARTED1', 'ghost', now())`, [young]);
  await world.db.pool.query(`INSERT INTO device_claims (serial, replacement_id, customer_sub, claimed_at) VALUES ($1, 'RMA-NEVERSTARTED2', 'ghost', now() - interval '2 minutes')`, [old]);
  expect((await create(kari, young)).status).toBe(409);
  const res = await create(kari, old);
  expect(res.status).toBe(201);
  const { rows } = await world.db.pool.query('SELECT replacement_id FROM device_claims WHERE serial = $1', [old]);
  expect(rows).toEqual([{ replacement_id: res.body.id }]);
});

test('a declined or ineligible request does not keep the device', async () => {
  const serial = newSerial();
  const declined = await request(world.app)
    .post('/v1/replacements')
    .set('Authorization', kari)
    .set('Idempotency-Key', `device-declined-${Date.now()}-key`)
    .set('Prefer', 'wait=10')
    .send(replacementBody({ serialNumber: serial, paymentMethodId: 'pm_card_chargeDeclined' }));
  expect(declined.body.status).toBe('declined');
  const again = await eventually(() => create(kari, serial), (r) => r.status === 201);
  expect(again.body.status).toBe('awaiting_dispatch');
});
