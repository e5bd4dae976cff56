// The embedded default: PGlite in DATA_DIR/pglite, served over a loopback socket to `pg` pools in
// any number of processes. Proves that the npm-start entry point serves it as a process of its own,
// that the same migrations and repositories run on it unchanged, that concurrent connections do not
// interleave each other's protocol exchanges or transactions, and that its data survives a restart.
// (PGlite itself loads through dynamic import(), which Jest's module sandbox cannot do, so PGlite
// always runs in a child process here — as it does under `npm start`.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgInventory } from '../../src/adapters/postgres/inventory';
import { PgLedger } from '../../src/adapters/postgres/ledger';
import { embeddedPaths, EmbeddedServerBusyError, startEmbeddedServer } from '../../src/sandboxes/embedded-postgres/embedded';
import { loadMigrations } from '../../src/adapters/postgres/migrate';
import { openDatabase, type Database } from '../../src/composition/database';
import { startProcess, type StartedProcess } from '../helpers/processes';

const REPO = path.resolve(__dirname, '..', '..');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
let dataDir: string;
let serverProcess: StartedProcess | undefined;
const open: Database[] = [];

const config = () => ({ DATA_DIR: dataDir, DATABASE_URL: undefined, DATABASE_POOL_MAX: 6, EMBEDDED_DB_HOST: '127.0.0.1', EMBEDDED_DB_PORT: 0 });

/** Runs src/sandboxes/embedded-postgres/server.ts as `npm start` does; resolves once it printed DATABASE_URL. */
async function startServerProcess(): Promise<{ proc: StartedProcess; url: string; ms: number }> {
  const t0 = Date.now();
  const proc = await startProcess({
    name: 'embedded database',
    cmd: TSX,
    args: ['src/sandboxes/embedded-postgres/server.ts'],
    cwd: REPO,
    env: { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    readyCheck: async (p) => /^DATABASE_URL=\S+$/m.test(p.output()),
    // A fresh data directory runs PGlite's initdb first: seconds, much more on a busy machine.
    readyTimeoutMs: 150_000,
  });
  return { proc, url: /^DATABASE_URL=(\S+)$/m.exec(proc.output())![1], ms: Date.now() - t0 };
}

/**
 * SIGTERM; resolves with the exit code. Sent to tsx alone, which relays it and exits with the
 * server's own code (signalling the whole group lets tsx race its child and report 143).
 */
async function terminate(proc: StartedProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
  process.kill(proc.pid, 'SIGTERM');
  const code = await exited;
  await proc.stop();
  return code;
}

async function openEmbedded(): Promise<Database> {
  const db = await openDatabase(config());
  open.push(db);
  return db;
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-replacement-pglite-'));
});

