// The ledger in PostgreSQL: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE), unique on
// the idempotency key, amounts as bigint. Finance reads totals from it with SQL instead of loading
// every entry.
import type pg from 'pg';
import { assertAmount, toSafeInteger, toTimestamp } from './sql';
import {
  LEDGER_KINDS,
  type Ledger,
  type LedgerBucket,
  type LedgerEntry,
  type LedgerFilter,
  type LedgerKind,
  type LedgerReader,
  type LedgerTotals,
  type LedgerTotalsRow,
} from '../../ports/ledger';

const FIELD: Record<LedgerKind, keyof Omit<LedgerTotals, 'collected' | 'entries'>> = {
  authorized: 'authorized',
  re_authorized: 'reAuthorized',
  captured: 'captured',
  released: 'released',
  charged: 'charged',
  charge_failed: 'chargeFailed',
  refunded: 'refunded',
  authorization_failed: 'authorizationFailed',
};

/** The bucket label of an entry in Oslo time; `date_trunc('week')` starts ISO weeks on Monday. */
const BUCKET_SQL: Record<LedgerBucket, string> = {
  day: `to_char(at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD')`,
  week: `to_char(date_trunc('week', at AT TIME ZONE 'Europe/Oslo'), 'YYYY-MM-DD')`,
  month: `to_char(at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM')`,
};

interface EntryRow {
  idempotency_key: string;
  replacement_id: string;
  kind: LedgerKind;
  amount: string;
  currency: string;
  provider: string;
  provider_ref: string | null;
  at: Date;
  note: string | null;
}

export class PgLedger implements Ledger, LedgerReader {
  constructor(private readonly pool: pg.Pool) {}

  async append(entry: LedgerEntry): Promise<{ inserted: boolean }> {
    assertAmount(entry.amount);
    if (!LEDGER_KINDS.includes(entry.kind)) throw new RangeError(`unknown ledger kind ${String(entry.kind)}`);
    const { rowCount } = await this.pool.query(
      `INSERT INTO ledger_entries (idempotency_key, replacement_id, kind, amount, currency, provider, provider_ref, at, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        entry.idempotencyKey,
        entry.replacementId,
        entry.kind,
        String(entry.amount),
        entry.currency,
        entry.provider,
        entry.providerRef ?? null,
        toTimestamp(entry.at),
        entry.note ?? null,
      ],
    );
    return { inserted: rowCount === 1 };
  }

  /** Entries in the order they happened (ties in the order they were recorded). */
  async entries(filter: LedgerFilter = {}): Promise<LedgerEntry[]> {
    const { where, params } = whereClause(filter);
    const { rows } = await this.pool.query<EntryRow>(
      `SELECT idempotency_key, replacement_id, kind, amount, currency, provider, provider_ref, at, note
       FROM ledger_entries ${where} ORDER BY at, id`,
      params,
    );
    return rows.map(toEntry);
  }

  /**
   * Totals per currency for a period, optionally per Oslo day or month (finance thinks in local
   * days). Sums are computed as numeric and refused if they no longer fit a safe integer.
   */
  async totals(filter: LedgerFilter = {}, bucket: LedgerBucket | null = null): Promise<LedgerTotalsRow[]> {
    const { where, params } = whereClause(filter);
    const bucketExpr = bucket === null ? 'NULL::text' : BUCKET_SQL[bucket];
    const { rows } = await this.pool.query<{ bucket: string | null; currency: string; kind: LedgerKind; total: string; n: string }>(
      `SELECT ${bucketExpr} AS bucket, currency, kind, sum(amount)::numeric::text AS total, count(*)::text AS n
       FROM ledger_entries ${where}
       GROUP BY 1, currency, kind
       ORDER BY 1, currency, kind`,
      params,
    );
    const groups = new Map<string, LedgerTotalsRow>();
    for (const r of rows) {
      const key = `${r.bucket ?? ''}\u0000${r.currency}`;
      let t = groups.get(key);
      if (!t) {
        t = { bucket: r.bucket, currency: r.currency, ...emptyTotals() };
        groups.set(key, t);
      }
      t[FIELD[r.kind]] += toSafeInteger(r.total, `${r.kind} total`);
      t.entries += toSafeInteger(r.n);
    }
    for (const t of groups.values()) t.collected = t.captured + t.charged - t.refunded;
    return [...groups.values()];
  }

  /** Totals per replacement, for lists that show each replacement's money (one query for a page). */
  async totalsByReplacement(replacementIds: readonly string[]): Promise<Map<string, LedgerTotals>> {
    const result = new Map<string, LedgerTotals>(replacementIds.map((id) => [id, emptyTotals()]));
    if (replacementIds.length === 0) return result;
    const { rows } = await this.pool.query<{ replacement_id: string; kind: LedgerKind; total: string; n: string }>(
      `SELECT replacement_id, kind, sum(amount)::numeric::text AS total, count(*)::text AS n
       FROM ledger_entries WHERE replacement_id = ANY($1::text[])
       GROUP BY replacement_id, kind`,
      [replacementIds],
    );
    for (const r of rows) {
      const t = result.get(r.replacement_id)!;
      t[FIELD[r.kind]] += toSafeInteger(r.total, `${r.kind} total`);
      t.entries += toSafeInteger(r.n);
    }
    for (const t of result.values()) t.collected = t.captured + t.charged - t.refunded;
    return result;
  }
}

function emptyTotals(): LedgerTotals {
  return {
    authorized: 0,
    reAuthorized: 0,
    captured: 0,
    released: 0,
    charged: 0,
    chargeFailed: 0,
    refunded: 0,
    authorizationFailed: 0,
    collected: 0,
    entries: 0,
  };
}

function whereClause(filter: LedgerFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.replacementId !== undefined) {
    params.push(filter.replacementId);
    clauses.push(`replacement_id = $${params.length}`);
  }
  if (filter.from !== undefined) {
    params.push(toTimestamp(filter.from));
    clauses.push(`at >= $${params.length}`);
  }
  if (filter.to !== undefined) {
    params.push(toTimestamp(filter.to));
    clauses.push(`at < $${params.length}`);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function toEntry(r: EntryRow): LedgerEntry {
  return {
    idempotencyKey: r.idempotency_key,
    replacementId: r.replacement_id,
    kind: r.kind,
    amount: toSafeInteger(r.amount, 'amount'),
    currency: r.currency,
    provider: r.provider,
    ...(r.provider_ref !== null ? { providerRef: r.provider_ref } : {}),
    at: r.at.getTime(),
    ...(r.note !== null ? { note: r.note } : {}),
  };
}
