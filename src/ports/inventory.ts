// Stock ports. `Inventory` is what a replacement's activities do with stock (a reservation is keyed
// by the replacement, so retries never double-reserve); `StockRoom` is what the warehouse does with
// it (receipts, adjustments, the journal, who waits in line).
import type { StockAdjustmentReason, StockLevel, StockMovementKind } from '../domain/stock';

export type ReserveResult = { reserved: true } | { reserved: false; onHand: number };

export interface Inventory {
  /** Takes a unit for the replacement, or puts it in line for the SKU when there is none for it. */
  reserve(req: { sku: string; reservationId: string }): Promise<ReserveResult>;
  /** Gives reserved stock back (cancel, compensation). Idempotent. */
  release(req: { reservationId: string }): Promise<void>;
  /** The unit left the warehouse: reserved → shipped. Idempotent. */
  commit(req: { reservationId: string }): Promise<void>;
  available(sku: string): Promise<number>;
  restock(req: { sku: string; quantity: number }): Promise<number>;
}

export interface StockMovement {
  id: string;
  sku: string;
  kind: StockMovementKind;
  /** Units added (positive) or taken (negative). */
  quantity: number;
  onHandAfter: number;
  reason: StockAdjustmentReason | null;
  note: string | null;
  actor: string | null;
  /** The replacement a shipment left for. */
  reference: string | null;
  at: string;
}

export interface SkuStock extends StockLevel {
  sku: string;
  available: number;
  /** Replacements in line for a unit of this SKU. */
  waiting: number;
}

export interface StockChange {
  sku: string;
  kind: 'receipt' | 'adjustment';
  quantity: number;
  reason?: StockAdjustmentReason;
  note?: string;
  actor: string;
  idempotencyKey: string;
  /** A digest of the request; a reused key with a different one is refused. */
  requestHash: string;
}

export type StockChangeResult =
  | { outcome: 'applied' | 'replayed'; movement: StockMovement; stock: SkuStock }
  | { outcome: 'refused'; message: string; stock: SkuStock }
  | { outcome: 'key_reused' };

/** A replacement waiting for a unit, and since when. */
export interface StockWaiter {
  reservationId: string;
  since: string;
}

export interface StockRoom {
  /** Every SKU the warehouse has a stock row for. */
  levels(): Promise<SkuStock[]>;
  level(sku: string): Promise<SkuStock>;
  /** A receipt or an adjustment, checked against what is reserved, journalled, idempotent per key. */
  change(req: StockChange): Promise<StockChangeResult>;
  /** The journal of one SKU, newest first; `before` continues after a movement id. */
  movements(sku: string, page: { limit: number; before?: string }): Promise<StockMovement[]>;
  /** The replacements in line for `sku`, the longest waiting first. */
  waiters(sku: string, limit: number): Promise<StockWaiter[]>;
  /** How many replacements are ahead of this one in its SKU's line; null when it is not in line. */
  placeInLine(reservationId: string): Promise<{ sku: string; since: string; ahead: number } | null>;
  /** Takes a replacement out of the line (it no longer exists or has finished). */
  leaveLine(reservationId: string): Promise<void>;
}
