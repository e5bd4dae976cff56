// The benchmark harness at a tiny size, so it cannot rot: every phase runs, every lifecycle
// completes, the report has its shape, and no process is left behind. No timing is asserted —
// a shared 2-core machine makes any threshold a coin toss.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processesMentioning } from '../../bench/lib/procs';

const REPO = path.resolve(__dirname, '..', '..');
const N = 3;
const SCALE = 8;

jest.setTimeout(600_000);

interface Summary {
  n: number;
  completed: number;
  failed: number;
  lifecyclesPerS: number;
}
interface Latency {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
}

let report: Record<string, any>;
let exitCode: number | null;
let output = '';
let harnessPid = 0;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  const out = path.join(dir, 'report.json');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/run.ts',
      '--n',
      String(N),
      '--concurrency',
      '2',
      '--scale',
      String(SCALE),
      '--duration',
      '1',
      '--startup-reps',
      '1',
      '--out',
      out,
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  harnessPid = child.pid ?? 0;
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  report = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : {};
  fs.rmSync(dir, { recursive: true, force: true });
});

const why = () => `harness output:\n${output.slice(-6000)}`;

it('finishes on its own with exit code 0 and a report without an error', () => {
  expect({ exitCode, error: report.error }).toEqual({ exitCode: 0, error: undefined });
  expect(report.schema).toBe(1);
  expect(Object.keys(report.phases ?? {}).sort()).toEqual(['ceiling', 'latency', 'ours', 'scale', 'startup']);
  expect(report.machine).toEqual(expect.objectContaining({ nproc: expect.any(Number), cpuModel: expect.any(String) }));
  expect(report.loadavgAtStart).toHaveLength(3);
});

it('completes every lifecycle, through the raw client and through the API', () => {
  if (!report.phases) throw new Error(why());
  for (const name of ['ceiling', 'ours']) {
    const phase = report.phases[name];
    expect(phase.summary as Summary).toEqual(expect.objectContaining({ n: N, completed: N, failed: 0, lifecyclesPerS: expect.any(Number) }));
    expect(phase.stateTransitionsPerS).toEqual(expect.any(Number));
  }
  // The ceiling must keep the replacement workflow's shape: when the workflow gains or loses an
  // activity, an update or a timer, bench/ceiling/workflows.ts has to follow.
  const shape = (h: Record<string, number>) => ({ activities: h.activities, updates: h.updates, timers: h.timers });
  expect(shape(report.phases.ceiling.history)).toEqual(shape(report.phases.ours.history));
  expect(report.phases.ours.ratioToCeiling).toEqual(expect.any(Number));
});

it('measures every endpoint, and every request and lifecycle of the latency phase succeeds', () => {
  const latency = report.phases?.latency;
  if (!latency) throw new Error(why());
  const endpoints = latency.endpoints as Record<string, Latency>;
  expect(Object.keys(endpoints).sort()).toEqual(['create', 'dispatch', 'financeSummary', 'get', 'inspection', 'noop', 'receipt']);
  for (const step of ['create', 'dispatch', 'receipt', 'inspection']) expect([step, endpoints[step].ok]).toEqual([step, N]);
  for (const [name, e] of Object.entries(endpoints)) {
    expect([name, e.non2xx, e.errors]).toEqual([name, 0, 0]);
    expect(e.ok).toBeGreaterThan(0);
    expect(e.p99).toBeGreaterThanOrEqual(e.p50);
  }
  expect(latency.lifecycles).toEqual({ started: N, completed: N, other: [] });
  expect(Object.keys(latency.ratioToNoop).sort()).toEqual(['create', 'dispatch', 'financeSummary', 'get', 'inspection', 'receipt']);
});

it('holds the requested number of replacements open and measures memory, database growth and reads at that size', () => {
  const scale = report.phases?.scale;
  if (!scale) throw new Error(why());
  expect({ requested: scale.requested, open: scale.open, failed: scale.failed }).toEqual({ requested: SCALE, open: SCALE, failed: 0 });
  expect(scale.checkpoints.map((c: { n: number }) => c.n)).toEqual([2, 4, 6, 8]);
  for (const c of scale.checkpoints) expect(c.workerRssMiB).toBeGreaterThan(0);
  expect(scale.dbBytesPerReplacement).toBeGreaterThan(0);
  expect(scale.maxCachedWorkflows).toBeGreaterThan(0);
  expect(Object.keys(scale.latency).sort()).toEqual(['financeSummary', 'get', 'list', 'receipt']);
  for (const [name, e] of Object.entries(scale.latency as Record<string, Latency>)) expect([name, e.non2xx, e.errors, e.ok > 0]).toEqual([name, 0, 0, true]);
});

it('times worker start-up both ways and npm start to /readyz, which stops on Ctrl-C leaving nothing behind', () => {
  const startup = report.phases?.startup;
  if (!startup) throw new Error(why());
  for (const mode of ['prebuilt', 'bundling']) {
    expect(startup.worker[mode]).toEqual([expect.objectContaining({ spawnToReadyMs: expect.any(Number), workerCreateMs: expect.any(Number) })]);
  }
  expect(startup.npmStart).toEqual(expect.objectContaining({ readyzMs: expect.any(Number), exitedOnSigint: true, processesLeftAfterStop: [] }));
  expect(startup.npmStart.processesWhileRunning).toBeGreaterThanOrEqual(4);
});

it('leaves no process running', () => {
  expect(report.leftoverProcesses).toEqual([]);
  expect(processesMentioning(`express-replacement-bench-${harnessPid}-`)).toEqual([]);
});
