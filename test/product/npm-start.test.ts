// The product as a newcomer meets it: the real `npm start` (scripts/start.js) on a fresh data
// directory and free ports, then the README's walk-through (`npm run demo`) — customer, warehouse,
// the label from the dispatch email, the carrier scan, receipt and inspection, finance — checked
// again here through HTTP and the mail inbox; Ctrl-C (SIGINT to the process group) leaves no process
// and no port behind; a second `npm start` keeps the stock and the replacement of the first.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signDevToken } from '../../src/api/dev-token';
import { DEV_AUTH_JWT_SECRET } from '../../src/config';
import { descendantsOf, freePort, isAlive, killTree } from '../helpers/processes';
import { replacementBody } from '../api/support/requests';

jest.setTimeout(10 * 60_000);

const REPO = resolve(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-smoke-'));
const ports: Record<'TEMPORAL_PORT' | 'TEMPORAL_UI_PORT' | 'SMTP_PORT' | 'MAILPIT_UI_PORT' | 'HTTP_PORT' | 'EMBEDDED_DB_PORT', number> = {} as never;
let env: NodeJS.ProcessEnv;
let running: { child: ChildProcess; output: () => string; processes: Set<number> } | undefined;

const api = () => `http://127.0.0.1:${ports.HTTP_PORT}`;
const token = (role: 'customer' | 'warehouse' | 'finance' | 'admin', sub: string) =>
  signDevToken({ AUTH_JWT_SECRET: DEV_AUTH_JWT_SECRET, AUTH_JWT_ALGORITHM: 'HS256' }, { role, sub });

async function getJson(path: string, who: Promise<string>): Promise<any> {
  const res = await fetch(`${api()}${path}`, { headers: { Authorization: `Bearer ${await who}` } });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  for (const name of Object.keys({ TEMPORAL_PORT: 0, TEMPORAL_UI_PORT: 0, SMTP_PORT: 0, MAILPIT_UI_PORT: 0, HTTP_PORT: 0, EMBEDDED_DB_PORT: 0 })) {
    ports[name as keyof typeof ports] = await freePort();
  }
  // What a newcomer's shell has: no service configuration, only where to put things.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|TEMPORAL_|SMTP_|HTTP_|AUTH_|DEMO_|MAILPIT_|NODE_ENV$|LOG_LEVEL$)/.test(k)),
  );
  env = { ...inherited, DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
});

