// Stock for the embedded default and tests. Reservations are keyed by replacement, so a retried
// reserve never takes a second unit.
import { JsonDocument } from '../lib/json-file';
import type { Inventory, ReserveResult } from '../ports/inventory';
import type { StockReservationState } from '../domain/vocabulary';

interface State {
  onHand: Record<string, number>;
  reservations: Record<string, { sku: string; state: StockReservationState }>;
}

export class SandboxInventory implements Inventory {
  private readonly doc: JsonDocument<State>;

  constructor(opts: { path?: string | null; initialStock?: Record<string, number> } = {}) {
    this.doc = new JsonDocument<State>(opts.path ?? null, () => ({
      onHand: { ...(opts.initialStock ?? {}) },
      reservations: {},
    }));
  }

  reserve({ sku, reservationId }: { sku: string; reservationId: string }): Promise<ReserveResult> {
    return this.doc.update((s) => {
      const existing = s.reservations[reservationId];
      if (existing && existing.state !== 'released') return { reserved: true as const };
      const onHand = s.onHand[sku] ?? 0;
      if (onHand <= 0) return { reserved: false as const, onHand };
      s.onHand[sku] = onHand - 1;
      s.reservations[reservationId] = { sku, state: 'reserved' };
      return { reserved: true as const };
    });
  }

  release({ reservationId }: { reservationId: string }): Promise<void> {
    return this.doc.update((s) => {
      const r = s.reservations[reservationId];
      if (!r || r.state !== 'reserved') return;
      r.state = 'released';
      s.onHand[r.sku] = (s.onHand[r.sku] ?? 0) + 1;
    });
  }

  commit({ reservationId }: { reservationId: string }): Promise<void> {
    return this.doc.update((s) => {
      const r = s.reservations[reservationId];
      if (!r) throw new Error(`no stock reservation ${reservationId}`);
      if (r.state === 'released') throw new Error(`stock reservation ${reservationId} was released`);
      r.state = 'shipped';
    });
  }

  async available(sku: string): Promise<number> {
    return this.doc.read().onHand[sku] ?? 0;
  }

  restock({ sku, quantity }: { sku: string; quantity: number }): Promise<number> {
    if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError('quantity must be a positive integer');
    return this.doc.update((s) => (s.onHand[sku] = (s.onHand[sku] ?? 0) + quantity));
  }

  reservation(reservationId: string) {
    return this.doc.read().reservations[reservationId];
  }
}
