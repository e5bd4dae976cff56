// `npm run bench`: throughput, latency, scale, memory and start-up of the service, beside Temporal's
// own ceiling measured in the same run on the same dev server. Starts everything it needs on
// loopback, runs bounded loads, prints a table, writes a JSON report, and stops every process.
//
//   npm run bench -- [--only ceiling,ours,latency,scale,startup] [--n 200] [--concurrency 10]
//                    [--scale 2000] [--duration 10] [--poll-ms 50] [--startup-reps 2]
//                    [--tuning '{"maxCachedWorkflows":500}'] [--log-level info] [--db file|memory]
//                    [--sqlite-pragma synchronous=NORMAL] [--out file.json] [--keep] [--cpu-prof dir]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { replacementWorkflowId } from '../workflows/definitions';
import { load, type LatencySummary } from './lib/load';
import {
  apiActors,
  apiLifecycle,
  ceilingLifecycle,
  createUntilQueued,
  historyShape,
  runPool,
  STAFF_BODIES,
  customerToken,
  deviceSerialOf,
  replacementBody,
  serviceNumberOf,
  staffStep,
  summarize,
  type ApiActors,
  type HistoryShape,
  type RunSummary,
} from './lib/lifecycles';
import { cpuSeconds, delay, descendants, cmdline, processesMentioning, rssMiB, spawnService, stopAll } from './lib/procs';
import {
  REPO,
  buildBundle,
  dbBytes,
  distinctFreePorts,
  startApi,
  startDevServer,
  startNoop,
  startWorker,
  waitForHttp,
  type DevServer,
  type StartedApi,
  type StartedWorker,
} from './lib/stack';
import { round, table } from './lib/stats';
import { PROCESS_PID_DIR } from '../test/helpers/processes';
import type { WorkerTuning } from './service/worker';

const PHASES = ['ceiling', 'ours', 'latency', 'scale', 'startup'] as const;
type Phase = (typeof PHASES)[number];

interface Options {
  only: Phase[];
  n: number;
  concurrency: number;
  scale: number;
  durationS: number;
  pollMs: number;
  startupReps: number;
  tuning: WorkerTuning;
  logLevel: string;
  db: 'file' | 'memory';
  sqlitePragmas: string[];
  out: string;
  keep: boolean;
  /** Where the workers and the API write V8 CPU profiles (`node --cpu-prof`) when they stop. */
  cpuProf?: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', default: PHASES.join(',') },
      n: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '10' },
      scale: { type: 'string', default: '2000' },
      duration: { type: 'string', default: '10' },
      'poll-ms': { type: 'string', default: '50' },
      'startup-reps': { type: 'string', default: '2' },
      tuning: { type: 'string', default: '{}' },
      'log-level': { type: 'string', default: 'info' },
      db: { type: 'string', default: 'file' },
      // The dev server's SQLite defaults sync the disk on every commit, which measures the disk,
      // not Temporal or this service (see bench/README.md for the figures).
      'sqlite-pragma': { type: 'string', multiple: true, default: ['journal_mode=wal', 'synchronous=normal'] },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(0, 8).join('\n') + '\n');
    process.exit(0);
  }
  const int = (name: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${v}`);
    return n;
  };
  const only = String(values.only)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of only) if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--only: unknown phase "${p}" (${PHASES.join(', ')})`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    only: only as Phase[],
    n: int('n', values.n, 1, 100_000),
    concurrency: int('concurrency', values.concurrency, 1, 500),
    scale: int('scale', values.scale, 1, 50_000),
    durationS: int('duration', values.duration, 1, 300),
    pollMs: int('poll-ms', values['poll-ms'], 1, 5000),
    startupReps: int('startup-reps', values['startup-reps'], 1, 10),
    tuning: JSON.parse(String(values.tuning)) as WorkerTuning,
    logLevel: String(values['log-level']),
    db: values.db === 'memory' ? 'memory' : 'file',
    sqlitePragmas: values['sqlite-pragma'] ?? [],
    out: path.resolve(values.out ?? path.join(REPO, 'bench', 'results', `${stamp}.json`)),
    keep: Boolean(values.keep),
    cpuProf: values['cpu-prof'] ? path.resolve(String(values['cpu-prof'])) : undefined,
  };
}

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const load1 = () => round(os.loadavg()[0], 2);
const loadavg = () => os.loadavg().map((l) => round(l, 2));

