// `npm run test:chaos`: 200 concurrent replacements through the HTTP API of the real processes
// (Temporal dev server, Mailpit, embedded PostgreSQL, worker, API) while the worker is SIGKILLed five times, the Temporal dev server restarts once on its persisted
// state, the payment sandbox injects faults and SMTP is down for two minutes. Then every
// invariant is checked against the service's own records; exit code 1 if any failed.
//
//   CHAOS_SEED=123 npm run test:chaos        replay a run (the seed is printed first)
//   CHAOS_REPLACEMENTS=50 npm run test:chaos  a smaller run
//
// Long waits (not returned by the deadline, hold renewals, stock waits) need days of real time and
// are covered by the time-skipping workflow tests, not here.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { ensureMailpit, ensureTemporalCli } from '../../scripts/provision';
import pg from 'pg';
import { REPLACEMENT_WORKFLOW_TYPE, replacementWorkflowId, serviceNumberFromWorkflowId, type ReplacementView } from '../../workflows/definitions';
import { SANDBOX_STATE_FILE } from '../../src/composition/payment-gateway';
import { mapLimit } from '../../src/api/concurrency';
import { Cluster } from './cluster';
import { Driver, expectedFor, PRODUCTS, SCENARIOS, type Scenario, type Sku, type Tracked } from './driver';
import { Checks, checkEverything, liveAuthorizationsPerReplacement, mailpitMessages, readDatabase } from './invariants';
import { rng, shuffle, spacedTimes, uniform } from './rng';

const REPO = path.resolve(__dirname, '..', '..');
const N = Number(process.env.CHAOS_REPLACEMENTS ?? 200);
const SEED = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : randomInt(1, 2 ** 31 - 1);
const SUMMARY_PATH = process.env.CHAOS_SUMMARY_PATH ?? path.join(REPO, '.data', 'chaos', 'last-run.json');
/** The whole run must fit in this; the issue asks for about six minutes on two cores. */
const BUDGET_MS = Number(process.env.CHAOS_BUDGET_S ?? 390) * 1000;

// The schedule, in ms after the load starts.
const WORKER_KILLS = 5;
const KILL_WINDOW = [8_000, 150_000] as const;
const KILL_GAP = 15_000;
const TEMPORAL_RESTART_WINDOW = [55_000, 85_000] as const;
const SMTP_DOWN = [20_000, 140_000] as const;
/** Worker incarnations 0..FAULTY_INCARNATIONS-1 run with payment faults; later ones without. */
const FAULTY_INCARNATIONS = 3;
const FAULTS = { transientErrorRate: 0.3, lostResponseRate: 0.1, latencyMs: { min: 10, max: 150 } };
/** After this, whatever has not finished counts as stuck. */
const COMPLETION_DEADLINE = 300_000;
const INITIAL_STOCK: Record<Sku, number> = { 'IP17P-256': N + 50, 'MBP14-M5-16-1TB': N + 50 };
const MIX: Record<Scenario, number> = { covered: 40, no_fault_found: 35, not_covered: 35, beyond_repair: 30, declined: 25, cancel: 35 };

const checks = new Checks();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => (ms / 1000).toFixed(1);
const say = (msg: string) => process.stdout.write(`[chaos] ${msg}\n`);

interface ChaosEvent {
  at: number;
  kind: 'kill_worker' | 'restart_temporal' | 'smtp_down' | 'smtp_up';
}

interface Timeline {
  kills: { at: number; pid: number; restartedAt: number | null; faultsAfter: boolean }[];
  temporalRestart: {
    at: number;
    downMs: number;
    apiReadyAfterMs: number | null;
    apiListAfterMs: number | null;
    workerProgressAfterMs: number | null;
    workerPidKept: boolean;
  } | null;
  smtp: { downAt: number | null; upAt: number | null };
  faultsUntil: number | null;
  unexpectedExits: string[];
}

