// Opens the service's database: PostgreSQL at DATABASE_URL, or the embedded PGlite default.
// Either way callers get a `pg` Pool, so production and the embedded default run the same code.
// Migrations and reference data are applied on open (safe when the API and the worker open at once).
import pg from 'pg';
import type { Config } from '../config';
import { discoverEmbeddedServer, EmbeddedServerBusyError, startEmbeddedServer, type EmbeddedServer } from '../sandboxes/embedded-postgres/embedded';
import { migrate } from '../adapters/postgres/migrate';
import { createPool } from '../adapters/postgres/pool';

export { createPool };
import { seedReferenceData } from '../adapters/postgres/seed';

export type DatabaseConfig = Pick<Config, 'DATA_DIR' | 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'EMBEDDED_DB_HOST' | 'EMBEDDED_DB_PORT'>;

export interface Database {
  pool: pg.Pool;
  url: string;
  /** True when the embedded PGlite default serves it. */
  embedded: boolean;
  /** Ends the pool, then (if this process started it) the embedded server. Safe to call twice. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Apply pending migrations. Default true. */
  migrate?: boolean;
  /** Upsert the catalog and policy versions after migrating. Default: as `migrate`. */
  seed?: boolean;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** How long to wait for another process that is starting the embedded server. Default 30 s. */
  embeddedWaitMs?: number;
  /** Errors of idle pooled connections (a restarted server); the next query reconnects. */
  onPoolError?: (err: Error) => void;
}

export async function openDatabase(config: DatabaseConfig, opts: OpenDatabaseOptions = {}): Promise<Database> {
  let owned: EmbeddedServer | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    const embedded = await connectEmbedded(config, opts.embeddedWaitMs ?? 30_000);
    url = embedded.url;
    owned = embedded.server;
  }
  const pool = createPool(url, { max: config.DATABASE_POOL_MAX, applicationName: opts.applicationName, onError: opts.onPoolError });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await pool.end();
      await owned?.close();
    })());
  try {
    if (opts.migrate ?? true) await migrate(pool);
    if (opts.seed ?? opts.migrate ?? true) await seedReferenceData(pool);
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
  return { pool, url, embedded: !config.DATABASE_URL, close };
}

/**
 * The embedded server of this DATA_DIR: the one another process runs (`npm start` runs
 * src/sandboxes/embedded-postgres/server.ts for that), or, when there is none, one started in this process.
 */
async function connectEmbedded(config: DatabaseConfig, waitMs: number): Promise<{ url: string; server?: EmbeddedServer }> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const url = discoverEmbeddedServer(config.DATA_DIR);
    if (url && (await reachable(url))) return { url };
    try {
      const server = await startEmbeddedServer({ dataDir: config.DATA_DIR, host: config.EMBEDDED_DB_HOST, port: config.EMBEDDED_DB_PORT });
      return { url: server.url, server };
    } catch (err) {
      // Another process owns the data directory and is still starting: wait for its address.
      if (!(err instanceof EmbeddedServerBusyError) || Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** True when a PostgreSQL at `url` accepts a connection (used by start-up and test tooling). */
export async function reachable(url: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