function machine() {
  const cpus = os.cpus();
  return {
    nproc: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memTotalGiB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/** CPU seconds of each process while `fn` runs. */
async function withCpu<T>(pids: Record<string, number>, fn: () => Promise<T>): Promise<{ value: T; cpuS: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const harness0 = process.cpuUsage();
  const value = await fn();
  const harness = process.cpuUsage(harness0);
  const cpuS: Record<string, number> = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, round(cpuSeconds(pid) - before[k], 2)]));
  cpuS.harness = round((harness.user + harness.system) / 1e6, 2);
  return { value, cpuS };
}

interface LifecyclePhase {
  loadavg: number[];
  summary: RunSummary;
  history: HistoryShape;
  stateTransitionsPerS: number;
  workflowTasksPerS: number;
  cpuMsPerLifecycle: Record<string, number>;
}

async function lifecyclePhase(
  name: string,
  opts: Options,
  client: Client,
  pids: Record<string, number>,
  one: (i: number) => Promise<import('./lib/lifecycles').LifecycleResult>,
  warmup: (i: number) => Promise<import('./lib/lifecycles').LifecycleResult>,
  workflowIdOf: (id: string) => string,
): Promise<LifecyclePhase> {
  // Warm-up (not timed): JIT, connection pools, the worker's caches.
  const warm = await runPool(opts.concurrency, opts.concurrency, warmup);
  const warmFailed = warm.results.filter((r) => !r.ok);
  if (warmFailed.length) say(`${name}: ${warmFailed.length} warm-up lifecycle(s) failed: ${warmFailed[0].error}`);
  const la = loadavg();
  say(`${name}: ${opts.n} lifecycles, concurrency ${opts.concurrency} (load ${la.join(' ')})`);
  const { value: run, cpuS } = await withCpu(pids, () => runPool(opts.n, opts.concurrency, one));
  const summary = summarize(opts.n, opts.concurrency, run);
  const history = await historyShape(
    client,
    run.results.filter((r) => r.ok).map((r) => workflowIdOf(r.id)),
  );
  say(`${name}: ${summary.lifecyclesPerS} lifecycles/s, ${summary.completed}/${opts.n} completed`);
  return {
    loadavg: la,
    summary,
    history,
    stateTransitionsPerS: round(summary.lifecyclesPerS * history.events, 1),
    workflowTasksPerS: round(summary.lifecyclesPerS * history.workflowTasks, 1),
    cpuMsPerLifecycle: Object.fromEntries(Object.entries(cpuS).map(([k, s]) => [k, round((s * 1000) / Math.max(summary.completed, 1), 1)])),
  };
}

/** Waits (untimed) until every replacement is in the dispatch queue. */
async function untilQueued(api: string, actors: ApiActors, ids: string[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const deadline = Date.now() + 120_000;
        for (;;) {
          const res = await fetch(`${api}/v1/replacements/${id}`, { headers: { authorization: actors.warehouse } });
          const view = (await res.json()) as { status?: string };
          if (view.status === 'awaiting_dispatch') break;
          if (res.status !== 200 && res.status !== 404) throw new Error(`GET ${id}: ${res.status}`);
          if (Date.now() > deadline) throw new Error(`${id} not awaiting dispatch within 120 s (${view.status})`);
          await delay(100);
        }
      }
    }),
  );
}

async function untilClosed(client: Client, ids: string[]): Promise<{ completed: number; other: string[] }> {
  const results = await Promise.all(
    ids.map(async (id) => {
      try {
        const view = (await client.workflow.getHandle(replacementWorkflowId(id)).result()) as { status: string };
        return view.status;
      } catch (err) {
        return `error: ${String(err).slice(0, 120)}`;
      }
    }),
  );
  return { completed: results.filter((s) => s === 'completed').length, other: [...new Set(results.filter((s) => s !== 'completed'))] };
}

