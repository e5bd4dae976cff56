// Whole replacement lifecycles, driven two ways: the ceiling workflow straight through the
// Temporal client, and the real service through its HTTP API — same steps, same concurrency.
import { deriveServiceNumber } from '../../src/api/service-number';
import type { Role } from '../../src/domain/vocabulary';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { SignJWT } from 'jose';
import { replacementWorkflowId, type ReplacementView } from '../../workflows/definitions';
import { CEILING_WORKFLOW_TYPE, ceilingDispatch, ceilingHoldDecision, ceilingInspection, ceilingReceipt } from '../ceiling/workflows';
import { CEILING_QUEUE, JWT_SECRET } from './stack';
import { delay } from './procs';
import { median, percentile, round } from './stats';

export interface LifecycleResult {
  id: string;
  ok: boolean;
  error?: string;
  /** Milliseconds per step, in order. */
  steps: Record<string, number>;
  /** GET polls until the replacement was in the dispatch queue (API lifecycles only): 0 when the create's wait sufficed. */
  polls?: number;
  /** Of those, how many answered 503 (a query that missed the API's deadline) and were retried. */
  unavailable?: number;
}

export interface RunSummary {
  n: number;
  concurrency: number;
  completed: number;
  failed: number;
  errors: string[];
  wallS: number;
  lifecyclesPerS: number;
  latencyMs: { p50: number; p99: number };
  /** Median milliseconds of each step. */
  stepsMedianMs: Record<string, number>;
  pollsPerLifecycle?: number;
  /** GETs answered 503 and retried, over the whole run. */
  unavailable?: number;
}

/** Runs `n` lifecycles with at most `concurrency` in flight; the clock covers all of them. */
export async function runPool(
  n: number,
  concurrency: number,
  one: (i: number) => Promise<LifecycleResult>,
): Promise<{ results: LifecycleResult[]; wallS: number }> {
  const results: LifecycleResult[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        results.push(await one(i));
      }
    }),
  );
  return { results, wallS: (performance.now() - t0) / 1000 };
}

export function summarize(n: number, concurrency: number, run: { results: LifecycleResult[]; wallS: number }): RunSummary {
  const ok = run.results.filter((r) => r.ok);
  const totals = ok.map((r) => Object.values(r.steps).reduce((a, b) => a + b, 0));
  const stepNames = Object.keys(ok[0]?.steps ?? {});
  const polls = ok.map((r) => r.polls).filter((p): p is number => p !== undefined);
  return {
    n,
    concurrency,
    completed: ok.length,
    failed: run.results.length - ok.length,
    errors: [...new Set(run.results.filter((r) => !r.ok).map((r) => r.error ?? 'unknown'))].slice(0, 5),
    wallS: round(run.wallS, 3),
    lifecyclesPerS: round(ok.length / run.wallS),
    latencyMs: { p50: round(median(totals), 1), p99: round(percentile(totals, 99), 1) },
    stepsMedianMs: Object.fromEntries(stepNames.map((s) => [s, round(median(ok.map((r) => r.steps[s])), 1)])),
    ...(polls.length
      ? {
          pollsPerLifecycle: round(polls.reduce((a, b) => a + b, 0) / polls.length, 2),
          unavailable: run.results.reduce((a, r) => a + (r.unavailable ?? 0), 0),
        }
      : {}),
  };
}

/** Times each awaited step of one lifecycle. */
function stepper() {
  const steps: Record<string, number> = {};
  let last = performance.now();
  return {
    steps,
    mark(name: string) {
      const now = performance.now();
      steps[name] = round(now - last, 2);
      last = now;
    },
  };
}

// ---- the ceiling -----------------------------------------------------------------------------

export function ceilingLifecycle(client: Client, runId: string) {
  return async (i: number): Promise<LifecycleResult> => {
    const id = `ceiling-${runId}-${i}`;
    const s = stepper();
    try {
      // Start and wait for the hold decision in one call, as the API does for `Prefer: wait`.
      const startWorkflowOperation = new WithStartWorkflowOperation(CEILING_WORKFLOW_TYPE, {
        taskQueue: CEILING_QUEUE,
        workflowId: id,
        workflowIdConflictPolicy: 'FAIL',
      });
      if ((await client.workflow.executeUpdateWithStart(ceilingHoldDecision, { startWorkflowOperation })) !== 'queued') throw new Error('not queued');
      const handle = await startWorkflowOperation.workflowHandle();
      s.mark('create');
      await handle.executeUpdate(ceilingDispatch);
      s.mark('dispatch');
      await handle.executeUpdate(ceilingReceipt);
      s.mark('receipt');
      await handle.executeUpdate(ceilingInspection);
      s.mark('inspection');
      const result = await handle.result();
      s.mark('close');
      return { id, ok: result === 'completed', steps: s.steps, error: result === 'completed' ? undefined : `ended ${result}` };
    } catch (err) {
      return { id, ok: false, steps: s.steps, error: String(err).slice(0, 300) };
    }
  };
}