function buildItems(r: () => number): Tracked[] {
  const total = Object.values(MIX).reduce((a, b) => a + b, 0);
  const scenarios: Scenario[] = [];
  for (const s of SCENARIOS) for (let i = 0; i < Math.round((MIX[s] * N) / total); i++) scenarios.push(s);
  while (scenarios.length < N) scenarios.push('covered');
  scenarios.length = N;
  const skus = Object.keys(PRODUCTS) as Sku[];
  let cancels = 0;
  return shuffle(r, scenarios).map((scenario, index) => ({
    index,
    scenario,
    sku: skus[index % skus.length],
    cancelWhen: scenario === 'cancel' && cancels++ % 2 === 0 ? ('at_once' as const) : ('queued' as const),
    customer: `chaos-customer-${SEED}-${index}`,
    email: `chaos.${SEED}.${index}@example.no`,
    serial: `CH${SEED.toString(36).toUpperCase()}-${index}`,
    idempotencyKey: `chaos-${SEED}-${index}`,
    id: null,
    status: null,
    closed: false,
    busy: false,
  }));
}

function schedule(r: () => number): ChaosEvent[] {
  const events: ChaosEvent[] = spacedTimes(r, WORKER_KILLS, KILL_WINDOW[0], KILL_WINDOW[1], KILL_GAP).map((at) => ({ at, kind: 'kill_worker' }));
  events.push({ at: Math.round(uniform(r, TEMPORAL_RESTART_WINDOW[0], TEMPORAL_RESTART_WINDOW[1])), kind: 'restart_temporal' });
  events.push({ at: SMTP_DOWN[0], kind: 'smtp_down' }, { at: SMTP_DOWN[1], kind: 'smtp_up' });
  return events.sort((a, b) => a.at - b.at);
}

/** The stock the run starts with: enough of both SKUs that nothing waits for a restock. */
async function seedStock(url: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    for (const [sku, n] of Object.entries(INITIAL_STOCK)) {
      await db.query(
        `INSERT INTO inventory (sku, on_hand, reserved) VALUES ($1, $2, 0)
         ON CONFLICT (sku) DO UPDATE SET on_hand = EXCLUDED.on_hand, reserved = 0`,
        [sku, n],
      );
    }
  } finally {
    await db.end();
  }
}

/** Marks the replacements whose workflow has closed, from Temporal's visibility (tolerates a server restart). */
async function markClosed(client: Client, items: Tracked[]): Promise<void> {
  const byId = new Map(items.filter((t) => t.id && !t.closed).map((t) => [t.id!, t]));
  if (byId.size === 0) return;
  try {
    for await (const wf of client.workflow.list({ query: `WorkflowType = '${REPLACEMENT_WORKFLOW_TYPE}' AND ExecutionStatus != 'Running'` })) {
      const t = byId.get(serviceNumberFromWorkflowId(wf.workflowId) ?? '');
      if (t) t.closed = true;
    }
  } catch {
    // Temporal is restarting: try again on the next tick.
  }
}