const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : null);

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `express-replacement-bench-${process.pid}-`));
  const logDir = path.join(dir, 'logs');
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  say(`work directory ${dir}; phases ${opts.only.join(', ')}; load ${loadavg().join(' ')}`);
  const report: Record<string, unknown> = {
    schema: 1,
    startedAt: startedAt.toISOString(),
    machine: machine(),
    loadavgAtStart: loadavg(),
    options: { ...opts, out: undefined },
    phases: {} as Record<string, unknown>,
  };
  const phases = report.phases as Record<string, unknown>;
  const has = (p: Phase) => opts.only.includes(p);

  let server: DevServer | undefined;
  let worker: StartedWorker | undefined;
  let api: StartedApi | undefined;
  let noop: StartedApi | undefined;
  let failure: unknown;
  try {
    server = await startDevServer(dir, logDir, opts.db, opts.sqlitePragmas);
    const client = server.client;
    say(`temporal dev server on ${server.address}`);
    const bundles = {
      replacement: has('ours') || has('latency') || has('scale') || has('startup') ? await buildBundle('replacement', dir) : undefined,
      ceiling: has('ceiling') ? await buildBundle('ceiling', dir) : undefined,
    };
    const runId = Date.now().toString(36);

    // ---- 1. ceiling ---------------------------------------------------------------------------
    if (has('ceiling')) {
      const w = await startWorker({
        mode: 'ceiling',
        address: server.address,
        bundlePath: bundles.ceiling!.file,
        dataDir,
        logDir,
        tuning: opts.tuning,
        cpuProfileDir: opts.cpuProf,
      });
      const one = ceilingLifecycle(client, runId);
      phases.ceiling = await lifecyclePhase(
        'ceiling',
        opts,
        client,
        { temporal: server.proc.pid, worker: w.proc.pid },
        one,
        ceilingLifecycle(client, `${runId}-warm`),
        (id) => id,
      );
      await w.proc.stop();
    }

    const needService = has('ours') || has('latency') || has('scale');
    if (needService) {
      worker = await startWorker({
        mode: 'replacement',
        address: server.address,
        bundlePath: bundles.replacement!.file,
        dataDir,
        logDir,
        tuning: opts.tuning,
        cpuProfileDir: opts.cpuProf,
      });
      api = await startApi({ address: server.address, dataDir, logDir, logLevel: opts.logLevel, cpuProfileDir: opts.cpuProf });
      say(`worker pid ${worker.proc.pid} (maxCachedWorkflows ${worker.ready.maxCachedWorkflows}), API ${api.url}`);
    }
    const actors = await apiActors();

    // ---- 2. ours --------------------------------------------------------------------------------
    if (has('ours')) {
      const ours = await lifecyclePhase(
        'ours',
        opts,
        client,
        { temporal: server.proc.pid, worker: worker!.proc.pid, api: api!.proc.pid },
        apiLifecycle(api!.url, actors, client, runId, opts.pollMs),
        apiLifecycle(api!.url, actors, client, `${runId}-warm`, opts.pollMs),
        (id) => replacementWorkflowId(id),
      );
      const ceiling = phases.ceiling as LifecyclePhase | undefined;
      phases.ours = {
        ...ours,
        ratioToCeiling: ceiling ? ratio(ours.summary.lifecyclesPerS, ceiling.summary.lifecyclesPerS) : null,
      };
    }

    // ---- 3. API latency -------------------------------------------------------------------------
    if (has('latency')) {
      noop = await startNoop({ logDir, dir });
      const c = opts.concurrency;
      const k = opts.n;
      const la = loadavg();
      say(`latency: ${k} creates and staff updates, ${opts.durationS} s reads, ${c} connections (load ${la.join(' ')})`);
      const keys = Array.from({ length: k }, (_, i) => `bench-lat-${runId}-${i}`);
      const ids = keys.map(serviceNumberOf);
      const tokens = await Promise.all(keys.map(customerToken));
      const endpoints: Record<string, LatencySummary> = {};
      // CPU milliseconds per request in each process, to tell where a request's time goes.
      const cpuMsPerRequest: Record<string, Record<string, number>> = {};
      const pids = { temporal: server.proc.pid, worker: worker!.proc.pid, api: api!.proc.pid, noop: noop.proc.pid };
      const measure = async (name: string, spec: Parameters<typeof load>[0]) => {
        const { value, cpuS } = await withCpu(pids, () => load(spec));
        endpoints[name] = value;
        cpuMsPerRequest[name] = Object.fromEntries(Object.entries(cpuS).map(([k, v]) => [k, round((v * 1000) / Math.max(value.requests, 1), 2)]));
      };
      await measure('create', {
        url: `${api!.url}/v1/replacements`,
        method: 'POST',
        headers: { authorization: tokens[0] },
        body: JSON.stringify(replacementBody(deviceSerialOf(ids[0]))),
        connections: c,
        amount: k,
        next: (i) => ({
          headers: { 'idempotency-key': keys[i % k], authorization: tokens[i % k] },
          body: JSON.stringify(replacementBody(deviceSerialOf(ids[i % k]))),
        }),
      });
      await untilQueued(api!.url, actors, ids, c);
      await measure('get', {
        url: `${api!.url}/v1/replacements/${ids[0]}`,
        headers: { authorization: tokens[0] },
        connections: c,
        durationS: opts.durationS,
        next: (i) => ({ path: `/v1/replacements/${ids[i % k]}`, headers: { authorization: tokens[i % k] } }),
      });
      for (const step of ['dispatch', 'receipt', 'inspection'] as const) {
        await measure(step, {
          url: `${api!.url}/v1/replacements/${ids[0]}/${step}`,
          method: 'POST',
          headers: { authorization: actors.warehouse },
          connections: c,
          amount: k,
          next: (i) => ({
            path: `/v1/replacements/${ids[i % k]}/${step}`,
            body: step === 'receipt' ? STAFF_BODIES.receipt(ids[i % k]) : STAFF_BODIES[step](i),
          }),
        });
      }
      await measure('financeSummary', {
        url: `${api!.url}/v1/finance/summary`,
        headers: { authorization: actors.finance },
        connections: c,
        durationS: opts.durationS,
      });
      await measure('noop', { url: `${noop.url}/bench-noop`, connections: c, durationS: opts.durationS });
      const closed = await untilClosed(client, ids);
      const n = endpoints.noop;
      phases.latency = {
        loadavg: la,
        connections: c,
        endpoints,
        ratioToNoop: Object.fromEntries(
          Object.entries(endpoints)
            .filter(([name]) => name !== 'noop')
            .map(([name, e]) => [name, { p50: ratio(e.p50, n.p50), p99: ratio(e.p99, n.p99) }]),
        ),
        cpuMsPerRequest,
        lifecycles: { started: k, completed: closed.completed, other: closed.other },
      };
      await noop.proc.stop();
      noop = undefined;
    }

    // ---- 4. scale -------------------------------------------------------------------------------
    if (has('scale')) {
      const n = opts.scale;
      const c = opts.concurrency;
      const steps = n >= 8 ? 4 : 1;
      const before = dbBytes(server.dbFile);
      const checkpoints: { n: number; workerRssMiB: number | null; dbBytes: number; loadavg: number[]; fillPerS: number }[] = [];
      const ids: string[] = [];
      const failures: string[] = [];
      // Every attempt gets its own Idempotency-Key, failed ones included.
      let attempted = 0;
      let unavailable = 0;
      say(`scale: filling to ${n} open replacements waiting for their return (load ${loadavg().join(' ')})`);
      for (let s = 1; s <= steps; s++) {
        const target = Math.round((n * s) / steps);
        const from = attempted;
        attempted = target;
        const t0 = performance.now();
        await runPool(target - from, c * 2, async (j) => {
          const i = from + j;
          try {
            const { id, unavailable: u } = await createUntilQueued(api!.url, actors, `bench-scale-${runId}-${i}`, opts.pollMs);
            unavailable += u;
            await staffStep(api!.url, actors, id, 'dispatch', i);
            ids.push(id);
            return { id, ok: true, steps: {} };
          } catch (err) {
            failures.push(String(err).slice(0, 200));
            return { id: String(i), ok: false, steps: {} };
          }
        });
        const fillPerS = round((target - from) / ((performance.now() - t0) / 1000));
        // Let the last workflow tasks and the ledger snapshot land before measuring.
        await delay(2000);
        checkpoints.push({ n: ids.length, workerRssMiB: rssMiB(worker!.proc.pid), dbBytes: dbBytes(server.dbFile).total, loadavg: loadavg(), fillPerS });
        say(
          `scale: ${ids.length} open, worker RSS ${checkpoints.at(-1)!.workerRssMiB} MiB, db ${round(checkpoints.at(-1)!.dbBytes / 2 ** 20, 1)} MiB, ${fillPerS}/s`,
        );
      }
      const la = loadavg();
      const pick = (i: number) => ids[(i * 7919) % ids.length];
      const latency: Record<string, LatencySummary> = {};
      latency.get = await load({
        url: `${api!.url}/v1/replacements/${ids[0]}`,
        headers: { authorization: actors.warehouse },
        connections: c,
        durationS: opts.durationS,
        next: (i) => ({ path: `/v1/replacements/${pick(i)}` }),
      });
      latency.list = await load({
        url: `${api!.url}/v1/replacements?status=dispatched&limit=50`,
        headers: { authorization: actors.warehouse },
        connections: c,
        durationS: opts.durationS,
      });
      latency.financeSummary = await load({
        url: `${api!.url}/v1/finance/summary`,
        headers: { authorization: actors.finance },
        connections: c,
        durationS: opts.durationS,
      });
      const updates = Math.min(ids.length, Math.max(c * 5, 50));
      latency.receipt = await load({
        url: `${api!.url}/v1/replacements/${ids[0]}/receipt`,
        method: 'POST',
        headers: { authorization: actors.warehouse },
        connections: c,
        amount: updates,
        next: (i) => ({
          path: `/v1/replacements/${ids[ids.length - 1 - (i % updates)]}/receipt`,
          body: STAFF_BODIES.receipt(ids[ids.length - 1 - (i % updates)]),
        }),
      });
      const after = dbBytes(server.dbFile);
      const last = checkpoints.at(-1)!;
      phases.scale = {
        requested: n,
        open: ids.length,
        failed: failures.length,
        failures: [...new Set(failures)].slice(0, 5),
        getsRetriedAfter503: unavailable,
        loadavg: la,
        maxCachedWorkflows: worker!.ready.maxCachedWorkflows,
        checkpoints,
        workerRssMiBAfterReads: rssMiB(worker!.proc.pid),
        dbBytesBefore: before.total,
        dbBytesAtN: last.dbBytes,
        dbBytesPerReplacement: ids.length && server.dbFile ? Math.round((last.dbBytes - before.total) / ids.length) : null,
        dbBytesAfterReads: after.total,
        latency,
        receiptUpdates: updates,
      };
    }

    if (api) await api.proc.stop();
    if (worker) await worker.proc.stop();
    api = undefined;
    worker = undefined;

    // ---- 5. start-up ----------------------------------------------------------------------------
    if (has('startup')) {
      const la = loadavg();
      say(`startup: worker with a prebuilt bundle vs bundling at start, ${opts.startupReps}× each; then npm start (load ${la.join(' ')})`);
      const prebuilt: object[] = [];
      const bundling: object[] = [];
      for (let r = 0; r < opts.startupReps; r++) {
        for (const mode of ['prebuilt', 'bundling'] as const) {
          const w = await startWorker({
            mode: 'replacement',
            address: server.address,
            bundlePath: mode === 'prebuilt' ? bundles.replacement!.file : undefined,
            dataDir: path.join(dir, `startup-${mode}-${r}`),
            logDir,
            tuning: opts.tuning,
            name: `startup-${mode}-${r}`,
          });
          (mode === 'prebuilt' ? prebuilt : bundling).push({ spawnToReadyMs: w.spawnToReadyMs, workerCreateMs: w.ready.workerCreateMs, loadavg1: load1() });
          await w.proc.stop();
        }
      }
      phases.startup = {
        loadavg: la,
        bundleWorkflowCodeMs: bundles.replacement!.ms,
        worker: { prebuilt, bundling },
        npmStart: await measureNpmStart(dir),
      };
    }
  } catch (err) {
    failure = err;
    say(`failed: ${err instanceof Error ? err.stack : String(err)}`);
  } finally {
    await noop?.proc.stop().catch(() => undefined);
    await api?.proc.stop().catch(() => undefined);
    await worker?.proc.stop().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await stopAll();
  }

  // Nothing this run started may still be running.
  await delay(500);
  const leftover = [
    ...processesMentioning(dir),
    // The test harness's watchdog (it exits once this process has) is the only child allowed.
    ...descendants(process.pid)
      .filter((pid) => !cmdline(pid).includes(PROCESS_PID_DIR))
      // tsx's esbuild service, which this process itself runs on.
      .filter((pid) => !/esbuild .*--service/.test(cmdline(pid)))
      .map((pid) => ({ pid, cmd: cmdline(pid) })),
  ];
  report.leftoverProcesses = leftover;
  report.finishedAt = new Date().toISOString();
  report.durationS = round((Date.now() - startedAt.getTime()) / 1000, 1);
  report.loadavgAtEnd = loadavg();
  if (failure) report.error = failure instanceof Error ? failure.message : String(failure);

  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${render(report)}\n\nreport: ${path.relative(process.cwd(), opts.out) || opts.out}\n`);
  if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  else say(`kept ${dir}`);
  if (leftover.length) say(`processes left running: ${JSON.stringify(leftover)}`);
  process.exit(failure || leftover.length ? 1 : 0);
}

/** `npm start` on free ports and a temp DATA_DIR: time to /readyz 200, then Ctrl-C, then nothing left. */
async function measureNpmStart(dir: string) {
  const dataDir = path.join(dir, 'npm-start');
  const [temporalPort, uiPort, smtpPort, mailUiPort, httpPort] = await distinctFreePorts(5);
  const proc = spawnService({
    name: 'npm-start',
    cmd: process.execPath,
    args: [path.join(REPO, 'scripts', 'start.js')],
    cwd: REPO,
    logDir: path.join(dir, 'logs'),
    env: {
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      SMTP_PORT: String(smtpPort),
      MAILPIT_UI_PORT: String(mailUiPort),
      HTTP_PORT: String(httpPort),
      DATA_DIR: dataDir,
    },
  });
  const t0 = performance.now();
  let readyzMs: number | null = null;
  let error: string | undefined;
  let tree: { pid: number; cmd: string }[] = [];
  try {
    await waitForHttp(`http://127.0.0.1:${httpPort}/readyz`, 240_000, proc);
    readyzMs = Math.round(performance.now() - t0);
    tree = descendants(proc.pid).map((pid) => ({ pid, cmd: cmdline(pid).slice(0, 120) }));
  } catch (err) {
    error = String(err).slice(0, 500);
  }
  // Ctrl-C: start.js stops the API, the worker, Mailpit and the dev server in that order.
  const t1 = performance.now();
  proc.child.kill('SIGINT');
  const exited = await new Promise<boolean>((resolve) => {
    if (proc.child.exitCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), 60_000);
    proc.child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  const stopMs = Math.round(performance.now() - t1);
  await delay(300);
  const remaining = [...processesMentioning(dataDir), ...tree.filter((p) => cmdline(p.pid) !== '')];
  const { graceful } = await proc.stop(5000);
  return {
    readyzMs,
    stopMs,
    exitedOnSigint: exited && graceful,
    processesWhileRunning: tree.length,
    processesLeftAfterStop: remaining,
    ...(error ? { error } : {}),
  };
}