// ---- the service through its API --------------------------------------------------------------

export async function benchToken(role: Role, sub: string): Promise<string> {
  const jwt = await new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(JWT_SECRET));
  return `Bearer ${jwt}`;
}

/**
 * Each replacement has a customer of its own: the merchant's limit on open replacements per
 * customer (and the per-customer rate limit) would otherwise cap the load at a handful.
 */
export const customerOf = (key: string) => `bench-${key}`;
export const customerToken = (key: string) => benchToken('customer', customerOf(key));

/** The service number a create with `key` gets (the API derives it from the customer and the key). */
export const serviceNumberOf = (key: string) => deriveServiceNumber(customerOf(key), key);

/** Each replacement is for a device of its own (one open replacement per device): named after its service number. */
export const deviceSerialOf = (serviceNumber: string) => `SN${serviceNumber.replace(/^RMA-/, '')}`;

export function replacementBody(serialNumber: string): Record<string, unknown> {
  return {
    sku: 'IP17P-256',
    serialNumber,
    purchaseDate: new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10),
    issueDescription: 'Display flickers and goes black',
    coverage: 'warranty',
    serviceLevel: 'standard',
    paymentMethodId: 'pm_card_visa',
    email: 'kari.nordmann@example.no',
    locale: 'nb',
    shippingAddress: { name: 'Kari Nordmann', line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' },
    acceptTerms: true,
  };
}

export interface ApiActors {
  warehouse: string;
  finance: string;
}

export async function apiActors(): Promise<ApiActors> {
  return {
    warehouse: await benchToken('warehouse', 'bench-warehouse'),
    finance: await benchToken('finance', 'bench-finance'),
  };
}

async function call(url: string, method: 'GET' | 'POST', auth: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method,
    headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(90_000),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json: json as Record<string, unknown> | null, text };
}

function expectStatus(what: string, got: { status: number; text: string }, want: number[]) {
  if (!want.includes(got.status)) throw new Error(`${what}: HTTP ${got.status} ${got.text.slice(0, 200)}`);
}

/** The create's `Prefer: wait` (RFC 7240), in seconds: the API's maximum. */
export const CREATE_WAIT_S = 10;

/**
 * POST create with `Prefer: wait`, which answers once the hold is decided; only when it answers
 * 202 (not decided within the wait), GET until the replacement is in the dispatch queue.
 */
export async function createUntilQueued(
  api: string,
  actors: ApiActors,
  key: string,
  pollMs: number,
  s = stepper(),
): Promise<{ id: string; polls: number; unavailable: number }> {
  const customer = await customerToken(key);
  const created = await call(`${api}/v1/replacements`, 'POST', customer, replacementBody(deviceSerialOf(serviceNumberOf(key))), {
    'idempotency-key': key,
    prefer: `wait=${CREATE_WAIT_S}`,
  });
  expectStatus('create', created, [201, 202]);
  const id = String(created.json?.id);
  s.mark('create');
  let polls = 0;
  let unavailable = 0;
  const createdAt = Date.now();
  const deadline = createdAt + 120_000;
  if (created.status === 201) {
    const status = (created.json as unknown as ReplacementView).status;
    if (status !== 'awaiting_dispatch') throw new Error(`replacement ${id} ended up ${status} instead of awaiting_dispatch`);
  }
  while (created.status === 202) {
    const sent = Date.now();
    const got = await call(`${api}/v1/replacements/${id}`, 'GET', customer);
    polls += 1;
    // 503 says "try again shortly", and a client does; each one is counted in the report.
    if (got.status === 503 && Date.now() < deadline) {
      unavailable += 1;
      continue;
    }
    expectStatus(`get #${polls} (${sent - createdAt} ms after create, answered in ${Date.now() - sent} ms)`, got, [200]);
    const status = (got.json as unknown as ReplacementView).status;
    if (status === 'awaiting_dispatch') break;
    if (status !== 'pending_authorization') throw new Error(`replacement ${id} ended up ${status} instead of awaiting_dispatch`);
    if (Date.now() > deadline) throw new Error(`replacement ${id} not in the dispatch queue within 120 s`);
    await delay(pollMs);
  }
  s.mark('wait');
  return { id, polls, unavailable };
}

export async function staffStep(api: string, actors: ApiActors, id: string, step: 'dispatch' | 'receipt' | 'inspection', i: number) {
  const body =
    step === 'dispatch'
      ? { replacementSerialNumber: `RPL-${i}` }
      : step === 'receipt'
        ? { serialNumber: deviceSerialOf(id) }
        : { outcome: 'no_fault_found', notes: 'Works on the bench' };
  const res = await call(`${api}/v1/replacements/${id}/${step}`, 'POST', actors.warehouse, body);
  expectStatus(step, res, [200]);
  return (res.json as unknown as ReplacementView).status;
}

