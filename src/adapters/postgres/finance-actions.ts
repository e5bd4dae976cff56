// Finance actions in PostgreSQL (table `finance_actions`). A reservation reads the ledger's sums and
// the replacement's other actions and inserts the pending action in one transaction under an
// advisory lock per replacement: two refunds asked for at once are decided one after the other.
import type pg from 'pg';
import type { FinanceDecision } from '../../domain/finance';
import type { ActorRole, FinanceActionKind, FinanceActionOutcome, FinanceActionState } from '../../domain/vocabulary';
import type { FinanceActionRecord, FinanceActionStore, NewFinanceAction, ReservationFacts } from '../../ports/finance-actions';
import { toSafeInteger, toTimestamp, withTransaction, type Queryable } from './sql';

interface Row {
  id: string;
  replacement_id: string;
  kind: FinanceActionKind;
  amount: string;
  currency: string;
  reason: string | null;
  state: FinanceActionState;
  outcome: FinanceActionOutcome | null;
  actor_sub: string;
  actor_role: ActorRole;
  requested_at: Date;
  completed_at: Date | null;
  provider_ref: string | null;
}

const COLUMNS = 'id, replacement_id, kind, amount, currency, reason, state, outcome, actor_sub, actor_role, requested_at, completed_at, provider_ref';

function toRecord(r: Row): FinanceActionRecord {
  return {
    id: r.id,
    replacementId: r.replacement_id,
    kind: r.kind,
    amount: toSafeInteger(r.amount, 'amount'),
    currency: r.currency,
    reason: r.reason,
    state: r.state,
    outcome: r.outcome,
    actor: { sub: r.actor_sub, role: r.actor_role },
    requestedAt: r.requested_at.getTime(),
    completedAt: r.completed_at ? r.completed_at.getTime() : null,
    providerRef: r.provider_ref,
  };
}

async function selectOne(db: Queryable, id: string): Promise<FinanceActionRecord | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM finance_actions WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

async function facts(db: Queryable, replacementId: string, exceptId: string): Promise<ReservationFacts> {
  const { rows } = await db.query<{ captured: string; charged: string; refunded: string; failed: string | null }>(
    `SELECT COALESCE(sum(amount) FILTER (WHERE kind = 'captured'), 0)::text AS captured,
            COALESCE(sum(amount) FILTER (WHERE kind = 'charged'), 0)::text AS charged,
            COALESCE(sum(amount) FILTER (WHERE kind = 'refunded'), 0)::text AS refunded,
            (array_agg(amount ORDER BY at DESC, id DESC) FILTER (WHERE kind = 'charge_failed'))[1]::text AS failed
       FROM ledger_entries WHERE replacement_id = $1`,
    [replacementId],
  );
  const others = await db.query<Row>(`SELECT ${COLUMNS} FROM finance_actions WHERE replacement_id = $1 AND id <> $2 ORDER BY requested_at, id`, [
    replacementId,
    exceptId,
  ]);
  const r = rows[0];
  return {
    collected: { captured: toSafeInteger(r.captured), charged: toSafeInteger(r.charged), refunded: toSafeInteger(r.refunded) },
    failedChargeAmount: r.failed === null ? null : toSafeInteger(r.failed),
    others: others.rows.map(toRecord),
  };
}

export class PgFinanceActions implements FinanceActionStore {
  constructor(private readonly pool: pg.Pool) {}

  reserve(action: NewFinanceAction, decide: (facts: ReservationFacts) => FinanceDecision): Promise<{ action: FinanceActionRecord } | { refused: string }> {
    return withTransaction(this.pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('finance-actions:' || $1, 0))`, [action.replacementId]);
      const existing = await selectOne(client, action.id);
      if (existing) return { action: existing };
      const decision = decide(await facts(client, action.replacementId, action.id));
      if (!decision.allowed) return { refused: decision.detail };
      const { rows } = await client.query<Row>(
        `INSERT INTO finance_actions (id, replacement_id, kind, amount, currency, reason, state, actor_sub, actor_role, requested_at)
         VALUES ($1, $2, $3, $4, 'NOK', $5, 'pending', $6, $7, $8) RETURNING ${COLUMNS}`,
        [
          action.id,
          action.replacementId,
          action.kind,
          String(decision.amount),
          action.reason,
          action.actor.sub,
          action.actor.role,
          toTimestamp(action.requestedAt),
        ],
      );
      return { action: toRecord(rows[0]) };
    });
  }

  async complete(id: string, result: { outcome: FinanceActionOutcome; providerRef: string | null; at: number }): Promise<FinanceActionRecord> {
    await this.pool.query(`UPDATE finance_actions SET state = 'done', outcome = $2, provider_ref = $3, completed_at = $4 WHERE id = $1 AND state = 'pending'`, [
      id,
      result.outcome,
      result.providerRef,
      toTimestamp(result.at),
    ]);
    const done = await selectOne(this.pool, id);
    if (!done) throw new Error(`no finance action ${id}`);
    return done;
  }

  async fail(id: string, at: number): Promise<void> {
    await this.pool.query(`UPDATE finance_actions SET state = 'failed', completed_at = $2 WHERE id = $1 AND state = 'pending'`, [id, toTimestamp(at)]);
  }

  get(id: string): Promise<FinanceActionRecord | undefined> {
    return selectOne(this.pool, id);
  }

  async list(replacementId: string): Promise<FinanceActionRecord[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM finance_actions WHERE replacement_id = $1 ORDER BY requested_at, id`, [replacementId]);
    return rows.map(toRecord);
  }
}