afterAll(async () => {
  for (const db of open.splice(0)) await db.close();
  await serverProcess?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded PGlite database', () => {
  let url: string;
  let api: Database;
  let worker: Database;

  it('runs as its own process: applies the migrations, prints DATABASE_URL and publishes it in DATA_DIR', async () => {
    const started = await startServerProcess();
    serverProcess = started.proc;
    url = started.url;
    process.stderr.write(`[db] embedded database process ready in ${started.ms} ms\n`);
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(JSON.parse(fs.readFileSync(embeddedPaths(dataDir).address, 'utf8'))).toEqual({ pid: expect.any(Number), url });
    expect(fs.existsSync(path.join(embeddedPaths(dataDir).data, 'PG_VERSION'))).toBe(true);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows[0].n).toBe(loadMigrations().length);
    } finally {
      await client.end();
    }
  }, 180_000);

  it('is what openDatabase uses when DATABASE_URL is unset: ledger append and read through `pg`', async () => {
    api = await openEmbedded();
    expect(api).toMatchObject({ embedded: true, url });
    const ledger = new PgLedger(api.pool);
    const e = {
      idempotencyKey: 'replacement:RMA-EMB:authorize',
      replacementId: 'RMA-EMB',
      kind: 'authorized' as const,
      amount: 1_599_000,
      currency: 'NOK',
      provider: 'sandbox',
      at: Date.parse('2026-11-23T09:00:00.042Z'),
    };
    expect(await ledger.append(e)).toEqual({ inserted: true });
    expect(await ledger.append(e)).toEqual({ inserted: false });
    expect(await ledger.entries({ replacementId: 'RMA-EMB' })).toEqual([e]);
    await expect(api.pool.query('DELETE FROM ledger_entries')).rejects.toMatchObject({ code: '23001' });
  });

  it('is shared by a second opener (the worker), and no second process may open the data directory', async () => {
    worker = await openEmbedded();
    expect(worker.url).toBe(url);
    expect(await new PgLedger(worker.pool).entries({ replacementId: 'RMA-EMB' })).toHaveLength(1);
    await expect(startEmbeddedServer({ dataDir })).rejects.toThrow(EmbeddedServerBusyError);
  });

  it('keeps concurrent connections apart: parameterized queries, failing ones and transactions interleave safely', async () => {
    await api.pool.query('CREATE TABLE counter (n int NOT NULL)');
    await api.pool.query('INSERT INTO counter VALUES (0)');
    const pools = [api.pool, worker.pool];
    const outcomes = await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        const pool = pools[i % 2];
        if (i % 3 === 0) {
          // Fails at Bind; the error must not leak into another connection's exchange.
          return pool.query('SELECT $1::int AS v', [`x${i}`]).then(
            () => 'unexpected success',
            (err: Error) => (/invalid input syntax/.test(err.message) ? 'ok' : err.message),
          );
        }
        if (i % 3 === 1) {
          // Read-modify-write in a transaction: an interleaved transaction would lose updates.
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            const { rows } = await client.query<{ n: number }>('SELECT n FROM counter');
            await new Promise((resolve) => setTimeout(resolve, 1));
            await client.query('UPDATE counter SET n = $1', [rows[0].n + 1]);
            await client.query('COMMIT');
            return 'ok';
          } finally {
            client.release();
          }
        }
        const { rows } = await pool.query<{ v: number; t: string }>('SELECT $1::int AS v, $2::text AS t', [i, `t${i}`]);
        return rows[0].v === i && rows[0].t === `t${i}` ? 'ok' : `wrong row ${JSON.stringify(rows[0])} for ${i}`;
      }),
    );
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    expect((await api.pool.query<{ n: number }>('SELECT n FROM counter')).rows[0].n).toBe(50);
  });

  it('reserves stock atomically from two pools: 5 units, 40 concurrent reserves → exactly 5', async () => {
    const ports = [new PgInventory(api.pool), new PgInventory(worker.pool)];
    await ports[0].restock({ sku: 'EMB-SKU', quantity: 5 });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => ports[i % 2].reserve({ sku: 'EMB-SKU', reservationId: `emb-${i}` })));
    expect(results.filter((r) => r.reserved)).toHaveLength(5);
    expect(await ports[1].stock('EMB-SKU')).toEqual({ onHand: 5, reserved: 5 });
  });

  it('rolls back the transaction of a client that disconnects mid-way, and serves the others on', async () => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    await client.query('BEGIN');
    await client.query('UPDATE counter SET n = -1');
    const waiting = worker.pool.query<{ n: number }>('SELECT n FROM counter'); // waits for the open transaction
    await new Promise((resolve) => setTimeout(resolve, 100));
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].n).toBe(50);
  });

  it('stops cleanly on SIGTERM, takes over a stale lock, and keeps its data across a restart', async () => {
    for (const db of open.splice(0)) await db.close();
    expect(await terminate(serverProcess!)).toBe(0);
    expect(fs.existsSync(embeddedPaths(dataDir).lock)).toBe(false);
    expect(fs.existsSync(embeddedPaths(dataDir).address)).toBe(false);
    // As if the last owner had been killed outright: its lock and address are left behind, stale.
    const deadPid = spawnSync('true').pid!;
    fs.writeFileSync(embeddedPaths(dataDir).lock, String(deadPid));
    fs.writeFileSync(embeddedPaths(dataDir).address, JSON.stringify({ pid: deadPid, url: 'postgres://postgres@127.0.0.1:1/postgres' }));
    const again = await startServerProcess();
    serverProcess = again.proc;
    const reopened = await openEmbedded();
    expect(reopened.url).toBe(again.url);
    expect(await new PgLedger(reopened.pool).entries({ replacementId: 'RMA-EMB' })).toHaveLength(1);
    await reopened.close();
    open.splice(0);
    expect(await terminate(serverProcess)).toBe(0);
    serverProcess = undefined;
  }, 180_000);

  it('is started in-process by openDatabase when no embedded server runs (a process on its own)', async () => {
    // A separate Node process, since PGlite cannot load inside Jest.
    const script = `
      const { openDatabase } = require('./src/composition/database');
      const { PgLedger } = require('./src/adapters/postgres/ledger');
      (async () => {
        const db = await openDatabase(${JSON.stringify(config())});
        const entries = await new PgLedger(db.pool).entries({ replacementId: 'RMA-EMB' });
        process.stdout.write('OWNED ' + JSON.stringify({ embedded: db.embedded, entries: entries.length }) + '\\n');
        await db.close();
        process.stdout.write('CLOSED\\n');
      })().catch((err) => { console.error(err); process.exit(1); });`;
    const proc = await startProcess({
      name: 'in-process owner',
      cmd: TSX,
      args: ['-e', script],
      cwd: REPO,
      readyCheck: async (p) => /CLOSED/.test(p.output()),
      readyTimeoutMs: 150_000,
    });
    try {
      expect(/OWNED (.*)/.exec(proc.output())![1]).toBe(JSON.stringify({ embedded: true, entries: 1 }));
      expect(fs.existsSync(embeddedPaths(dataDir).lock)).toBe(false);
    } finally {
      await proc.stop();
    }
  }, 180_000);
});
