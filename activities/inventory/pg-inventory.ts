// Stock in PostgreSQL. `available` = on_hand − reserved; a reservation takes one unit in the same
// transaction that records it, under a conditional UPDATE, so concurrent reserves never oversell
// (and the table's CHECK (reserved <= on_hand) would refuse it if they tried). A reservation is
// keyed by the replacement: a retried reserve with the same id never takes a second unit.
import type pg from 'pg';
import { toSafeInteger, withTransaction } from '../../src/db/sql';
import type { Inventory, ReserveResult } from './inventory';

export type ReservationState = 'reserved' | 'released' | 'shipped';

export class PgInventory implements Inventory {
  constructor(private readonly pool: pg.Pool) {}

  reserve({ sku, reservationId }: { sku: string; reservationId: string }): Promise<ReserveResult> {
    return withTransaction(this.pool, async (client) => {
      // Waits for a concurrent reserve of the same id, then sees its row (or inserts if it rolled back).
      const inserted = await client.query(
        `INSERT INTO stock_reservations (reservation_id, sku, state)
         SELECT $1, $2, 'reserved' WHERE EXISTS (SELECT 1 FROM inventory WHERE sku = $2)
         ON CONFLICT (reservation_id) DO NOTHING`,
        [reservationId, sku],
      );
      if (inserted.rowCount === 0) {
        const { rows } = await client.query<{ sku: string; state: ReservationState }>(
          'SELECT sku, state FROM stock_reservations WHERE reservation_id = $1 FOR UPDATE',
          [reservationId],
        );
        if (rows.length === 0) return { reserved: false, onHand: 0 }; // a SKU this warehouse never stocked
        const existing = rows[0];
        if (existing.sku !== sku) throw new Error(`stock reservation ${reservationId} is for ${existing.sku}, not ${sku}`);
        if (existing.state !== 'released') return { reserved: true };
        // Released earlier (e.g. cancelled, then retried): it may take a unit again.
      }
      const taken = await client.query(
        `UPDATE inventory SET reserved = reserved + 1, updated_at = now()
         WHERE sku = $1 AND on_hand - reserved > 0`,
        [sku],
      );
      if (taken.rowCount === 0) {
        // Nothing to take: drop the row just inserted, and commit so the answer can say what is left.
        await client.query(`DELETE FROM stock_reservations WHERE reservation_id = $1 AND state = 'reserved'`, [reservationId]);
        return { reserved: false, onHand: await this.availableWith(client, sku) };
      }
      if (inserted.rowCount === 0) {
        await client.query(`UPDATE stock_reservations SET state = 'reserved', updated_at = now() WHERE reservation_id = $1`, [reservationId]);
      }
      return { reserved: true };
    });
  }

  async release({ reservationId }: { reservationId: string }): Promise<void> {
    // One statement: the state change and the unit returned happen together or not at all.
    await this.pool.query(
      `WITH r AS (
         UPDATE stock_reservations SET state = 'released', updated_at = now()
         WHERE reservation_id = $1 AND state = 'reserved'
         RETURNING sku
       )
       UPDATE inventory i SET reserved = i.reserved - 1, updated_at = now() FROM r WHERE i.sku = r.sku`,
      [reservationId],
    );
  }

  async commit({ reservationId }: { reservationId: string }): Promise<void> {
    const { rows } = await this.pool.query<{ shipped: boolean }>(
      `WITH r AS (
         UPDATE stock_reservations SET state = 'shipped', updated_at = now()
         WHERE reservation_id = $1 AND state = 'reserved'
         RETURNING sku
       ), i AS (
         UPDATE inventory i SET on_hand = i.on_hand - 1, reserved = i.reserved - 1, updated_at = now()
         FROM r WHERE i.sku = r.sku
         RETURNING i.sku
       )
       SELECT EXISTS (SELECT 1 FROM i) AS shipped`,
      [reservationId],
    );
    if (rows[0].shipped) return;
    // Not shipped by this statement. Its snapshot predates a concurrent commit of the same reservation
    // that it waited for, so read the state again in a fresh statement before calling it an error.
    const state = await this.stateOf(reservationId);
    if (state === 'shipped') return; // shipped by an earlier or concurrent attempt
    if (state === null) throw new Error(`no stock reservation ${reservationId}`);
    throw new Error(`stock reservation ${reservationId} was released`);
  }

  async available(sku: string): Promise<number> {
    return this.availableWith(this.pool, sku);
  }

  async restock({ sku, quantity }: { sku: string; quantity: number }): Promise<number> {
    if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError('quantity must be a positive integer');
    const { rows } = await this.pool.query<{ available: number }>(
      `INSERT INTO inventory (sku, on_hand) VALUES ($1, $2)
       ON CONFLICT (sku) DO UPDATE SET on_hand = inventory.on_hand + EXCLUDED.on_hand, updated_at = now()
       RETURNING on_hand - reserved AS available`,
      [sku, quantity],
    );
    return rows[0].available;
  }

  /** Stock for SKUs never seen before (the embedded default's demo stock); existing rows are left alone. */
  async seedIfAbsent(stock: Record<string, number>): Promise<void> {
    const entries = Object.entries(stock);
    if (entries.length === 0) return;
    await this.pool.query(
      `INSERT INTO inventory (sku, on_hand)
       SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (sku) DO NOTHING`,
      [entries.map(([sku]) => sku), entries.map(([, n]) => n)],
    );
  }

  /** On hand and reserved of one SKU, for operations and tests. */
  async stock(sku: string): Promise<{ onHand: number; reserved: number }> {
    const { rows } = await this.pool.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM inventory WHERE sku = $1', [sku]);
    return rows.length ? { onHand: rows[0].on_hand, reserved: rows[0].reserved } : { onHand: 0, reserved: 0 };
  }

  async reservation(reservationId: string): Promise<{ sku: string; state: ReservationState } | undefined> {
    const { rows } = await this.pool.query<{ sku: string; state: ReservationState }>(
      'SELECT sku, state FROM stock_reservations WHERE reservation_id = $1',
      [reservationId],
    );
    return rows[0];
  }

  private async stateOf(reservationId: string): Promise<ReservationState | null> {
    const { rows } = await this.pool.query<{ state: ReservationState }>('SELECT state FROM stock_reservations WHERE reservation_id = $1', [reservationId]);
    return rows[0]?.state ?? null;
  }

  private async availableWith(q: Pick<pg.Pool, 'query'> | pg.PoolClient, sku: string): Promise<number> {
    const { rows } = await q.query<{ available: string }>('SELECT (on_hand - reserved)::text AS available FROM inventory WHERE sku = $1', [sku]);
    return rows.length ? toSafeInteger(rows[0].available) : 0;
  }
}
