// The whole service as real child processes, like `npm start` runs it, but on free ports and a
// throwaway DATA_DIR: Temporal dev server (persisted SQLite), Mailpit, the embedded PostgreSQL
// (PGlite in a process of its own, as `npm start` runs it), the worker and the API. Each
// runs in its own process group (test/helpers/processes.ts), so a kill takes everything it forked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { devServerSearchAttributeArgs } from '../../workflows/search-attributes';
import { freePort, httpReady, killGroup, startProcess, tcpReady, type StartedProcess } from '../helpers/processes';

const REPO = path.resolve(__dirname, '..', '..');

export const CHAOS_JWT_SECRET = 'chaos-run-jwt-secret-0123456789-abcdefghij';

export interface Binaries {
  temporal: string;
  mailpit: string;
}

export interface Ports {
  temporal: number;
  temporalHttp: number;
  temporalMetrics: number;
  smtp: number;
  mailpitHttp: number;
  database: number;
  api: number;
}

type Role = 'temporal' | 'mailpit' | 'database' | 'worker' | 'api';

export interface ProcessRecord {
  role: Role;
  incarnation: number;
  pid: number;
  startedAt: number;
  endedAt: number | null;
  /** How it ended: killed by the chaos schedule, stopped, or exited on its own. */
  end: 'sigkill' | 'stopped' | 'exited' | null;
  exit: string | null;
  output: () => string;
}

export class Cluster {
  readonly dir: string;
  readonly dataDir: string;
  readonly records: ProcessRecord[] = [];
  private readonly current = new Map<Role, { proc: StartedProcess; record: ProcessRecord }>();
  private readonly incarnations = new Map<Role, number>();
  private bundlePath = '';

  private constructor(
    readonly bins: Binaries,
    readonly ports: Ports,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-replacement-chaos-'));
    this.dataDir = path.join(this.dir, 'data');
    fs.mkdirSync(this.dataDir, { recursive: true });
  }

  static async create(bins: Binaries): Promise<Cluster> {
    const taken = new Set<number>();
    const next = async (): Promise<number> => {
      for (;;) {
        const p = await freePort();
        if (!taken.has(p)) {
          taken.add(p);
          return p;
        }
      }
    };
    const ports: Ports = {
      temporal: await next(),
      temporalHttp: await next(),
      temporalMetrics: await next(),
      smtp: await next(),
      mailpitHttp: await next(),
      database: await next(),
      api: await next(),
    };
    return new Cluster(bins, ports);
  }

