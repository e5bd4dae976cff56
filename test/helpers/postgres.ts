/**
 * A real PostgreSQL server for database tests. With TEST_DATABASE_URL set, that server is used;
 * otherwise each caller (a test file) starts its own from the PostgreSQL server binaries installed
 * on the machine (Debian's postgresql package: /usr/lib/postgresql/<version>/bin), in a temporary
 * directory on a free port — initdb and start take about a second. Either way every call gets a
 * fresh database of its own, dropped (or thrown away with the server) by stop().
 *
 * PostgreSQL refuses to run as root; when the tests do, initdb and postgres run as the `postgres`
 * user through runuser.
 */
import { reachable } from '../../src/composition/database';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addCleanup, freePort, startProcess, type StartedProcess } from './processes';

export interface TestPostgres {
  /** A fresh, empty database for the caller. */
  url: string;
  /** Another fresh, empty database on the same server. */
  createDatabase(): Promise<string>;
  /** Milliseconds initdb and server start took (0 when TEST_DATABASE_URL is used). */
  startupMs: { initdb: number; start: number };
  stop(): Promise<void>;
}

const SEARCH_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL server's bin directory (the one with initdb and postgres). */
export function findPostgresBin(): string {
  const fromEnv = process.env.TEST_POSTGRES_BIN;
  const candidates = fromEnv
    ? [fromEnv]
    : (fs.existsSync(SEARCH_ROOT) ? fs.readdirSync(SEARCH_ROOT) : [])
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join(SEARCH_ROOT, v, 'bin'));
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')));
  if (!found) {
    throw new Error(
      `No PostgreSQL server binaries (initdb, postgres) found under ${fromEnv ?? `${SEARCH_ROOT}/*/bin`}. ` +
        'Install them with `apt-get install postgresql`, or point TEST_DATABASE_URL at a PostgreSQL server ' +
        'whose user may create databases.',
    );
  }
  return found;
}

export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return onServer(external, { initdb: 0, start: 0 }, async () => undefined);

  const bin = findPostgresBin();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'express-replacement-pg-'));
  const removeRoot = () => fs.rmSync(root, { recursive: true, force: true });
  const unregister = addCleanup(removeRoot);
  const data = path.join(root, 'data');
  const asServerUser = serverUser(root);
  let server: StartedProcess | undefined;
  try {
    let t0 = Date.now();
    const initdb = asServerUser(path.join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    const init = spawnSync(initdb.cmd, initdb.args, { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed (${init.error?.message ?? `exit ${init.status}`}):\n${init.stdout}${init.stderr}`);
    const initdbMs = Date.now() - t0;

    t0 = Date.now();
    const port = await freePort();
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // Durability is not under test: skip fsync and WAL flushes so the suite stays fast.
    const postgres = asServerUser(path.join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      root,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ]);
    server = await startProcess({
      name: 'postgres',
      cmd: postgres.cmd,
      args: postgres.args,
      readyCheck: () => reachable(adminUrl, 1_000),
      readyTimeoutMs: 30_000,
      readyIntervalMs: 50,
    });
    const startMs = Date.now() - t0;
    const started = server;
    return await onServer(adminUrl, { initdb: initdbMs, start: startMs }, async () => {
      await stopServer(started, data);
      removeRoot();
      unregister();
    });
  } catch (err) {
    if (server) await stopServer(server, data);
    removeRoot();
    unregister();
    throw err;
  }
}

/** Fresh databases on the server at `adminUrl`; `shutdown` runs after they are dropped. */
async function onServer(adminUrl: string, startupMs: TestPostgres['startupMs'], shutdown: () => Promise<void>): Promise<TestPostgres> {
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  const created: string[] = [];
  const createDatabase = async () => {
    const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const url = await createDatabase();
  return {
    url,
    createDatabase,
    startupMs,
    stop: async () => {
      for (const name of created.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
      await shutdown();
    },
  };
}

/** Runs a server binary as `postgres` when this process is root (PostgreSQL refuses root). */
function serverUser(root: string): (cmd: string, args: string[]) => { cmd: string; args: string[] } {
  if (process.getuid?.() !== 0) return (cmd, args) => ({ cmd, args });
  const entry = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((f) => f[0] === 'postgres');
  if (!entry)
    throw new Error(
      'the tests run as root and there is no `postgres` user to run PostgreSQL as; install the postgresql package or run the tests as another user',
    );
  fs.chownSync(root, Number(entry[2]), Number(entry[3]));
  return (cmd, args) => ({ cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] });
}

/** Fast shutdown (SIGINT to the postmaster: ends sessions, no waiting for clients), then reap the group. */
async function stopServer(server: StartedProcess, data: string): Promise<void> {
  try {
    const postmaster = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (postmaster > 0) process.kill(postmaster, 'SIGINT');
  } catch {
    // not started far enough to have a pid file; the group kill below handles it
  }
  await server.stop(10_000);
}
