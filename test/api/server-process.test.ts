// The API entry point as a real process: it starts from environment configuration, serves, and on
// SIGTERM stops accepting connections, finishes the requests in flight, and exits cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { devServerAddress, devServerNamespace } from '../helpers/temporal';
import { freePort, httpReady, startProcess, type StartedProcess } from '../helpers/processes';
import { JWT_SECRET } from './support/api-world';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

const REPO = resolve(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'api-server-test-'));
const started: StartedProcess[] = [];
let postgres: TestPostgres;

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(env: Record<string, string>): Promise<{ proc: StartedProcess; base: string; exited: Promise<number | null> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: 'api server',
    cmd: process.execPath,
    args: ['--import', 'tsx', 'src/api/server.ts'],
    cwd: REPO,
    env: {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: JWT_SECRET,
      TEMPORAL_NAMESPACE: devServerNamespace(),
      DATABASE_URL: postgres.url,
      ...env,
    },
    readyCheck: () => httpReady(`${base}/healthz`),
    readyTimeoutMs: 60_000,
  });
  started.push(proc);
  const exited = new Promise<number | null>((done) => {
    if (proc.child.exitCode !== null) done(proc.child.exitCode);
    else proc.child.once('exit', (code) => done(code));
  });
  return { proc, base, exited };
}

function get(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((done, fail) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .once('error', fail);
  });
}

it('starts from its environment, prints its URL and is ready when Temporal and the database answer', async () => {
  const { proc, base } = await startServer({ TEMPORAL_ADDRESS: devServerAddress() });
  expect(proc.output()).toContain(`API listening on ${base}`);
  const ready = await get(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(JSON.parse(ready.body).checks).toEqual({ temporal: 'ok', database: 'ok' });
});

it('on SIGTERM finishes the request in flight, refuses new connections and exits 0', async () => {
  // Unreachable Temporal: /readyz takes a couple of seconds to give up, a request to catch mid-flight.
  const { proc, base, exited } = await startServer({ TEMPORAL_ADDRESS: '127.0.0.1:1' });
  const inFlight = get(`${base}/readyz`);
  await new Promise((r) => setTimeout(r, 300));
  proc.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 200));
  await expect(get(`${base}/healthz`)).rejects.toThrow(/ECONNREFUSED/);

  const answered = await inFlight;
  expect(answered.status).toBe(503);
  expect(JSON.parse(answered.body).checks).toMatchObject({ temporal: expect.stringMatching(/^failed/) });
  const answeredAt = Date.now();
  expect(await exited).toBe(0);
  // Not held open by the client's idle keep-alive connection.
  expect(Date.now() - answeredAt).toBeLessThan(2_000);
});