/** Retries and timeouts Temporal recorded, by activity type, over every replacement's history. */
async function historyFigures(client: Client, items: Tracked[]) {
  const retries: Record<string, number> = {};
  const timeouts: Record<string, number> = {};
  let workflowTaskTimeouts = 0;
  let workflowTaskFailures = 0;
  let unreadable = 0;
  const num = (v: unknown) => Number(String(v ?? 0));
  await mapLimit(
    items.filter((t) => t.id),
    8,
    async (t) => {
      let events: temporal.api.history.v1.IHistoryEvent[];
      try {
        events = (await client.workflow.getHandle(replacementWorkflowId(t.id!)).fetchHistory()).events ?? [];
      } catch {
        unreadable += 1;
        return;
      }
      const typeOf = new Map<number, string>();
      for (const e of events) {
        const a = e.activityTaskScheduledEventAttributes;
        if (a) typeOf.set(num(e.eventId), a.activityType?.name ?? '?');
        const s = e.activityTaskStartedEventAttributes;
        if (s && (s.attempt ?? 1) > 1) {
          const type = typeOf.get(num(s.scheduledEventId)) ?? '?';
          retries[type] = (retries[type] ?? 0) + (s.attempt ?? 1) - 1;
        }
        const to = e.activityTaskTimedOutEventAttributes;
        if (to) {
          const type = typeOf.get(num(to.scheduledEventId)) ?? '?';
          timeouts[type] = (timeouts[type] ?? 0) + 1;
        }
        if (e.workflowTaskTimedOutEventAttributes) workflowTaskTimeouts += 1;
        if (e.workflowTaskFailedEventAttributes) workflowTaskFailures += 1;
      }
    },
  );
  return { activityRetries: retries, activityTimeouts: timeouts, workflowTaskTimeouts, workflowTaskFailures, unreadable };
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  say(`seed ${SEED} (replay with CHAOS_SEED=${SEED}), ${N} replacements`);
  const r = rng(SEED);
  const items = buildItems(r);
  const events = schedule(r);
  const restartDelays = Array.from({ length: WORKER_KILLS }, () => Math.round(uniform(r, 500, 3000)));
  say(`schedule (s after load start): ${events.map((e) => `${e.kind}@${secs(e.at)}`).join(', ')}`);

  const [temporalBin, mailpitBin] = await Promise.all([ensureTemporalCli(), ensureMailpit()]);
  if (!temporalBin || !mailpitBin) throw new Error('the Temporal CLI and Mailpit are needed: run `npm run provision`');
  const cluster = await Cluster.create({ temporal: temporalBin, mailpit: mailpitBin });
  say(`data in ${cluster.dir}; ports ${JSON.stringify(cluster.ports)}`);
  let hardStop: NodeJS.Timeout | undefined;
  const timeline: Timeline = { kills: [], temporalRestart: null, smtp: { downAt: null, upAt: null }, faultsUntil: null, unexpectedExits: [] };
  let client: Client | undefined;

  try {
    // A hung step must not hang CI: past the budget (plus slack to report) everything is killed.
    hardStop = setTimeout(() => {
      process.stderr.write(`[chaos] still running after ${secs(BUDGET_MS + 120_000)} s: killing everything\n`);
      process.stdout.write(`${checks.passed} passed, ${checks.failed + 1} failed\n`);
      process.exit(1); // processes.ts exit hooks SIGKILL every process group we started
    }, BUDGET_MS + 120_000);
    hardStop.unref();

    await Promise.all([cluster.buildBundle(), cluster.startTemporal(), cluster.startMailpit(), cluster.startDatabase()]);
    await seedStock(cluster.databaseUrl);
    // The harness's own view of Temporal: whether each workflow has closed.
    client = new Client({ connection: await Connection.connect({ address: cluster.temporalAddress }), namespace: 'default' });
    let incarnation = 0;
    const faultsFor = (n: number) => (n < FAULTY_INCARNATIONS ? JSON.stringify({ ...FAULTS, seed: SEED + n }) : '');
    await Promise.all([cluster.startWorker(faultsFor(incarnation)), cluster.startApi()]);
    const setupMs = Date.now() - startedAt;
    say(`services up in ${secs(setupMs)} s; load starts`);

    const driver = new Driver(cluster.apiUrl, items);
    const t0 = Date.now();
    const at = () => Date.now() - t0;
    let chaosOwnsWorker = false;
    let statusChanges = 0;
    const maxLive = { count: 0, replacementId: null as string | null, samples: 0 };

    // Restarts a worker or API that died without being killed by the schedule (and says so).
    const supervise = async () => {
      for (const role of ['worker', 'api'] as const) {
        if (cluster.isRunning(role) || (role === 'worker' && chaosOwnsWorker)) continue;
        const dead = [...cluster.records].reverse().find((x) => x.role === role);
        timeline.unexpectedExits.push(`${role} pid ${dead?.pid} exited on its own (${dead?.exit}) at ${secs(at())} s`);
        say(`${role} exited on its own (${dead?.exit}); restarting it\n${dead?.output().slice(-2000)}`);
        if (role === 'worker') await cluster.startWorker(faultsFor(++incarnation)).catch(() => undefined);
        else await cluster.startApi().catch(() => undefined);
      }
    };

    const drive = (async () => {
      let lastSample = 0;
      while (!driver.allDone() && at() < COMPLETION_DEADLINE) {
        const before = new Map(items.map((t) => [t.index, t.status]));
        await driver.tick();
        await markClosed(client!, items);
        statusChanges += items.filter((t) => before.get(t.index) !== null && before.get(t.index) !== t.status).length;
        if (Date.now() - lastSample > 3000) {
          lastSample = Date.now();
          maxLive.samples += 1;
          for (const [id, n] of liveAuthorizationsPerReplacement(cluster.dataDir)) {
            if (n > maxLive.count) Object.assign(maxLive, { count: n, replacementId: id });
          }
        }
        await supervise();
        await sleep(1500);
      }
    })();

    const chaos = (async () => {
      let kill = 0;
      for (const ev of events) {
        if (at() < ev.at) await sleep(ev.at - at());
        if (ev.kind === 'kill_worker') {
          chaosOwnsWorker = true;
          const rec = await cluster.kill('worker');
          const killedAt = at();
          if (incarnation + 1 === FAULTY_INCARNATIONS) timeline.faultsUntil = killedAt;
          await sleep(restartDelays[kill]);
          const entry = { at: killedAt, pid: rec.pid, restartedAt: null as number | null, faultsAfter: incarnation + 1 < FAULTY_INCARNATIONS };
          timeline.kills.push(entry);
          for (let attempt = 0; attempt < 3 && !cluster.isRunning('worker'); attempt++) {
            await cluster.startWorker(faultsFor(++incarnation)).catch((err) => say(`worker restart failed: ${String(err).slice(0, 500)}`));
          }
          entry.restartedAt = at();
          chaosOwnsWorker = false;
          kill += 1;
          say(
            `SIGKILL worker #${kill} (pid ${rec.pid}) at ${secs(killedAt)} s; new worker ready at ${secs(at())} s${entry.faultsAfter ? ' (payment faults on)' : ''}`,
          );
        } else if (ev.kind === 'restart_temporal') {
          const begin = at();
          const workerPid = cluster.pidOf('worker');
          await cluster.stop('temporal', 10_000);
          await cluster.startTemporal();
          const up = at();
          const changesAtUp = statusChanges;
          const tr = {
            at: begin,
            downMs: up - begin,
            apiReadyAfterMs: null as number | null,
            apiListAfterMs: null as number | null,
            workerProgressAfterMs: null as number | null,
            workerPidKept: false,
          };
          timeline.temporalRestart = tr;
          // The API and the worker must find the server again by themselves, within a minute.
          while (at() - up < 60_000 && (tr.apiReadyAfterMs === null || tr.apiListAfterMs === null || tr.workerProgressAfterMs === null)) {
            if (
              tr.apiReadyAfterMs === null &&
              (await fetch(`${cluster.apiUrl}/readyz`).then(
                (x) => x.status,
                () => 0,
              )) === 200
            )
              tr.apiReadyAfterMs = at() - up;
            // A staff list goes API → Temporal visibility only: it tests the API's client, not the worker.
            if (tr.apiListAfterMs === null && (await driver.request('GET', '/v1/replacements?limit=1', 'warehouse', 'chaos-warehouse')).status === 200)
              tr.apiListAfterMs = at() - up;
            if (tr.workerProgressAfterMs === null && statusChanges > changesAtUp) tr.workerProgressAfterMs = at() - up;
            await sleep(500);
          }
          tr.workerPidKept = cluster.pidOf('worker') === workerPid && workerPid !== undefined;
          say(
            `Temporal restarted at ${secs(begin)} s (down ${secs(tr.downMs)} s): API ready after ${tr.apiReadyAfterMs ?? 'never'} ms, ` +
              `list served after ${tr.apiListAfterMs ?? 'never'} ms, worker progress after ${tr.workerProgressAfterMs ?? 'never'} ms (same worker: ${tr.workerPidKept})`,
          );
        } else if (ev.kind === 'smtp_down') {
          await cluster.stop('mailpit', 5_000);
          timeline.smtp.downAt = at();
          say(`SMTP down at ${secs(at())} s`);
        } else {
          // Two minutes from when SMTP actually went down: an earlier event (a worker restart) can
          // delay the stop by seconds, and the outage must still be the full length.
          const outageEnd = (timeline.smtp.downAt ?? SMTP_DOWN[0]) + (SMTP_DOWN[1] - SMTP_DOWN[0]);
          if (at() < outageEnd) await sleep(outageEnd - at());
          await cluster.startMailpit();
          timeline.smtp.upAt = at();
          say(`SMTP back at ${secs(at())} s`);
        }
      }
    })();

    await Promise.all([chaos, drive]);
    const loadMs = at();
    const unfinished = items.filter((t) => !driver.done(t));
    say(`load done at ${secs(loadMs)} s; ${items.length - unfinished.length}/${items.length} finished`);

    // ---- evidence -------------------------------------------------------------------------
    const verifyStart = Date.now();
    const views = new Map<number, ReplacementView | null>();
    await mapLimit(items, 8, async (t) => views.set(t.index, t.id ? await driver.view(t) : null));
    const history = await historyFigures(client!, items);
    const executions = new Map<string, string>();
    await mapLimit(
      items.filter((t) => t.id),
      8,
      async (t) => {
        const d = await client!.workflow
          .getHandle(replacementWorkflowId(t.id!))
          .describe()
          .catch(() => null);
        executions.set(t.id!, d?.status.name ?? 'UNKNOWN');
      },
    );
    await client!.connection.close();
    client = undefined;

    await cluster.stop('api');
    await cluster.stop('worker', 20_000);
    const db = await readDatabase(cluster.databaseUrl);
    const snapshot = path.join(cluster.dir, 'payment-sandbox.snapshot.json');
    fs.copyFileSync(path.join(cluster.dataDir, SANDBOX_STATE_FILE), snapshot);
    const mail = await mailpitMessages(cluster.mailpitUrl);
    await cluster.stopAll();

    // ---- invariants -------------------------------------------------------------------------
    say('invariants:');
    checks.check(
      'every replacement finished (workflow closed as completed) within the deadline',
      items
        .filter((t) => !t.id || executions.get(t.id) !== 'COMPLETED')
        .map((t) => `#${t.index} ${t.id ?? '(not created)'} ${t.scenario}: ${t.status}/${t.id ? executions.get(t.id) : '-'}`),
      `${items.length} completed`,
    );
    const payment = checkEverything(checks, {
      items,
      views,
      db,
      sandboxSnapshot: snapshot,
      mailpit: mail,
      maxLiveSeen: maxLive,
      faultsActive: FAULTY_INCARNATIONS > 0,
      initialStock: INITIAL_STOCK,
    });
    const mailRetries = history.activityRetries.sendEmail ?? 0;
    checks.check(
      'the SMTP outage was felt and outlived (sendEmail retried, then every email delivered)',
      mailRetries === 0 ? ['no sendEmail retries in any history'] : [],
      `${mailRetries} sendEmail retries`,
    );
    checks.check(`chaos happened as scheduled: ${WORKER_KILLS} worker SIGKILLs each followed by a new worker, one Temporal restart, SMTP down ≥ 120 s`, [
      ...(timeline.kills.length !== WORKER_KILLS ? [`${timeline.kills.length} kills`] : []),
      ...timeline.kills.filter((k) => k.restartedAt === null).map((k) => `no worker after the kill at ${secs(k.at)} s`),
      ...(timeline.temporalRestart ? [] : ['Temporal was not restarted']),
      ...(timeline.smtp.downAt === null || timeline.smtp.upAt === null || timeline.smtp.upAt - timeline.smtp.downAt < 119_000
        ? ['SMTP outage shorter than two minutes']
        : []),
    ]);
    const tr = timeline.temporalRestart;
    checks.check(
      'API reconnected by itself after the Temporal restart (/readyz 200, a staff list served)',
      !tr || tr.apiReadyAfterMs === null || tr.apiListAfterMs === null
        ? [`readyz after ${tr?.apiReadyAfterMs ?? 'never'}, list after ${tr?.apiListAfterMs ?? 'never'}`]
        : [],
      tr ? `ready ${tr.apiReadyAfterMs} ms, list ${tr.apiListAfterMs} ms after the server was back` : '',
    );
    checks.check(
      'worker reconnected by itself after the Temporal restart (same process, workflows progressed)',
      !tr || tr.workerProgressAfterMs === null || !tr.workerPidKept
        ? [`progress after ${tr?.workerProgressAfterMs ?? 'never'} ms, same process ${tr?.workerPidKept}`]
        : [],
      tr ? `progress ${tr.workerProgressAfterMs} ms after the server was back` : '',
    );
    checks.check('no service process exited unless the schedule killed it', timeline.unexpectedExits);
    checks.check(
      'no processes left behind (every process group gone, every port closed)',
      [...cluster.leftovers().map((p) => `${p.role} pid ${p.pid} still alive`), ...(await cluster.openPorts()).map((p) => `port ${p} still open`)],
      `${cluster.records.length} processes started`,
    );
    const totalMs = Date.now() - startedAt;
    checks.check(`the run stayed within its ${secs(BUDGET_MS)} s budget`, totalMs > BUDGET_MS ? [`took ${secs(totalMs)} s`] : [], `${secs(totalMs)} s`);

    // ---- summary ----------------------------------------------------------------------------
    const byOutcome = SCENARIOS.map((s) => {
      const mine = items.filter((t) => t.scenario === s);
      const ok = mine.filter((t) => {
        const v = views.get(t.index);
        const want = expectedFor(t.scenario, t.sku);
        return v && v.status === want.status && v.capturedAmount === want.captured;
      }).length;
      const captured = mine.reduce((sum, t) => sum + (views.get(t.index)?.capturedAmount ?? 0), 0);
      return { outcome: s === 'beyond_repair' ? 'beyond_repair (not_covered)' : s, count: mine.length, asExpected: ok, capturedNok: captured / 100 };
    });
    const summary = {
      seed: SEED,
      replacements: N,
      startedAt: new Date(startedAt).toISOString(),
      durationS: { total: +secs(totalMs), setup: +secs(setupMs), load: +secs(loadMs), verify: +secs(Date.now() - verifyStart) },
      outcomes: byOutcome,
      chaos: {
        workerKills: timeline.kills.map((k) => ({ atS: +secs(k.at), restartedAtS: k.restartedAt === null ? null : +secs(k.restartedAt) })),
        temporalRestarts: tr
          ? [
              {
                atS: +secs(tr.at),
                downS: +secs(tr.downMs),
                apiReadyAfterMs: tr.apiReadyAfterMs,
                apiListAfterMs: tr.apiListAfterMs,
                workerProgressAfterMs: tr.workerProgressAfterMs,
              },
            ]
          : [],
        smtpDown: {
          fromS: timeline.smtp.downAt === null ? null : +secs(timeline.smtp.downAt),
          toS: timeline.smtp.upAt === null ? null : +secs(timeline.smtp.upAt),
        },
        paymentFaults: { ...FAULTS, fromS: 0, toS: timeline.faultsUntil === null ? null : +secs(timeline.faultsUntil) },
        unexpectedExits: timeline.unexpectedExits,
      },
      retries: {
        paymentTransientInjected: payment.transient,
        paymentIdempotentReplays: payment.replayed,
        paymentExecutions: payment.executions,
        activityRetriesByType: history.activityRetries,
        activityFinalTimeoutsByType: history.activityTimeouts,
        workflowTaskTimeouts: history.workflowTaskTimeouts,
        workflowTaskFailures: history.workflowTaskFailures,
        http: driver.stats,
      },
      emails: mail.length,
      invariants: checks.results,
      passed: checks.passed,
      failed: checks.failed,
    };
    fs.mkdirSync(path.dirname(SUMMARY_PATH), { recursive: true });
    fs.writeFileSync(SUMMARY_PATH, JSON.stringify(summary, null, 2));
    printSummary(summary);
    say(`summary written to ${path.relative(process.cwd(), SUMMARY_PATH)}`);
    if (checks.failed > 0) {
      const logs = path.join(path.dirname(SUMMARY_PATH), 'logs');
      fs.mkdirSync(logs, { recursive: true });
      for (const rec of cluster.records) fs.writeFileSync(path.join(logs, `${rec.role}-${rec.incarnation}.log`), rec.output());
      say(`process output of the failed run in ${path.relative(process.cwd(), logs)}/`);
    }
  } finally {
    if (hardStop) clearTimeout(hardStop);
    await client?.connection.close().catch(() => undefined);
    await cluster.stopAll();
    cluster.remove();
  }
}

