// Stock port: a reservation is keyed by the replacement so retries never double-reserve.
export type ReserveResult = { reserved: true } | { reserved: false; onHand: number };

export interface Inventory {
  reserve(req: { sku: string; reservationId: string }): Promise<ReserveResult>;
  /** Gives reserved stock back (cancel, compensation). Idempotent. */
  release(req: { reservationId: string }): Promise<void>;
  /** The unit left the warehouse: reserved → shipped. Idempotent. */
  commit(req: { reservationId: string }): Promise<void>;
  available(sku: string): Promise<number>;
  restock(req: { sku: string; quantity: number }): Promise<number>;
}
