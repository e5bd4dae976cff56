// The services under test, each its own process on loopback: a Temporal dev server on a temp
// database, a worker, the API (src/api/server.ts itself) and a bare Express app.
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { ensureTemporalCli } from '../../scripts/provision';
import { freePort } from '../../test/helpers/processes';
import { SEARCH_ATTRIBUTES, devServerSearchAttributeArgs } from '../../workflows/search-attributes';
import type { WorkerSpec, WorkerTuning } from '../service/worker';
import { delay, spawnService, type ServiceProcess } from './procs';

export const REPO = path.resolve(__dirname, '..', '..');
export const NAMESPACE = 'default';
export const REPLACEMENT_QUEUE = 'bench-replacements';
export const CEILING_QUEUE = 'bench-ceiling';
export const JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdefghij';

/**
 * `node --import tsx <file>`: one process per service (the tsx CLI would add a wrapper process).
 * With `cpuProfileDir`, V8 writes a CPU profile of the process there when it exits (`--cpu-prof`).
 */
export function tsNode(file: string, cpuProfileDir?: string): { cmd: string; args: string[] } {
  const profile = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  return { cmd: process.execPath, args: [...profile, '--import', 'tsx', path.join(REPO, file)] };
}

export async function distinctFreePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

export interface DevServer {
  proc: ServiceProcess;
  address: string;
  /** null when the server keeps its state in memory. */
  dbFile: string | null;
  client: Client;
  close(): Promise<void>;
}

/**
 * `db: 'file'` is what `npm start` runs (a SQLite file; its growth is measured); `'memory'` is the
 * dev server's default. `pragmas` go to --sqlite-pragma (journal_mode, synchronous).
 */
export async function startDevServer(dir: string, logDir: string, db: 'file' | 'memory' = 'file', pragmas: string[] = []): Promise<DevServer> {
  const cli = await ensureTemporalCli();
  if (!cli) throw new Error('no Temporal CLI: install Go (scripts/provision.js builds it) or set TEMPORAL_CLI_PATH');
  const [port, httpPort, metricsPort] = await distinctFreePorts(3);
  const address = `127.0.0.1:${port}`;
  const dbFile = path.join(dir, 'temporal.db');
  const proc = spawnService({
    name: 'temporal',
    cmd: cli,
    args: [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--http-port',
      String(httpPort),
      '--metrics-port',
      String(metricsPort),
      ...(db === 'file' ? ['--db-filename', dbFile] : []),
      ...pragmas.flatMap((p) => ['--sqlite-pragma', p]),
      '--namespace',
      NAMESPACE,
      '--log-level',
      'error',
      ...devServerSearchAttributeArgs(),
    ],
    logDir,
  });
  const deadline = Date.now() + 90_000;
  let connection: Connection | undefined;
  for (;;) {
    try {
      connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
      if (SEARCH_ATTRIBUTES.every((k) => customAttributes?.[k.name] !== undefined)) break;
    } catch {
      /* not up yet */
    }
    await connection?.close().catch(() => undefined);
    connection = undefined;
    if (proc.child.exitCode !== null) throw new Error(`temporal dev server exited:\n${proc.tail()}`);
    if (Date.now() > deadline) throw new Error(`temporal dev server not ready within 90 s:\n${proc.tail()}`);
    await delay(200);
  }
  const client = new Client({ connection, namespace: NAMESPACE });
  return {
    proc,
    address,
    dbFile: db === 'file' ? dbFile : null,
    client,
    async close() {
      await connection?.close().catch(() => undefined);
      await proc.stop(10_000);
    },
  };
}

/** Bytes of the dev server's SQLite database, with its write-ahead log and shared memory. */
export function dbBytes(dbFile: string | null): { db: number; wal: number; total: number } {
  if (dbFile === null) return { db: 0, wal: 0, total: 0 };
  const size = (f: string) => {
    try {
      return fs.statSync(f).size;
    } catch {
      return 0;
    }
  };
  const db = size(dbFile);
  const wal = size(`${dbFile}-wal`) + size(`${dbFile}-shm`);
  return { db, wal, total: db + wal };
}

export const WORKFLOWS = {
  replacement: path.join(REPO, 'workflows', 'index.ts'),
  ceiling: path.join(REPO, 'bench', 'ceiling', 'workflows.ts'),
} as const;