function printSummary(s: {
  seed: number;
  durationS: Record<string, number>;
  outcomes: { outcome: string; count: number; asExpected: number; capturedNok: number }[];
  chaos: {
    workerKills: { atS: number }[];
    temporalRestarts: { atS: number; downS: number }[];
    smtpDown: { fromS: number | null; toS: number | null };
    paymentFaults: { toS: number | null };
  };
  retries: {
    paymentTransientInjected: number;
    paymentIdempotentReplays: number;
    activityRetriesByType: Record<string, number>;
    activityFinalTimeoutsByType: Record<string, number>;
    workflowTaskTimeouts: number;
    http: { retried: number; requests: number };
  };
  emails: number;
}) {
  const row = (a: string, b: string | number, c: string | number = '', d: string | number = '') =>
    `  ${a.padEnd(30)}${String(b).padStart(7)}${String(c).padStart(12)}${String(d).padStart(16)}\n`;
  let out = `\n[chaos] summary (seed ${s.seed})\n` + row('outcome', 'count', 'as expected', 'captured NOK');
  for (const o of s.outcomes) out += row(o.outcome, o.count, o.asExpected, o.capturedNok.toLocaleString('en'));
  out += row(
    'total',
    s.outcomes.reduce((a, o) => a + o.count, 0),
    s.outcomes.reduce((a, o) => a + o.asExpected, 0),
    s.outcomes.reduce((a, o) => a + o.capturedNok, 0).toLocaleString('en'),
  );
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const fmt = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  out += `  worker SIGKILLs        ${s.chaos.workerKills.length} at ${s.chaos.workerKills.map((k) => `${k.atS}s`).join(', ')}\n`;
  out += `  Temporal restarts      ${s.chaos.temporalRestarts.length}${s.chaos.temporalRestarts.map((t) => ` at ${t.atS}s (down ${t.downS}s)`).join('')}\n`;
  out += `  SMTP down              ${s.chaos.smtpDown.fromS}s – ${s.chaos.smtpDown.toS}s\n`;
  out += `  payment faults         0s – ${s.chaos.paymentFaults.toS}s (30% transient, 10% lost responses, 10–150 ms latency)\n`;
  out += `  payment retries        ${s.retries.paymentTransientInjected} injected transient errors, ${s.retries.paymentIdempotentReplays} idempotent replays\n`;
  out += `  activity retries       ${sum(s.retries.activityRetriesByType)} (${fmt(s.retries.activityRetriesByType)})\n`;
  out += `  activity final timeouts ${sum(s.retries.activityFinalTimeoutsByType)} (${fmt(s.retries.activityFinalTimeoutsByType)}); workflow task timeouts ${s.retries.workflowTaskTimeouts}\n`;
  out += `  HTTP retries           ${s.retries.http.retried} of ${s.retries.http.requests} requests\n`;
  out += `  emails delivered       ${s.emails}\n`;
  out += `  duration               ${s.durationS.total}s (setup ${s.durationS.setup}s, load ${s.durationS.load}s, verify ${s.durationS.verify}s)\n`;
  process.stdout.write(out);
}

main().then(
  () => {
    process.stdout.write(`${checks.passed} passed, ${checks.failed} failed\n`);
    process.exitCode = checks.failed > 0 ? 1 : 0;
  },
  (err) => {
    process.stderr.write(`[chaos] aborted: ${err instanceof Error ? err.stack : String(err)}\n`);
    // An aborted run proved nothing: it counts as one failed invariant on top of what was checked.
    process.stdout.write(`${checks.passed} passed, ${checks.failed + 1} failed\n`);
    process.exitCode = 1;
  },
);
