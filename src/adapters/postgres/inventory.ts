// Stock in PostgreSQL. `available` = on_hand − reserved; a reservation takes one unit in the same
// transaction that records it, under a conditional UPDATE, so concurrent reserves never oversell
// (and the table's CHECK (reserved <= on_hand) would refuse it if they tried). A reservation is
// keyed by the replacement: a retried reserve with the same id never takes a second unit.
//
// Replacements that find no unit wait in line (`stock_waiters`), and a unit goes to the longest
// waiting first: a reserve succeeds only while more units are available than replacements ahead of
// it in the line. Every change of on_hand is journalled in `stock_movements` in the same statement
// or transaction.
import type pg from 'pg';
import { sqlState, toSafeInteger, withTransaction, type Queryable } from './sql';
import { checkStockChange, type StockAdjustmentReason, type StockMovementKind } from '../../domain/stock';
import { serviceNumberFromWorkflowId } from '../../../workflows/definitions';
import type { Inventory, ReserveResult, SkuStock, StockChange, StockChangeResult, StockMovement, StockRoom, StockWaiter } from '../../ports/inventory';
import type { StockReservationState } from '../../domain/vocabulary';

export type ReservationState = StockReservationState;

/**
 * Units available beyond the replacements ahead of `$2` in the line for SKU `$1` (all of the line
 * when `$2` is not in it): a reserve may take a unit only while this is positive.
 */
const UNITS_FREE_FOR = `on_hand - reserved > (
  SELECT count(*) FROM stock_waiters w
  LEFT JOIN stock_waiters me ON me.reservation_id = $2
  WHERE w.sku = $1 AND w.reservation_id <> $2
    AND (me.reservation_id IS NULL OR (w.since, w.reservation_id) < (me.since, me.reservation_id))
)`;
interface MovementRow {
  id: string;
  sku: string;
  kind: StockMovementKind;
  quantity: number;
  on_hand_after: number;
  reason: StockAdjustmentReason | null;
  note: string | null;
  actor: string | null;
  reference: string | null;
  request_hash: string | null;
  created_at: Date;
}

/** A change refused by the stock rules; thrown inside the transaction so nothing of it stays. */
class RefusedChange extends Error {}

