// Schema migrations against a real PostgreSQL server: applied once, re-runs apply nothing,
// concurrent starts (the API and the worker together) serialize on the advisory lock.
import pg from 'pg';
import { loadMigrations, migrate, MIGRATION_LOCK_KEY } from '../../src/adapters/postgres/migrate';
import { createPool, openDatabase } from '../../src/composition/database';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

let server: TestPostgres;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  server = await startPostgres();
  process.stderr.write(`[db] postgres: initdb ${server.startupMs.initdb} ms, start ${server.startupMs.start} ms\n`);
});

afterAll(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
  await server?.stop();
});

async function freshPool(max = 4): Promise<pg.Pool> {
  const pool = createPool(await server.createDatabase(), { max });
  pools.push(pool);
  return pool;
}

const ALL = loadMigrations().map((m) => m.version);

async function tables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  it('are ordered files applied in name order, each recorded in schema_migrations', async () => {
    expect(ALL.length).toBeGreaterThanOrEqual(5);
    expect([...ALL].sort()).toEqual(ALL);
    const pool = await freshPool();
    expect(await migrate(pool)).toEqual(ALL);
    const { rows } = await pool.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY applied_at, version');
    expect(rows.map((r) => r.version)).toEqual(ALL);
    expect(await tables(pool)).toEqual([
      'catalog_items',
      'device_claims',
      'finance_actions',
      'flagged_devices',
      'inventory',
      'ledger_entries',
      'policy_versions',
      'processed_webhooks',
      'reconciliation_findings',
      'replacements',
      'schema_migrations',
      'sent_emails',
      'sessions',
      'stock_movements',
      'stock_reservations',
      'stock_waiters',
    ]);
  });

  it('apply nothing the second time', async () => {
    const pool = await freshPool();
    await migrate(pool);
    expect(await migrate(pool)).toEqual([]);
    expect((await pool.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n).toBe(ALL.length);
  });

  it('run concurrently from several pools without error, each migration applied exactly once', async () => {
    const url = await server.createDatabase();
    const racers = Array.from({ length: 4 }, () => {
      const p = createPool(url, { max: 2 });
      pools.push(p);
      return p;
    });
    const results = await Promise.all(racers.map((p) => migrate(p)));
    expect(results.flat().sort()).toEqual(ALL);
    const { rows } = await racers[0].query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(ALL.length);
  });

  it('wait for the advisory lock another runner holds', async () => {
    const url = await server.createDatabase();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const pool = createPool(url, { max: 2 });
      pools.push(pool);
      let done = false;
      const running = migrate(pool).then((applied) => ((done = true), applied));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(done).toBe(false);
      expect(await tables(pool)).toEqual([]);
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      expect(await running).toEqual(ALL);
    } finally {
      await holder.end();
    }
  });

  it('refuse to run when an applied migration was edited', async () => {
    const pool = await freshPool();
    const migrations = loadMigrations();
    await migrate(pool, migrations);
    const edited = migrations.map((m, i) => (i === 1 ? { ...m, sql: `${m.sql}\n-- edited`, checksum: 'different' } : m));
    await expect(migrate(pool, edited)).rejects.toThrow(`migration ${ALL[1]} was changed after it was applied`);
  });

  it('roll back a migration that fails, leaving it unrecorded', async () => {
    const pool = await freshPool();
    const broken = [...loadMigrations(), { version: '9999_broken', sql: 'CREATE TABLE half_done (id int); SELECT 1/0;', checksum: 'x' }];
    await expect(migrate(pool, broken)).rejects.toThrow(/migration 9999_broken: division by zero/);
    expect(await tables(pool)).not.toContain('half_done');
    const { rows } = await pool.query(`SELECT 1 FROM schema_migrations WHERE version = '9999_broken'`);
    expect(rows).toHaveLength(0);
  });

  it('openDatabase migrates and seeds on open, also when two processes open at once', async () => {
    const url = await server.createDatabase();
    const config = { DATA_DIR: '/nonexistent', DATABASE_URL: url, DATABASE_POOL_MAX: 3, EMBEDDED_DB_HOST: '127.0.0.1', EMBEDDED_DB_PORT: 0 };
    const [api, worker] = await Promise.all([openDatabase(config), openDatabase(config)]);
    try {
      expect(api.embedded).toBe(false);
      const { rows } = await api.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows[0].n).toBe(ALL.length);
      const items = await worker.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_items');
      expect(items.rows[0].n).toBeGreaterThan(0);
    } finally {
      await Promise.all([api.close(), worker.close()]);
    }
  });
});
