// `Prefer: wait=N` (RFC 7240) on POST /v1/replacements, through HTTP against the real workflow and
// activities on the dev server: the answer comes once the hold is decided and carries the full
// replacement; without the preference (or with one that cannot be used) the answer is as before.
import request from 'supertest';
import { createdReplacementSchema, replacementViewSchema } from '../../src/api/schemas';
import { bearer, useApiWorld, type ApiWorld } from './support/api-world';
import { replacementBody, serialFor } from './support/requests';

jest.setTimeout(60_000);

const world = useApiWorld();
let kari: string;

beforeAll(async () => {
  kari = await bearer('customer', 'kari');
});

let keyCounter = 0;
const newKey = () => `prefer-${Date.now()}-${++keyCounter}-abcdef`;

function create(opts: { prefer?: string | string[]; key?: string; body?: Record<string, unknown>; app?: ApiWorld['app'] } = {}) {
  const key = opts.key ?? newKey();
  let req = request(opts.app ?? world.app)
    .post('/v1/replacements')
    .set('Authorization', kari)
    .set('Idempotency-Key', key);
  for (const p of [opts.prefer ?? []].flat()) req = req.set('Prefer', p);
  return req.send(replacementBody({ serialNumber: serialFor(key), ...opts.body }));
}

describe('with Prefer: wait', () => {
  it('answers 201 with the full replacement once the hold is placed and stock reserved', async () => {
    const res = await create({ prefer: 'wait=10' });
    expect(res.status).toBe(201);
    expect(res.headers['preference-applied']).toBe('wait=10');
    const view = replacementViewSchema.parse(res.body);
    expect(view).toMatchObject({ status: 'awaiting_dispatch', holdAmount: 1_599_000, hold: { state: 'active' }, customer: { sub: 'kari' } });
    expect(view.hold.authorizationId).toMatch(/^pi_/);
    expect(view.dispatchDueBy).not.toBeNull();
    expect(res.body.href).toBe(`/v1/replacements/${view.id}`);
    expect(res.headers.location).toBe(res.body.href);
  });

  it('answers 201 with the decline when the card is declined', async () => {
    const res = await create({ prefer: 'wait=10', body: { paymentMethodId: 'pm_card_chargeDeclined' } });
    expect(res.status).toBe(201);
    expect(res.headers['preference-applied']).toBe('wait=10');
    const view = replacementViewSchema.parse(res.body);
    expect(view.status).toBe('declined');
    expect(view.declineReason).toMatch(/declined/i);
    expect(view.hold.state).toBe('none');
  });

  it('answers 201 with the refusal when the request is not eligible', async () => {
    const res = await create({ prefer: 'wait=10', body: { purchaseDate: '2019-01-15' } });
    expect(res.status).toBe(201);
    const view = replacementViewSchema.parse(res.body);
    expect(view.status).toBe('ineligible');
    expect(view.ineligibleReason).toEqual(expect.any(String));
  });

  it('answers a retry with the same key 200 with the replacement as it is now', async () => {
    const key = newKey();
    const first = await create({ key, prefer: 'wait=10' });
    expect(first.status).toBe(201);
    const retry = await create({ key, prefer: 'wait=10' });
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['preference-applied']).toBe('wait=10');
    expect(replacementViewSchema.parse(retry.body)).toMatchObject({ id: first.body.id, status: 'awaiting_dispatch' });
  });

  it('caps the wait at 10 seconds and says so', async () => {
    const res = await create({ prefer: 'wait=3600' });
    expect(res.status).toBe(201);
    expect(res.headers['preference-applied']).toBe('wait=10');
    expect(res.body.status).toBe('awaiting_dispatch');
  });

  it('finds wait among other preferences and parameters, in any case, in any Prefer header', async () => {
    const res = await create({ prefer: ['respond-async', 'handling=lenient; foo="a,b", WAIT = "5"'] });
    expect(res.status).toBe(201);
    expect(res.headers['preference-applied']).toBe('wait=5');
    expect(res.body.status).toBe('awaiting_dispatch');
  });

  it('answers 202 with where to follow it when the hold is not decided within the wait', async () => {
    // A task queue no worker polls: the replacement starts, but nothing decides its hold.
    const app = world.variant({ TEMPORAL_TASK_QUEUE: `no-worker-${Date.now()}` });
    const res = await create({ app, prefer: 'wait=1' });
    expect(res.status).toBe(202);
    expect(res.headers['preference-applied']).toBe('wait=1');
    expect(createdReplacementSchema.strict().parse(res.body)).toEqual({
      id: expect.stringMatching(/^RMA-/),
      status: 'pending_authorization',
      href: `/v1/replacements/${res.body.id}`,
    });
    expect(res.headers.location).toBe(res.body.href);
    // It was started: a retry finds it rather than starting another.
    const described = await world.client.workflow.getHandle(`replacement:${res.body.id}`).describe();
    expect(described.status.name).toBe('RUNNING');
  });
});

describe('without a usable Prefer: wait', () => {
  it.each([
    ['no Prefer header', undefined],
    ['another preference only', 'respond-async'],
    ['a wait that is not a number', 'wait=soon'],
    ['a negative wait', 'wait=-1'],
    ['a fractional wait', 'wait=1.5'],
    ['a wait of zero', 'wait=0'],
    ['a preference that is not a token', 'wait 5'],
  ])('%s: answers 201 at once with the id and pending status, as always', async (_what, prefer) => {
    const res = await create({ prefer });
    expect(res.status).toBe(201);
    expect(res.headers['preference-applied']).toBeUndefined();
    expect(createdReplacementSchema.strict().parse(res.body)).toEqual({
      id: expect.stringMatching(/^RMA-/),
      status: 'pending_authorization',
      href: `/v1/replacements/${res.body.id}`,
    });
  });
});