export class PgInventory implements Inventory, StockRoom {
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
        if (rows.length === 0) {
          // A SKU this warehouse has never stocked: wait in line for its first receipt.
          await this.joinLine(client, sku, reservationId);
          return { reserved: false, onHand: 0 };
        }
        const existing = rows[0];
        if (existing.sku !== sku) throw new Error(`stock reservation ${reservationId} is for ${existing.sku}, not ${sku}`);
        if (existing.state !== 'released') return { reserved: true };
        // Released earlier (e.g. cancelled, then retried): it may take a unit again.
      }
      // Lock the SKU's row first, in a statement of its own: the conditional UPDATE below then takes
      // its snapshot after a concurrent reserve has committed, and counts the line without it. (An
      // UPDATE that waits for the row lock re-checks the row but not its subquery's snapshot, so it
      // would still count the other reserve as waiting ahead and refuse a unit that is free.) NO KEY
      // UPDATE, the lock the UPDATE takes anyway: it does not conflict with the key-share lock the
      // reservation's foreign key already holds on the row.
      await client.query('SELECT 1 FROM inventory WHERE sku = $1 FOR NO KEY UPDATE', [sku]);
      const taken = await client.query(`UPDATE inventory SET reserved = reserved + 1, updated_at = now() WHERE sku = $1 AND ${UNITS_FREE_FOR}`, [
        sku,
        reservationId,
      ]);
      if (taken.rowCount === 0) {
        // Nothing for it: drop the row just inserted and take a place in line, then commit so the
        // answer can say what is left.
        await client.query(`DELETE FROM stock_reservations WHERE reservation_id = $1 AND state = 'reserved'`, [reservationId]);
        await this.joinLine(client, sku, reservationId);
        return { reserved: false, onHand: await this.availableWith(client, sku) };
      }
      if (inserted.rowCount === 0) {
        await client.query(`UPDATE stock_reservations SET state = 'reserved', updated_at = now() WHERE reservation_id = $1`, [reservationId]);
      }
      await client.query('DELETE FROM stock_waiters WHERE reservation_id = $1', [reservationId]);
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
    // Cancelled while waiting: it gives up its place in line too.
    await this.leaveLine(reservationId);
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
         RETURNING i.sku, i.on_hand
       ), m AS (
         INSERT INTO stock_movements (sku, kind, quantity, on_hand_after, actor, reference)
         SELECT sku, 'shipment', -1, on_hand, 'system', $2 FROM i
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM m) AS shipped`,
      [reservationId, serviceNumberFromWorkflowId(reservationId) ?? reservationId],
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

  /** Units received without an idempotency key (tests and tools); journalled as a receipt. */
  async restock({ sku, quantity }: { sku: string; quantity: number }): Promise<number> {
    if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError('quantity must be a positive integer');
    const stock = await withTransaction(this.pool, (client) => this.applyChange(client, { sku, kind: 'receipt', quantity, actor: 'system' }));
    return stock.available;
  }

  /**
   * Demo stock: `units` of each SKU that has no stock row yet, journalled as a seed. A SKU the
   * warehouse has ever stocked is left alone, so stock that was sold or adjusted is never re-seeded.
   * Returns the SKUs seeded.
   */
  async seedIfAbsent(stock: Record<string, number>, note = 'demo stock'): Promise<string[]> {
    const entries = Object.entries(stock);
    if (entries.length === 0) return [];
    const { rows } = await this.pool.query<{ sku: string }>(
      `WITH s AS (
         INSERT INTO inventory (sku, on_hand)
         SELECT * FROM unnest($1::text[], $2::int[])
         ON CONFLICT (sku) DO NOTHING
         RETURNING sku, on_hand
       ), m AS (
         INSERT INTO stock_movements (sku, kind, quantity, on_hand_after, note, actor)
         SELECT sku, 'seed', on_hand, on_hand, $3, 'system' FROM s WHERE on_hand > 0
       )
       SELECT sku FROM s ORDER BY sku`,
      [entries.map(([sku]) => sku), entries.map(([, n]) => n), note],
    );
    return rows.map((r) => r.sku);
  }

  // ---- the warehouse's side (StockRoom) -------------------------------------------------------

  async levels(): Promise<SkuStock[]> {
    const { rows } = await this.pool.query<{ sku: string; on_hand: number; reserved: number; waiting: string }>(
      `SELECT COALESCE(i.sku, w.sku) AS sku, COALESCE(i.on_hand, 0) AS on_hand, COALESCE(i.reserved, 0) AS reserved,
              COALESCE(w.n, 0)::text AS waiting
       FROM inventory i
       FULL JOIN (SELECT sku, count(*) AS n FROM stock_waiters GROUP BY sku) w ON w.sku = i.sku
       ORDER BY 1`,
    );
    return rows.map((r) => toSkuStock(r.sku, r.on_hand, r.reserved, toSafeInteger(r.waiting)));
  }

  async level(sku: string): Promise<SkuStock> {
    return this.levelWith(this.pool, sku);
  }

  async change(req: StockChange): Promise<StockChangeResult> {
    for (let attempt = 0; ; attempt++) {
      const earlier = await this.movementByKey(this.pool, req.idempotencyKey);
      if (earlier) {
        if (earlier.request_hash !== req.requestHash) return { outcome: 'key_reused' };
        return { outcome: 'replayed', movement: toMovement(earlier), stock: await this.level(earlier.sku) };
      }
      try {
        const { movement, ...stock } = await withTransaction(this.pool, (client) => this.applyChange(client, req));
        return { outcome: 'applied', movement, stock };
      } catch (err) {
        if (err instanceof RefusedChange) return { outcome: 'refused', message: err.message, stock: await this.level(req.sku) };
        // The same key applied concurrently by another request: answer as its replay.
        if (sqlState(err) === '23505' && attempt === 0) continue;
        throw err;
      }
    }
  }

  async movements(sku: string, page: { limit: number; before?: string }): Promise<StockMovement[]> {
    const { rows } = await this.pool.query<MovementRow>(
      `SELECT id::text, sku, kind, quantity, on_hand_after, reason, note, actor, reference, request_hash, created_at
       FROM stock_movements WHERE sku = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
       ORDER BY id DESC LIMIT $3`,
      [sku, page.before ?? null, page.limit],
    );
    return rows.map(toMovement);
  }

  async waiters(sku: string, limit: number): Promise<StockWaiter[]> {
    const { rows } = await this.pool.query<{ reservation_id: string; since: Date }>(
      'SELECT reservation_id, since FROM stock_waiters WHERE sku = $1 ORDER BY since, reservation_id LIMIT $2',
      [sku, limit],
    );
    return rows.map((r) => ({ reservationId: r.reservation_id, since: r.since.toISOString() }));
  }

  async placeInLine(reservationId: string): Promise<{ sku: string; since: string; ahead: number } | null> {
    const { rows } = await this.pool.query<{ sku: string; since: Date; ahead: string }>(
      `SELECT me.sku, me.since,
              (SELECT count(*) FROM stock_waiters w
               WHERE w.sku = me.sku AND (w.since, w.reservation_id) < (me.since, me.reservation_id))::text AS ahead
       FROM stock_waiters me WHERE me.reservation_id = $1`,
      [reservationId],
    );
    return rows.length ? { sku: rows[0].sku, since: rows[0].since.toISOString(), ahead: toSafeInteger(rows[0].ahead) } : null;
  }

  async leaveLine(reservationId: string): Promise<void> {
    await this.pool.query('DELETE FROM stock_waiters WHERE reservation_id = $1', [reservationId]);
  }

  /** On hand and reserved of one SKU, for operations and tests. */
  async stock(sku: string): Promise<{ onHand: number; reserved: number }> {
    const { onHand, reserved } = await this.level(sku);
    return { onHand, reserved };
  }

  async reservation(reservationId: string): Promise<{ sku: string; state: ReservationState } | undefined> {
    const { rows } = await this.pool.query<{ sku: string; state: ReservationState }>('SELECT sku, state FROM stock_reservations WHERE reservation_id = $1', [
      reservationId,
    ]);
    return rows[0];
  }

  private async joinLine(client: Queryable, sku: string, reservationId: string): Promise<void> {
    // A replacement that was in line keeps its place (and its original time) when it tries again.
    await client.query('INSERT INTO stock_waiters (reservation_id, sku) VALUES ($1, $2) ON CONFLICT (reservation_id) DO NOTHING', [reservationId, sku]);
  }

  /** Applies one receipt or adjustment under the SKU's row lock; RefusedChange when the rules say no. */
  private async applyChange(
    client: pg.PoolClient,
    req: Omit<StockChange, 'idempotencyKey' | 'requestHash'> & { idempotencyKey?: string; requestHash?: string },
  ): Promise<SkuStock & { movement: StockMovement }> {
    await client.query('INSERT INTO inventory (sku, on_hand) VALUES ($1, 0) ON CONFLICT (sku) DO NOTHING', [req.sku]);
    const { rows } = await client.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM inventory WHERE sku = $1 FOR UPDATE', [req.sku]);
    const check = checkStockChange({ onHand: rows[0].on_hand, reserved: rows[0].reserved }, req.quantity);
    if (!check.ok) throw new RefusedChange(check.message);
    await client.query('UPDATE inventory SET on_hand = $2, updated_at = now() WHERE sku = $1', [req.sku, check.onHandAfter]);
    const inserted = await client.query<MovementRow>(
      `INSERT INTO stock_movements (sku, kind, quantity, on_hand_after, reason, note, actor, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING id::text, sku, kind, quantity, on_hand_after, reason, note, actor, reference, request_hash, created_at`,
      [
        req.sku,
        req.kind,
        req.quantity,
        check.onHandAfter,
        req.reason ?? null,
        req.note ?? null,
        req.actor,
        req.idempotencyKey ?? null,
        req.requestHash ?? null,
      ],
    );
    const level = await this.levelWith(client, req.sku);
    return { ...level, movement: toMovement(inserted.rows[0]) };
  }

  private async movementByKey(q: Queryable, key: string): Promise<MovementRow | undefined> {
    const { rows } = await q.query<MovementRow>(
      `SELECT id::text, sku, kind, quantity, on_hand_after, reason, note, actor, reference, request_hash, created_at
       FROM stock_movements WHERE idempotency_key = $1`,
      [key],
    );
    return rows[0];
  }

  private async levelWith(q: Queryable, sku: string): Promise<SkuStock> {
    const { rows } = await q.query<{ on_hand: number; reserved: number; waiting: string }>(
      `SELECT COALESCE((SELECT on_hand FROM inventory WHERE sku = $1), 0) AS on_hand,
              COALESCE((SELECT reserved FROM inventory WHERE sku = $1), 0) AS reserved,
              (SELECT count(*) FROM stock_waiters WHERE sku = $1)::text AS waiting`,
      [sku],
    );
    return toSkuStock(sku, rows[0].on_hand, rows[0].reserved, toSafeInteger(rows[0].waiting));
  }

  private async stateOf(reservationId: string): Promise<ReservationState | null> {
    const { rows } = await this.pool.query<{ state: ReservationState }>('SELECT state FROM stock_reservations WHERE reservation_id = $1', [reservationId]);
    return rows[0]?.state ?? null;
  }

  private async availableWith(q: Queryable, sku: string): Promise<number> {
    const { rows } = await q.query<{ available: string }>('SELECT (on_hand - reserved)::text AS available FROM inventory WHERE sku = $1', [sku]);
    return rows.length ? toSafeInteger(rows[0].available) : 0;
  }
}

function toSkuStock(sku: string, onHand: number, reserved: number, waiting: number): SkuStock {
  return { sku, onHand, reserved, available: onHand - reserved, waiting };
}

function toMovement(r: MovementRow): StockMovement {
  return {
    id: r.id,
    sku: r.sku,
    kind: r.kind,
    quantity: r.quantity,
    onHandAfter: r.on_hand_after,
    reason: r.reason,
    note: r.note,
    actor: r.actor,
    reference: r.reference,
    at: r.created_at.toISOString(),
  };
}