  get temporalAddress(): string {
    return `127.0.0.1:${this.ports.temporal}`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.api}`;
  }

  get databaseUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.ports.database}/postgres`;
  }

  get mailpitUrl(): string {
    return `http://127.0.0.1:${this.ports.mailpitHttp}`;
  }

  /** Workers start from a prebuilt bundle: six webpack runs would eat the time budget. */
  async buildBundle(): Promise<void> {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve(path.join(REPO, 'workflows')),
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    this.bundlePath = path.join(this.dir, 'workflow-bundle.js');
    fs.writeFileSync(this.bundlePath, code);
  }

  private serviceEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.ports.smtp),
      MAILPIT_API_URL: `http://127.0.0.1:${this.ports.mailpitHttp}`,
      HTTP_PORT: String(this.ports.api),
      DATA_DIR: this.dataDir,
      DATABASE_URL: this.databaseUrl,
      AUTH_JWT_SECRET: CHAOS_JWT_SECRET,
      WORKFLOW_BUNDLE_PATH: this.bundlePath,
      // Never inherit a fault setting meant for another run.
      SANDBOX_PAYMENT_FAULTS: '',
      ...extra,
    };
  }

  private async launch(
    role: Role,
    cmd: string,
    args: string[],
    env: Record<string, string>,
    ready: (p: StartedProcess) => Promise<boolean>,
    timeoutMs: number,
  ) {
    if (this.current.has(role)) throw new Error(`${role} is already running`);
    const incarnation = this.incarnations.get(role) ?? 0;
    this.incarnations.set(role, incarnation + 1);
    const startedAt = Date.now();
    const proc = await startProcess({ name: `chaos-${role}`, cmd, args, env, cwd: REPO, readyCheck: ready, readyTimeoutMs: timeoutMs, readyIntervalMs: 200 });
    const record: ProcessRecord = { role, incarnation, pid: proc.pid, startedAt, endedAt: null, end: null, exit: null, output: () => proc.output() };
    proc.child.once('exit', (code, signal) => {
      record.endedAt ??= Date.now();
      record.end ??= 'exited';
      record.exit = signal ?? `code ${code}`;
      if (this.current.get(role)?.proc === proc) this.current.delete(role);
    });
    this.records.push(record);
    this.current.set(role, { proc, record });
    return record;
  }

  isRunning(role: Role): boolean {
    return this.current.has(role);
  }

  pidOf(role: Role): number | undefined {
    return this.current.get(role)?.proc.pid;
  }

  startTemporal(): Promise<ProcessRecord> {
    return this.launch(
      'temporal',
      this.bins.temporal,
      [
        'server',
        'start-dev',
        '--headless',
        '--ip',
        '127.0.0.1',
        '--port',
        String(this.ports.temporal),
        '--http-port',
        String(this.ports.temporalHttp),
        '--metrics-port',
        String(this.ports.temporalMetrics),
        '--db-filename',
        path.join(this.dir, 'temporal.db'),
        '--namespace',
        'default',
        '--log-level',
        'error',
        // WAL without an fsync per commit: still survives the process being stopped or killed (the
        // restart this run does), and keeps the dev server's SQLite from becoming the bottleneck.
        '--sqlite-pragma',
        'journal_mode=wal',
        '--sqlite-pragma',
        'synchronous=normal',
        ...devServerSearchAttributeArgs(),
      ],
      {},
      () => tcpReady(this.ports.temporal),
      60_000,
    );
  }

  startMailpit(): Promise<ProcessRecord> {
    return this.launch(
      'mailpit',
      this.bins.mailpit,
      [
        '--smtp',
        `127.0.0.1:${this.ports.smtp}`,
        '--listen',
        `127.0.0.1:${this.ports.mailpitHttp}`,
        '--database',
        path.join(this.dir, 'mailpit.db'),
        '--smtp-auth-accept-any',
        '--smtp-auth-allow-insecure',
        '--disable-version-check',
        '--smtp-disable-rdns',
        '--quiet',
        // Mailpit prunes beyond 500 messages by default; every message is evidence here.
        '--max',
        '0',
        // Deliberately no --ignore-duplicate-ids: a duplicate must be visible to the checks.
      ],
      {},
      async () => (await httpReady(`${this.mailpitUrl}/readyz`)) && (await tcpReady(this.ports.smtp)),
      30_000,
    );
  }

  /** Its own process, so killing the worker never takes the database with it. */
  startDatabase(): Promise<ProcessRecord> {
    return this.launch(
      'database',
      process.execPath,
      ['--import', 'tsx', 'src/sandboxes/embedded-postgres/server.ts'],
      { LOG_LEVEL: 'warn', DATA_DIR: this.dataDir, EMBEDDED_DB_HOST: '127.0.0.1', EMBEDDED_DB_PORT: String(this.ports.database) },
      async (p) => p.output().includes('DATABASE_URL='),
      180_000,
    );
  }

  startWorker(faultsJson: string): Promise<ProcessRecord> {
    // `node --import tsx` rather than the tsx CLI: one process, no relay in between.
    return this.launch(
      'worker',
      process.execPath,
      ['--import', 'tsx', 'worker/main.ts'],
      this.serviceEnv({ SANDBOX_PAYMENT_FAULTS: faultsJson }),
      async (p) => p.output().includes('worker ready'),
      90_000,
    );
  }

  startApi(): Promise<ProcessRecord> {
    return this.launch(
      'api',
      process.execPath,
      ['--import', 'tsx', 'src/api/server.ts'],
      this.serviceEnv(),
      async () =>
        (await fetch(`${this.apiUrl}/readyz`).then(
          (r) => r.status,
          () => 0,
        )) === 200,
      90_000,
    );
  }

  /** SIGKILL the whole process group: no shutdown hooks, no draining — a crash. */
  async kill(role: Role): Promise<ProcessRecord> {
    const entry = this.current.get(role);
    if (!entry) throw new Error(`${role} is not running`);
    entry.record.end = 'sigkill';
    entry.record.endedAt = Date.now();
    killGroup(entry.proc.pid, 'SIGKILL');
    await entry.proc.stop(0);
    this.current.delete(role);
    return entry.record;
  }

  /** SIGTERM (graceful), SIGKILL after `graceMs`. */
  async stop(role: Role, graceMs = 10_000): Promise<void> {
    const entry = this.current.get(role);
    if (!entry) return;
    entry.record.end ??= 'stopped';
    entry.record.endedAt ??= Date.now();
    await entry.proc.stop(graceMs);
    this.current.delete(role);
  }

  /** API first, then the worker, then the servers: the order `npm start` stops them in. */
  async stopAll(): Promise<void> {
    for (const role of ['api', 'worker', 'database', 'mailpit', 'temporal'] as const) await this.stop(role, role === 'worker' ? 20_000 : 10_000);
  }

  /** Process groups of every incarnation that still have a live member (should be none). */
  leftovers(): ProcessRecord[] {
    return this.records.filter((r) => groupHasLiveMember(r.pid));
  }

  /** Ports still accepting connections after everything was stopped. */
  async openPorts(): Promise<number[]> {
    const open: number[] = [];
    for (const p of Object.values(this.ports)) if (await tcpReady(p)) open.push(p);
    return open;
  }

  remove(): void {
    if (process.env.CHAOS_KEEP_DATA === '1') return;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Any non-zombie process whose process group is `pgid` (Linux /proc). */
function groupHasLiveMember(pgid: number): boolean {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    } catch {
      /* exited while reading */
    }
  }
  return false;
}
