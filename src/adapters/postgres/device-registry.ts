// What the warehouse knows about devices: serials it has flagged (a counterfeit, reported stolen),
// and units it has already received back under a replacement. Requests for those wait for review.
import type pg from 'pg';
import type { DeviceFlagReason, DeviceHistory } from '../../domain/device';
import type { DeviceRegistry, FlaggedDevice } from '../../ports/devices';

interface FlagRow {
  serial: string;
  reason: DeviceFlagReason;
  note: string | null;
  flagged_by: string;
  flagged_at: Date;
}

const toFlagged = (r: FlagRow): FlaggedDevice => ({
  serial: r.serial,
  reason: r.reason,
  note: r.note,
  flaggedBy: r.flagged_by,
  flaggedAt: r.flagged_at.toISOString(),
});

export class PgDeviceRegistry implements DeviceRegistry {
  constructor(private readonly pool: pg.Pool) {}

  async history(serial: string, excludeReplacementId: string): Promise<DeviceHistory> {
    const [flag, returned] = await Promise.all([
      this.pool.query<FlagRow>('SELECT * FROM flagged_devices WHERE serial = $1', [serial]),
      this.pool.query<{ id: string }>(
        `SELECT id FROM replacements
         WHERE upper(btrim(view->>'serialNumber')) = $1 AND id <> $2 AND view->>'receivedAt' IS NOT NULL
         ORDER BY created_at LIMIT 1`,
        [serial, excludeReplacementId],
      ),
    ]);
    return {
      flagged: flag.rows[0] ? { reason: flag.rows[0].reason, note: flag.rows[0].note } : null,
      returnedUnder: returned.rows[0]?.id ?? null,
    };
  }

  async flag(device: { serial: string; reason: DeviceFlagReason; note?: string; flaggedBy: string }): Promise<FlaggedDevice> {
    const { rows } = await this.pool.query<FlagRow>(
      `INSERT INTO flagged_devices (serial, reason, note, flagged_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (serial) DO UPDATE SET reason = EXCLUDED.reason, note = EXCLUDED.note, flagged_by = EXCLUDED.flagged_by, flagged_at = now()
       RETURNING *`,
      [device.serial, device.reason, device.note ?? null, device.flaggedBy],
    );
    return toFlagged(rows[0]);
  }

  async flagged(limit: number): Promise<FlaggedDevice[]> {
    const { rows } = await this.pool.query<FlagRow>('SELECT * FROM flagged_devices ORDER BY flagged_at DESC LIMIT $1', [limit]);
    return rows.map(toFlagged);
  }
}
