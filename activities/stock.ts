// Units of stock reserved for a replacement, given back, or handed to the carrier.
import { Context } from '@temporalio/activity';
import type { Inventory } from '../src/ports/inventory';

export function createStockActivities(deps: { inventory: Inventory; onStockReleased?: (reservationId: string) => Promise<void> }) {
  return {
    async reserveStock(req: { sku: string; reservationId: string }): Promise<boolean> {
      return (await deps.inventory.reserve(req)).reserved;
    },
    async releaseStock(req: { reservationId: string }): Promise<void> {
      await deps.inventory.release(req);
      // Best effort: a waiting replacement also finds the unit at its own next check.
      await deps
        .onStockReleased?.(req.reservationId)
        .catch((err: unknown) => Context.current().log.warn('could not wake replacements waiting for stock', { err }));
    },
    async commitStock(req: { reservationId: string }): Promise<void> {
      await deps.inventory.commit(req);
    },
  };
}
