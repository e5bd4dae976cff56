// Claims on devices (normalized serial numbers) in PostgreSQL: at most one replacement holds a
// device at a time, whatever the number of API instances. See db/migrations/0010_device_claims.sql.
import type pg from 'pg';
import type { DeviceClaim } from '../../domain/device';
import type { ClaimResult, DeviceClaims } from '../../ports/devices';
import { withTransaction } from './sql';

export class PgDeviceClaims implements DeviceClaims {
  constructor(private readonly pool: pg.Pool) {}

  async claim(serial: string, replacementId: string, customerSub: string, maxOpenForCustomer = Number.POSITIVE_INFINITY): Promise<ClaimResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await withTransaction(this.pool, async (client) => {
        // One request per customer at a time counts and claims, so concurrent requests cannot all fit under the limit.
        await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('device-claims:' || $1, 0))`, [customerSub]);
        const own = await client.query<{ n: string; mine: boolean }>(
          'SELECT count(*) FILTER (WHERE replacement_id <> $2)::text AS n, bool_or(replacement_id = $2) AS mine FROM device_claims WHERE customer_sub = $1',
          [customerSub, replacementId],
        );
        const open = Number(own.rows[0].n);
        if (!own.rows[0].mine && open >= maxOpenForCustomer) return { limited: open, inserted: false };
        const inserted = await client.query(
          'INSERT INTO device_claims (serial, replacement_id, customer_sub) VALUES ($1, $2, $3) ON CONFLICT (serial) DO NOTHING',
          [serial, replacementId, customerSub],
        );
        return { limited: undefined, inserted: inserted.rowCount === 1 };
      });
      if (outcome.limited !== undefined) return { claimed: false, holder: null, openForCustomer: outcome.limited };
      if (outcome.inserted) return { claimed: true };
      const { rows } = await this.pool.query<{ replacement_id: string; customer_sub: string; claimed_at: Date }>(
        'SELECT replacement_id, customer_sub, claimed_at FROM device_claims WHERE serial = $1',
        [serial],
      );
      // Released between the insert and the read: try again.
      if (rows.length === 0) continue;
      return { claimed: false, holder: { replacementId: rows[0].replacement_id, customerSub: rows[0].customer_sub, claimedAt: rows[0].claimed_at.getTime() } };
    }
    throw new Error(`could not claim device ${serial}: its claim keeps changing`);
  }

  async claimsOf(customerSub: string): Promise<Array<DeviceClaim & { serial: string }>> {
    const { rows } = await this.pool.query<{ serial: string; replacement_id: string; customer_sub: string; claimed_at: Date }>(
      'SELECT serial, replacement_id, customer_sub, claimed_at FROM device_claims WHERE customer_sub = $1 ORDER BY claimed_at',
      [customerSub],
    );
    return rows.map((r) => ({ serial: r.serial, replacementId: r.replacement_id, customerSub: r.customer_sub, claimedAt: r.claimed_at.getTime() }));
  }

  async takeOver(serial: string, fromReplacementId: string, replacementId: string, customerSub: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE device_claims SET replacement_id = $3, customer_sub = $4, claimed_at = now() WHERE serial = $1 AND replacement_id = $2',
      [serial, fromReplacementId, replacementId, customerSub],
    );
    return rowCount === 1;
  }

  async release(serial: string, replacementId: string): Promise<void> {
    await this.pool.query('DELETE FROM device_claims WHERE serial = $1 AND replacement_id = $2', [serial, replacementId]);
  }
}
