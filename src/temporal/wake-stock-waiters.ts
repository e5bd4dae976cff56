// Wakes the replacements waiting in line for a SKU once units are available for them: the longest
// waiting first, as many as there are units (DESIGN §6: receipts wake waiting replacements, oldest
// first). Used after a receipt or adjustment (API) and after a unit is given back (worker).
import { replacementsToWake } from '../domain/stock';
import type { StockRoom } from '../ports/inventory';

/** Sends the `restocked` signal; false when the replacement no longer runs. */
export type SignalRestocked = (reservationId: string, sku: string) => Promise<boolean>;

/** Returns the reservation ids woken. A woken replacement that finds the unit gone waits again. */
export async function wakeStockWaiters(stock: Pick<StockRoom, 'level' | 'waiters' | 'leaveLine'>, sku: string, signal: SignalRestocked): Promise<string[]> {
  const woken: string[] = [];
  // A few rounds: a replacement that has finished leaves the line and the next one is asked.
  for (let round = 0; round < 5; round++) {
    const level = await stock.level(sku);
    const wanted = replacementsToWake(level) - woken.length;
    if (wanted <= 0) break;
    const line = (await stock.waiters(sku, woken.length + wanted)).filter((w) => !woken.includes(w.reservationId));
    if (line.length === 0) break;
    let gone = 0;
    for (const waiter of line.slice(0, wanted)) {
      if (await signal(waiter.reservationId, sku)) woken.push(waiter.reservationId);
      else {
        await stock.leaveLine(waiter.reservationId);
        gone++;
      }
    }
    if (gone === 0) break;
  }
  return woken;
}

/** `onStockReleased` for the activities: the unit a cancel gave back goes to the head of its line. */
export function wakeOnRelease(
  stock: Pick<StockRoom, 'level' | 'waiters' | 'leaveLine'> & { reservation(id: string): Promise<{ sku: string } | undefined> },
  signal: SignalRestocked,
): (reservationId: string) => Promise<void> {
  return async (reservationId) => {
    const reservation = await stock.reservation(reservationId);
    if (reservation) await wakeStockWaiters(stock, reservation.sku, signal);
  };
}
