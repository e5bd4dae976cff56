// Applies db/migrations/*.sql in file-name order, each once, each in its own transaction, recorded
// in schema_migrations. Runs at every start of the API and the worker: a session advisory lock makes
// concurrent starts take turns, and each migration re-checks schema_migrations inside its own
// transaction, so a runner that waited (or shares a backend, as on the embedded PGlite where every
// connection is one session and the advisory lock does not exclude) skips what the other applied.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

/** Arbitrary, fixed: every runner of this service's schema must use the same key. */
export const MIGRATION_LOCK_KEY = '7343016251837202431';
const FILE_PATTERN = /^(\d{4,})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: string; // the file name without `.sql`
  sql: string;
  checksum: string;
}

/** db/migrations of the repository, from src/adapters/postgres (tsx, jest) or dist/src/adapters/postgres (built). */
export function defaultMigrationsDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'db', 'migrations');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no db/migrations directory above ${__dirname}`);
  }
}

export function loadMigrations(dir = defaultMigrationsDir()): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const bad = files.filter((f) => !FILE_PATTERN.test(f));
  if (bad.length > 0) throw new Error(`migration file names must look like 0001_name.sql: ${bad.join(', ')}`);
  return files.sort().map((file) => {
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version: file.slice(0, -'.sql'.length), sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** Applies what is missing; returns the versions this call applied. */
export async function migrate(pool: pg.Pool, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  const applied: string[] = [];
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version text PRIMARY KEY,
           checksum text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      for (const m of migrations) {
        await client.query('BEGIN');
        try {
          const { rows } = await client.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m.version]);
          if (rows.length > 0) {
            // An applied migration must never change: the databases it ran on would differ from new ones.
            if (rows[0].checksum !== m.checksum) throw new Error(`migration ${m.version} was changed after it was applied`);
          } else {
            await client.query(m.sql); // no parameters: the simple protocol runs every statement in the file
            await client.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [m.version, m.checksum]);
            applied.push(m.version);
          }
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (err instanceof Error) err.message = `migration ${m.version}: ${err.message}`;
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
  return applied;
}
