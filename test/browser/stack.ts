// Playwright's global setup: the real stack as `npm start` runs it (scripts/start.js) on a fresh
// data directory and free ports. Its URL goes to the tests in PORTAL_URL; the returned function
// stops it (SIGINT to its process group, as Ctrl-C does) and removes the data directory.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../helpers/processes';
import { bearer } from './helpers';

const REPO = resolve(__dirname, '..', '..');

/** Units received of every product before the tests: the demo seed is sized for a walk-through, not for every spec. */
const TEST_STOCK = 200;

/** The warehouse receives stock over the API, as a person would: every spec can ship what it requests. */
async function restock(url: string): Promise<void> {
  const auth = { Authorization: await bearer('warehouse', 'pw-stock') };
  const catalog = (await (await fetch(`${url}/v1/catalog`, { headers: auth })).json()) as { items: Array<{ sku: string }> };
  for (const { sku } of catalog.items) {
    const res = await fetch(`${url}/v1/warehouse/stock/${encodeURIComponent(sku)}/receipts`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ quantity: TEST_STOCK, note: 'browser tests' }),
    });
    if (res.status !== 201) throw new Error(`restocking ${sku} answered ${res.status}: ${await res.text()}`);
  }
}

export default async function startStack(): Promise<() => Promise<void>> {
  if (process.env.PORTAL_URL) return async () => {}; // a stack of your own, e.g. `npm start`
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-browser-'));
  const names = ['TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'SMTP_PORT', 'MAILPIT_UI_PORT', 'HTTP_PORT', 'EMBEDDED_DB_PORT'];
  const ports: Record<string, string> = {};
  for (const name of names) ports[name] = String(await freePort());
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|TEMPORAL_|SMTP_|HTTP_|AUTH_|DEMO_|MAILPIT_|NODE_ENV$|LOG_LEVEL$)/.test(k)),
  );
  const child = spawn(process.execPath, ['scripts/start.js'], {
    cwd: REPO,
    // The 3-D Secure wait shortened from the policy's 30 minutes, so an abandoned challenge ends within the test.
    env: { ...inherited, DATA_DIR: dataDir, AUTHENTICATION_WAIT_SECONDS: '45', ...ports },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-100_000)));
  child.stderr!.on('data', (b: Buffer) => (out = (out + b.toString()).slice(-100_000)));
  const t0 = Date.now();
  while (!out.includes('Express replacement service is running')) {
    if (child.exitCode !== null) throw new Error(`scripts/start.js exited with ${child.exitCode}:\n${out}`);
    if (Date.now() - t0 > 5 * 60_000) throw new Error(`the stack did not come up within 5 minutes:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const url = `http://127.0.0.1:${ports.HTTP_PORT}`;
  process.env.PORTAL_URL = url;
  process.env.STACK_PORTS = JSON.stringify({ ...ports, DATA_DIR: dataDir }); // for tests that read Mailpit or the database
  process.stderr.write(`[browser] stack ready at ${url} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  await restock(url);
  return async () => {
    const exited = new Promise((done) => child.once('exit', done));
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
