// Reconciliation findings in PostgreSQL: what finance has to look at, one open row per movement.
import type pg from 'pg';
import { toSafeInteger, toTimestamp } from './sql';
import type { MovementKind } from '../../ports/payment-gateway';
import type { Finding, FindingResolution, FindingStore, StoredFinding } from '../../ports/reconciliation';

interface Row {
  id: string;
  run_at: Date;
  replacement_id: string;
  kind: MovementKind;
  ledger_amount: string | null;
  provider_amount: string | null;
  provider_ref: string | null;
  detail: string;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

const COLUMNS = 'id, run_at, replacement_id, kind, ledger_amount, provider_amount, provider_ref, detail, resolved_at, resolved_by, resolution_note';

export class PgReconciliationFindings implements FindingStore {
  constructor(private readonly pool: pg.Pool) {}

  async record(findings: readonly Finding[], runAt: number): Promise<{ inserted: number }> {
    let inserted = 0;
    for (const f of findings) {
      // xmax = 0 only on a freshly inserted row: tells a new finding from a refreshed one.
      const { rows } = await this.pool.query<{ inserted: boolean }>(
        `INSERT INTO reconciliation_findings (run_at, replacement_id, kind, ledger_amount, provider_amount, provider_ref, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (replacement_id, kind, (COALESCE(provider_ref, '')))
         DO UPDATE SET ledger_amount = EXCLUDED.ledger_amount, provider_amount = EXCLUDED.provider_amount, detail = EXCLUDED.detail
         WHERE reconciliation_findings.resolved_at IS NULL
         RETURNING (xmax = 0) AS inserted`,
        [
          toTimestamp(runAt),
          f.replacementId,
          f.kind,
          f.ledgerAmount === null ? null : String(f.ledgerAmount),
          f.providerAmount === null ? null : String(f.providerAmount),
          f.providerRef,
          f.detail,
        ],
      );
      if (rows[0]?.inserted) inserted += 1;
    }
    return { inserted };
  }

  /** For finance: open findings (or all), oldest first. */
  async list(filter: { openOnly?: boolean; limit?: number } = {}): Promise<StoredFinding[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS}
       FROM reconciliation_findings ${filter.openOnly === false ? '' : 'WHERE resolved_at IS NULL'}
       ORDER BY run_at, id LIMIT $1`,
      [filter.limit ?? 500],
    );
    return rows.map(toFinding);
  }

  async get(id: number): Promise<StoredFinding | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM reconciliation_findings WHERE id = $1`, [id]);
    return rows.length ? toFinding(rows[0]) : undefined;
  }

  /** Marks a finding dealt with; later runs leave it resolved. */
  async resolve(id: number, at: number, by?: Omit<FindingResolution, 'at'>): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE reconciliation_findings SET resolved_at = $2, resolved_by = $3, resolution_note = $4 WHERE id = $1 AND resolved_at IS NULL',
      [id, toTimestamp(at), by?.by ?? null, by?.note ?? null],
    );
    return rowCount === 1;
  }
}

function toFinding(r: Row): StoredFinding {
  return {
    id: toSafeInteger(r.id, 'id'),
    runAt: r.run_at.getTime(),
    replacementId: r.replacement_id,
    kind: r.kind,
    ledgerAmount: r.ledger_amount === null ? null : toSafeInteger(r.ledger_amount, 'ledger_amount'),
    providerAmount: r.provider_amount === null ? null : toSafeInteger(r.provider_amount, 'provider_amount'),
    providerRef: r.provider_ref,
    detail: r.detail,
    resolvedAt: r.resolved_at ? r.resolved_at.getTime() : null,
    resolvedBy: r.resolved_by,
    resolutionNote: r.resolution_note,
  };
}
