// A `pg` pool with the service's timeouts; idle-client errors go to a listener instead of crashing.
import pg from 'pg';

export function createPool(url: string, opts: { max?: number; applicationName?: string; onError?: (err: Error) => void } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // Without a listener an idle client's error would crash the process.
  pool.on('error', opts.onError ?? (() => undefined));
  return pool;
}