afterAll(() => {
  if (running) {
    for (const pid of [...running.processes, running.child.pid!]) killTree(pid);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` as a terminal runs it: its own process group, output kept for failures. */
async function npmStart(): Promise<void> {
  // A test that failed half-way leaves its npm start running; this one must not meet its ports.
  if (running) {
    const pids = [...running.processes, running.child.pid!];
    for (const pid of pids) killTree(pid);
    while (pids.some(isAlive)) await new Promise((r) => setTimeout(r, 100));
    running = undefined;
  }
  const child = spawn('npm', ['start'], { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-200_000)));
  child.stderr!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-200_000)));
  running = { child, output: () => out, processes: new Set() };
  const t0 = Date.now();
  const deadline = t0 + 5 * 60_000;
  for (;;) {
    for (const pid of descendantsOf(child.pid!)) running.processes.add(pid);
    if (out.includes('Express replacement service is running')) break;
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up within 5 minutes:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  expect((await fetch(`${api()}/readyz`)).status).toBe(200);
  for (const pid of descendantsOf(child.pid!)) running.processes.add(pid);
  process.stderr.write(`[smoke] npm start ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${running.processes.size} processes)\n`);
  // It prints where everything is, on the ports it was given.
  expect(out).toContain(`http://localhost:${ports.HTTP_PORT}/v1`);
  expect(out).toMatch(new RegExp(`Portal\\s+http://localhost:${ports.HTTP_PORT}/\\s`));
  expect(out).toContain(`http://localhost:${ports.MAILPIT_UI_PORT}`);
  expect(out).toContain(`http://localhost:${ports.TEMPORAL_UI_PORT}`);
}

/** Ctrl-C: SIGINT to the process group, then nothing of it may be left, no port still taken. */
async function ctrlC(): Promise<void> {
  const { child, processes, output } = running!;
  const exited = new Promise<string>((done) => child.once('exit', (code, signal) => done(signal ?? `code ${code}`)));
  const t0 = Date.now();
  process.kill(-child.pid!, 'SIGINT');
  const how = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
  // npm itself dies of the SIGINT, as in a terminal; start.js stops its servers and says so.
  const stopped = /\[start\] stopped\s*$/.test(output());
  expect({ how, stopped, output: stopped ? '' : output() }).toEqual({ how: expect.stringMatching(/^(SIGINT|code 0)$/), stopped: true, output: '' });
  process.stderr.write(`[smoke] Ctrl-C stopped everything in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const left = [...processes].filter(isAlive).map((pid) => `${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
  expect(left).toEqual([]);
  for (const [name, port] of Object.entries(ports)) expect({ name, inUse: await inUse(port) }).toEqual({ name, inUse: false });
  running = undefined;
}

function inUse(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

let serviceNumber: string;

test('a fresh npm start ships a replacement through the README walk-through, and Ctrl-C leaves nothing behind', async () => {
  await npmStart();

  // The demo stock is there on a fresh data directory (5 of every product, journalled as a seed).
  const stock = await getJson('/v1/warehouse/stock', token('warehouse', 'ola'));
  const iphone = stock.items.find((i: { sku: string }) => i.sku === 'IP17P-256');
  expect(iphone).toMatchObject({ onHand: 5, reserved: 0, available: 5, waiting: 0 });

  const t0 = Date.now();
  const demo = spawnSync('npm', ['run', '-s', 'demo'], { cwd: REPO, env, encoding: 'utf8', timeout: 180_000 });
  process.stderr.write(`[smoke] npm run demo: exit ${demo.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  expect({ status: demo.status, out: demo.status === 0 ? '' : `${demo.stdout}\n${demo.stderr}\n--- npm start ---\n${running!.output()}` }).toEqual({
    status: 0,
    out: '',
  });
  serviceNumber = demo.stdout.match(/^service number: (RMA-[0-9A-Z]+)$/m)![1];

  // What the walk-through did, seen again from each audience's side.
  const view = await getJson(`/v1/replacements/${serviceNumber}`, token('admin', 'root'));
  expect(view).toMatchObject({ status: 'completed', resolution: 'fee_charged', capturedAmount: 30_000, hold: { state: 'captured' } });
  expect(view.timeline.map((e: { type: string }) => e.type)).toEqual(
    expect.arrayContaining(['dispatched', 'return_in_transit', 'return_received', 'inspected', 'settled']),
  );
  const summary = await getJson('/v1/finance/summary', token('finance', 'frida'));
  expect(summary.totals.find((t: { currency: string }) => t.currency === 'NOK')).toMatchObject({ captured: 30_000 });
  const csv = await fetch(`${api()}/v1/finance/ledger.csv`, { headers: { Authorization: `Bearer ${await token('finance', 'frida')}` } }).then((r) => r.text());
  expect(csv.split('\n').filter((l) => l.includes(serviceNumber) && l.includes(',captured,300.00,30000,'))).toHaveLength(1);
  const inbox = (await fetch(`http://127.0.0.1:${ports.MAILPIT_UI_PORT}/api/v1/messages?limit=50`).then((r) => r.json())) as {
    messages: Array<{ Subject: string }>;
  };
  expect(inbox.messages.map((m) => m.Subject)).toEqual(expect.arrayContaining([expect.stringMatching(/on its way/)]));
  expect((await getJson('/v1/warehouse/stock', token('warehouse', 'ola'))).items.find((i: { sku: string }) => i.sku === 'IP17P-256')).toMatchObject({
    onHand: 4,
    reserved: 0,
  });

  await ctrlC();
});

test('a second npm start keeps the stock and the replacements of the first (no re-seed)', async () => {
  await npmStart();
  const stock = await getJson('/v1/warehouse/stock', token('warehouse', 'ola'));
  expect(stock.items.find((i: { sku: string }) => i.sku === 'IP17P-256')).toMatchObject({ onHand: 4 });
  const journal = await getJson('/v1/warehouse/stock/IP17P-256/movements', token('warehouse', 'ola'));
  expect(journal.items.map((m: { kind: string; quantity: number }) => [m.kind, m.quantity])).toEqual([
    ['shipment', -1],
    ['seed', 5],
  ]);
  expect(await getJson(`/v1/replacements/${serviceNumber}`, token('customer', 'kari'))).toMatchObject({ status: 'completed', capturedAmount: 30_000 });
  await threeDSecureThroughTheSandboxPage();
  await ctrlC();
});

/** A card asking for 3-D Secure: the API's challenge page (one process) answers, the worker's workflow (another) places the hold. */
async function threeDSecureThroughTheSandboxPage(): Promise<void> {
  const created: any = await fetch(`${api()}/v1/replacements`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${await token('customer', 'kari')}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': `smoke-3ds-${Date.now()}`,
      Prefer: 'wait=10',
    },
    body: JSON.stringify(replacementBody({ paymentMethodId: 'pm_card_authenticationRequired' })),
  }).then((r) => r.json());
  expect(created.hold).toMatchObject({ state: 'requires_authentication', nextAction: { type: 'redirect' } });
  const returnUrl = `/replacements/${created.id}`;
  const answered = await fetch(`${api()}${created.hold.nextAction.url}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ answer: 'approve', returnUrl }).toString(),
    redirect: 'manual',
  });
  expect({ status: answered.status, location: answered.headers.get('location') }).toEqual({ status: 303, location: returnUrl });
  const deadline = Date.now() + 30_000;
  let view = await getJson(`/v1/replacements/${created.id}`, token('customer', 'kari'));
  while (view.status !== 'awaiting_dispatch' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    view = await getJson(`/v1/replacements/${created.id}`, token('customer', 'kari'));
  }
  expect(view).toMatchObject({ status: 'awaiting_dispatch', hold: { state: 'active', authorizationId: created.hold.authorizationId } });
}
