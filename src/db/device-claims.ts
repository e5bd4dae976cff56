// Claims on devices (normalized serial numbers) in PostgreSQL: at most one replacement holds a
// device at a time, whatever the number of API instances. See db/migrations/0010_device_claims.sql.
import type pg from 'pg';
import type { DeviceClaim } from '../domain/device';

export type ClaimResult = { claimed: true } | { claimed: false; holder: DeviceClaim };

export interface DeviceClaims {
  /** Takes the device for `replacementId`, or says who holds it. */
  claim(serial: string, replacementId: string, customerSub: string): Promise<ClaimResult>;
  /** Moves the claim from `fromReplacementId` to the requester; false when it was no longer theirs. */
  takeOver(serial: string, fromReplacementId: string, replacementId: string, customerSub: string): Promise<boolean>;
  /** Gives the device back, if `replacementId` holds it. */
  release(serial: string, replacementId: string): Promise<void>;
}

export class PgDeviceClaims implements DeviceClaims {
  constructor(private readonly pool: pg.Pool) {}

  async claim(serial: string, replacementId: string, customerSub: string): Promise<ClaimResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.pool.query(
        'INSERT INTO device_claims (serial, replacement_id, customer_sub) VALUES ($1, $2, $3) ON CONFLICT (serial) DO NOTHING',
        [serial, replacementId, customerSub],
      );
      if (inserted.rowCount === 1) return { claimed: true };
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
