// Small helpers shared by the repositories.
import type pg from 'pg';

/** Anything that runs a query: a pool or a checked-out client. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** Runs `fn` in one transaction on one connection; rolls back if it throws. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * A bigint/numeric column (which `pg` hands over as a string) as a JS number. Amounts are minor
 * units; one that a number cannot hold exactly is refused rather than silently rounded.
 */
export function toSafeInteger(value: unknown, what = 'value'): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} ${String(value)} is not a safe integer`);
  return n;
}

/** Refuses an amount the ledger must never hold: negative, fractional or beyond 2^53. */
export function assertAmount(value: number, what = 'amount'): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative safe integer (minor units), got ${value}`);
}

export const isoOrNull = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** An epoch-ms instant or ISO string as the ISO string PostgreSQL reads exactly (no float rounding). */
export function toTimestamp(value: number | string): string {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(value)}`);
  return new Date(ms).toISOString();
}

/** SQLSTATE of a PostgreSQL error, if it is one. */
export const sqlState = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