// ---- the printed table ---------------------------------------------------------------------------

function render(report: Record<string, unknown>): string {
  // The report is plain JSON built above; reading it back untyped keeps the printer short.
  const p = report.phases as Record<string, any>;
  const out: string[] = [];
  const m = report.machine as ReturnType<typeof machine>;
  out.push(`machine: ${m.nproc} × ${m.cpuModel}, ${m.memTotalGiB} GiB, node ${m.node}; load at start ${(report.loadavgAtStart as number[]).join(' ')}`);
  if (p.ceiling || p.ours) {
    const rows: (string | number)[][] = [
      ['throughput', 'lifecycles/s', 'events/lifecycle', 'transitions/s', 'wf tasks/s', 'p50 ms', 'p99 ms', 'completed', 'load1'],
    ];
    for (const name of ['ceiling', 'ours'] as const) {
      const x = p[name];
      if (!x) continue;
      rows.push([
        name,
        x.summary.lifecyclesPerS,
        x.history.events,
        x.stateTransitionsPerS,
        x.workflowTasksPerS,
        x.summary.latencyMs.p50,
        x.summary.latencyMs.p99,
        `${x.summary.completed}/${x.summary.n}`,
        x.loadavg[0],
      ]);
    }
    out.push('', table(rows));
    if (p.ours?.ratioToCeiling != null) out.push(`ours / ceiling = ${p.ours.ratioToCeiling} (concurrency ${p.ours.summary.concurrency})`);
    if (p.ours)
      out.push(
        `ours: ${p.ours.summary.pollsPerLifecycle} GETs per lifecycle while waiting for the dispatch queue, ${p.ours.summary.unavailable} answered 503 and were retried`,
      );
    for (const name of ['ceiling', 'ours'] as const) {
      if (!p[name]) continue;
      const h = p[name].history;
      out.push(
        `${name}: median ms per step ${JSON.stringify(p[name].summary.stepsMedianMs)}; CPU ms per lifecycle ${JSON.stringify(p[name].cpuMsPerLifecycle)}`,
        `  median ms: activity schedule→start ${h.activityScheduleToStartMs}, start→close ${h.activityStartToCloseMs}; workflow task schedule→start ${h.workflowTaskScheduleToStartMs}, start→close ${h.workflowTaskStartToCloseMs}`,
      );
    }
  }
  if (p.latency) {
    const rows: (string | number)[][] = [['API latency', 'requests', 'non-2xx', 'p50 ms', 'p99 ms', 'req/s', 'p50 ÷ noop', 'p99 ÷ noop']];
    for (const [name, e] of Object.entries(p.latency.endpoints as Record<string, LatencySummary>)) {
      const r = p.latency.ratioToNoop[name] ?? { p50: 1, p99: 1 };
      rows.push([name, e.requests, e.non2xx + e.errors, e.p50, e.p99, e.rps, r.p50 ?? '-', r.p99 ?? '-']);
    }
    out.push('', table(rows), `(${p.latency.connections} connections, load ${p.latency.loadavg.join(' ')})`);
  }
  if (p.scale) {
    const s = p.scale;
    const rows: (string | number)[][] = [['scale', 'open', 'worker RSS MiB', 'db MiB', 'fill/s', 'load1']];
    for (const c of s.checkpoints) rows.push(['', c.n, c.workerRssMiB, round(c.dbBytes / 2 ** 20, 1), c.fillPerS, c.loadavg[0]]);
    out.push('', table(rows));
    out.push(
      `db per replacement ${s.dbBytesPerReplacement} bytes; maxCachedWorkflows ${s.maxCachedWorkflows}; worker RSS after the reads ${s.workerRssMiBAfterReads} MiB`,
    );
    const lrows: (string | number)[][] = [[`at ${s.open} open`, 'requests', 'non-2xx', 'p50 ms', 'p99 ms', 'req/s']];
    for (const [name, e] of Object.entries(s.latency as Record<string, LatencySummary>))
      lrows.push([name, e.requests, e.non2xx + e.errors, e.p50, e.p99, e.rps]);
    out.push(table(lrows));
  }
  if (p.startup) {
    const s = p.startup;
    const ms = (xs: { spawnToReadyMs: number }[]) => xs.map((x) => x.spawnToReadyMs).join(', ');
    out.push(
      '',
      `start-up: worker ready with a prebuilt bundle ${ms(s.worker.prebuilt)} ms; bundling at start ${ms(s.worker.bundling)} ms (bundleWorkflowCode ${s.bundleWorkflowCodeMs} ms)`,
      `npm start → /readyz 200: ${s.npmStart.readyzMs} ms; Ctrl-C stopped it in ${s.npmStart.stopMs} ms, ${s.npmStart.processesLeftAfterStop.length} process(es) left`,
    );
  }
  out.push('', `left running: ${(report.leftoverProcesses as unknown[]).length} process(es); ${report.error ? `ERROR: ${report.error}` : 'ok'}`);
  return out.join('\n');
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