export const STAFF_BODIES = {
  dispatch: (i: number) => JSON.stringify({ replacementSerialNumber: `RPL-${i}` }),
  receipt: (id: string) => JSON.stringify({ serialNumber: deviceSerialOf(id) }),
  inspection: () => JSON.stringify({ outcome: 'no_fault_found', notes: 'Works on the bench' }),
} as const;

export function apiLifecycle(api: string, actors: ApiActors, client: Client, runId: string, pollMs: number) {
  return async (i: number): Promise<LifecycleResult> => {
    const s = stepper();
    let id = `(not created) ${i}`;
    try {
      const queued = await createUntilQueued(api, actors, `bench-${runId}-${i}`, pollMs, s);
      id = queued.id;
      if ((await staffStep(api, actors, id, 'dispatch', i)) !== 'dispatched') throw new Error('dispatch did not leave it dispatched');
      s.mark('dispatch');
      if ((await staffStep(api, actors, id, 'receipt', i)) !== 'awaiting_inspection') throw new Error('receipt did not leave it awaiting inspection');
      s.mark('receipt');
      if ((await staffStep(api, actors, id, 'inspection', i)) !== 'completed') throw new Error('inspection did not complete it');
      s.mark('inspection');
      // The workflow still sends the settlement email before it closes; that is part of the lifecycle.
      const view = (await client.workflow.getHandle(replacementWorkflowId(id)).result()) as ReplacementView;
      s.mark('close');
      const ok = view.status === 'completed' && view.resolution === 'fee_charged';
      return {
        id,
        ok,
        steps: s.steps,
        polls: queued.polls,
        unavailable: queued.unavailable,
        error: ok ? undefined : `closed ${view.status}/${view.resolution}`,
      };
    } catch (err) {
      return { id, ok: false, steps: s.steps, error: String(err).slice(0, 300) };
    }
  };
}

// ---- what a lifecycle costs Temporal -----------------------------------------------------------

export interface HistoryShape {
  sampled: number;
  events: number;
  workflowTasks: number;
  activities: number;
  timers: number;
  updates: number;
  signals: number;
  searchAttributeUpserts: number;
  /** Median milliseconds, from event timestamps: waiting for a worker, and the worker's own time. */
  activityScheduleToStartMs: number;
  activityStartToCloseMs: number;
  workflowTaskScheduleToStartMs: number;
  workflowTaskStartToCloseMs: number;
}

/** Median counts over a sample of closed workflows' histories. */
export async function historyShape(client: Client, workflowIds: string[], sample = 30): Promise<HistoryShape> {
  const picked = workflowIds.slice(0, sample);
  const counts = await Promise.all(
    picked.map(async (wid) => {
      const history = await client.workflow.getHandle(wid).fetchHistory();
      const events = history.events ?? [];
      const types = events.map((e) => Number(e.eventType));
      const count = (t: number) => types.filter((x) => x === t).length;
      const at = new Map(events.map((e) => [Number(e.eventId), optionalTsToMs(e.eventTime) ?? 0]));
      const gaps = (type: number, from: (e: (typeof events)[number]) => unknown) =>
        events.filter((e) => Number(e.eventType) === type).map((e) => (at.get(Number(e.eventId)) ?? 0) - (at.get(Number(from(e))) ?? 0));
      // EventType numbers of the Temporal API.
      return {
        events: types.length,
        workflowTasks: count(7),
        activities: count(10),
        timers: count(17),
        updates: count(41),
        signals: count(26),
        searchAttributeUpserts: count(40),
        activityScheduleToStart: gaps(11, (e) => e.activityTaskStartedEventAttributes?.scheduledEventId),
        activityStartToClose: gaps(12, (e) => e.activityTaskCompletedEventAttributes?.startedEventId),
        workflowTaskScheduleToStart: gaps(6, (e) => e.workflowTaskStartedEventAttributes?.scheduledEventId),
        workflowTaskStartToClose: gaps(7, (e) => e.workflowTaskCompletedEventAttributes?.startedEventId),
      };
    }),
  );
  type Counted = Omit<(typeof counts)[number], `${string}To${string}`>;
  const med = (k: keyof Counted) => median(counts.map((c) => c[k]));
  const medAll = (k: 'activityScheduleToStart' | 'activityStartToClose' | 'workflowTaskScheduleToStart' | 'workflowTaskStartToClose') =>
    round(median(counts.flatMap((c) => c[k])), 1);
  return {
    sampled: picked.length,
    events: med('events'),
    workflowTasks: med('workflowTasks'),
    activities: med('activities'),
    timers: med('timers'),
    updates: med('updates'),
    signals: med('signals'),
    searchAttributeUpserts: med('searchAttributeUpserts'),
    activityScheduleToStartMs: medAll('activityScheduleToStart'),
    activityStartToCloseMs: medAll('activityStartToClose'),
    workflowTaskScheduleToStartMs: medAll('workflowTaskScheduleToStart'),
    workflowTaskStartToCloseMs: medAll('workflowTaskStartToClose'),
  };
}