/** bundleWorkflowCode once; workers then load the file (`workflowBundle: { codePath }`). */
export async function buildBundle(mode: keyof typeof WORKFLOWS, dir: string): Promise<{ file: string; ms: number }> {
  const t0 = performance.now();
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS[mode], logger: new DefaultLogger('WARN') });
  const file = path.join(dir, `${mode}-bundle.js`);
  fs.writeFileSync(file, code);
  return { file, ms: Math.round(performance.now() - t0) };
}

export interface WorkerReady {
  sinceProcessStartMs: number;
  sinceMainMs: number;
  workerCreateMs: number;
  maxCachedWorkflows: number;
  reuseV8Context: boolean;
}

export interface StartedWorker {
  proc: ServiceProcess;
  ready: WorkerReady;
  /** Spawn to ready, measured from outside (includes Node and module loading). */
  spawnToReadyMs: number;
}

export async function startWorker(opts: {
  mode: WorkerSpec['mode'];
  address: string;
  bundlePath?: string;
  dataDir: string;
  logDir: string;
  tuning: WorkerTuning;
  name?: string;
  cpuProfileDir?: string;
}): Promise<StartedWorker> {
  const spec: WorkerSpec = {
    mode: opts.mode,
    address: opts.address,
    namespace: NAMESPACE,
    taskQueue: opts.mode === 'ceiling' ? CEILING_QUEUE : REPLACEMENT_QUEUE,
    bundlePath: opts.bundlePath,
    workflowsPath: WORKFLOWS[opts.mode],
    dataDir: opts.dataDir,
    tuning: opts.tuning,
  };
  const { cmd, args } = tsNode('bench/service/worker.ts', opts.cpuProfileDir);
  const proc = spawnService({
    name: opts.name ?? `worker-${opts.mode}`,
    cmd,
    args,
    cwd: REPO,
    env: { BENCH_WORKER: JSON.stringify(spec) },
    logDir: opts.logDir,
  });
  const line = await proc.waitForLine('BENCH_READY', 180_000);
  const spawnToReadyMs = Math.round(performance.now() - proc.spawnedAt);
  return { proc, ready: JSON.parse(line) as WorkerReady, spawnToReadyMs };
}

export interface StartedApi {
  proc: ServiceProcess;
  url: string;
}

/** The production API entry point with the benchmark's addresses; it reads the worker's ledger file. */
export async function startApi(opts: { address: string; dataDir: string; logDir: string; logLevel: string; cpuProfileDir?: string }): Promise<StartedApi> {
  const [port] = await distinctFreePorts(1);
  const { cmd, args } = tsNode('src/api/server.ts', opts.cpuProfileDir);
  const proc = spawnService({
    name: 'api',
    cmd,
    args,
    cwd: REPO,
    logDir: opts.logDir,
    env: {
      NODE_ENV: 'development',
      LOG_LEVEL: opts.logLevel,
      TEMPORAL_ADDRESS: opts.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: REPLACEMENT_QUEUE,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      DATA_DIR: opts.dataDir,
      AUTH_JWT_SECRET: JWT_SECRET,
      // The load comes from a handful of customer tokens; the per-customer limit is not under test.
      RATE_LIMIT_CUSTOMER_PER_MINUTE: '100000000',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/readyz`, 120_000, proc);
  return { proc, url };
}

export async function startNoop(opts: { logDir: string; dir: string }): Promise<StartedApi> {
  const [port] = await distinctFreePorts(1);
  const { cmd, args } = tsNode('bench/service/noop.ts');
  const proc = spawnService({ name: 'noop', cmd, args, cwd: REPO, logDir: opts.logDir, env: { BENCH_NOOP_PORT: String(port), BENCH_DIR: opts.dir } });
  await proc.waitForLine('BENCH_READY', 60_000);
  return { proc, url: `http://127.0.0.1:${port}` };
}

export async function waitForHttp(url: string, timeoutMs: number, proc?: ServiceProcess): Promise<number> {
  const t0 = performance.now();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return Math.round(performance.now() - t0);
    } catch {
      /* not listening yet */
    }
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) throw new Error(`${proc.name} exited:\n${proc.tail()}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms${proc ? `:\n${proc.tail()}` : ''}`);
    await delay(50);
  }
}
