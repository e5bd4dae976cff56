// Retention of personal data: once a replacement has been closed for long enough, the customer's
// contact details go from the read model; ids, amounts and statuses stay (finance and the ledger need
// them). Sent-email records (which hold the recipient's address) older than the same cutoff are
// deleted: they only have to outlast an email activity's retries, a day at most.
import type pg from 'pg';
import { toTimestamp } from './sql';
import { PgSentEmailStore } from './sent-emails';
import type { PersonalDataRetention } from '../../ports/retention';

/** Stands in for the address: the column is NOT NULL and the API shows it as-is. */
export const REDACTED_EMAIL = 'redacted@redacted.invalid';

export class PgPersonalDataRetention implements PersonalDataRetention {
  constructor(private readonly pool: pg.Pool) {}

  async redactClosedBefore(cutoff: number, now: number): Promise<number> {
    await new PgSentEmailStore(this.pool).prune(cutoff);
    // Personal keys are removed wherever the view may carry them (top level and `customer`), so a
    // view shape that grows an address later is covered too; `redacted_at` makes a rerun a no-op.
    const { rowCount } = await this.pool.query(
      `UPDATE replacements SET
         email = $3,
         view = (view - 'shippingAddress' - 'address' - 'name' - 'phone' - 'email')
                || jsonb_build_object('customer',
                     (COALESCE(view->'customer', '{}'::jsonb) - 'name' - 'phone' - 'address' - 'shippingAddress')
                     || jsonb_build_object('email', $3::text)),
         redacted_at = $2
       WHERE completed_at IS NOT NULL AND completed_at < $1 AND redacted_at IS NULL`,
      [toTimestamp(cutoff), toTimestamp(now), REDACTED_EMAIL],
    );
    return rowCount ?? 0;
  }
}
