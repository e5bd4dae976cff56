// Stock in PostgreSQL: reservations are atomic under real concurrency (many connections at once),
// never oversell, and retried calls with the same reservation id act once.
import { PgInventory } from '../../src/adapters/postgres/inventory';
import { createPool } from '../../src/composition/database';
import { lazy } from '../helpers/fixture';
import { useMigratedDatabase } from './fixtures';

const db = useMigratedDatabase(12);
const inventory = lazy(() => new PgInventory(db.pool));

const reservations = async (sku: string) =>
  (
    await db.pool.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM stock_reservations WHERE sku = $1 GROUP BY state ORDER BY state', [
      sku,
    ])
  ).rows.map((r) => [r.state, r.n]);

describe('PgInventory', () => {
  it('reserves exactly the units on hand when 40 reserves race from several pools and connections', async () => {
    await inventory.restock({ sku: 'RACE-SKU', quantity: 5 });
    // Two pools = two processes (API-side and worker-side code); each with many connections.
    const other = createPool(db.server.url, { max: 8 });
    try {
      const ports = [inventory, new PgInventory(other)];
      const t0 = Date.now();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => ports[i % 2].reserve({ sku: 'RACE-SKU', reservationId: `race-${i}` })));
      process.stderr.write(`[db] 40 concurrent reserves of 5 units: ${Date.now() - t0} ms, ${db.pool.totalCount}+${other.totalCount} connections\n`);
      expect(db.pool.totalCount + other.totalCount).toBeGreaterThan(2);
      expect(results.filter((r) => r.reserved)).toHaveLength(5);
      expect(results.filter((r) => !r.reserved)).toEqual(Array.from({ length: 35 }, () => ({ reserved: false, onHand: 0 })));
      expect(await inventory.stock('RACE-SKU')).toEqual({ onHand: 5, reserved: 5 });
      expect(await inventory.available('RACE-SKU')).toBe(0);
      expect(await reservations('RACE-SKU')).toEqual([['reserved', 5]]);
    } finally {
      await other.end();
    }
  });

  it('takes one unit for a reserve retried (even concurrently) with the same reservation id', async () => {
    await inventory.restock({ sku: 'RETRY-SKU', quantity: 3 });
    const results = await Promise.all(Array.from({ length: 10 }, () => inventory.reserve({ sku: 'RETRY-SKU', reservationId: 'replacement:RMA-1' })));
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ reserved: true })));
    expect(await inventory.reserve({ sku: 'RETRY-SKU', reservationId: 'replacement:RMA-1' })).toEqual({ reserved: true });
    expect(await inventory.stock('RETRY-SKU')).toEqual({ onHand: 3, reserved: 1 });
    expect(await inventory.available('RETRY-SKU')).toBe(2);
  });

  it('reports what is left when out of stock, and leaves no reservation behind', async () => {
    await inventory.restock({ sku: 'ONE-SKU', quantity: 1 });
    expect(await inventory.reserve({ sku: 'ONE-SKU', reservationId: 'one-a' })).toEqual({ reserved: true });
    expect(await inventory.reserve({ sku: 'ONE-SKU', reservationId: 'one-b' })).toEqual({ reserved: false, onHand: 0 });
    expect(await inventory.reservation('one-b')).toBeUndefined();
    expect(await inventory.reserve({ sku: 'NEVER-STOCKED', reservationId: 'ghost' })).toEqual({ reserved: false, onHand: 0 });
    expect(await inventory.reservation('ghost')).toBeUndefined();
    await expect(inventory.reserve({ sku: 'RETRY-SKU', reservationId: 'one-a' })).rejects.toThrow('is for ONE-SKU, not RETRY-SKU');
  });

  it('releases idempotently, and a released reservation may reserve again', async () => {
    await inventory.restock({ sku: 'REL-SKU', quantity: 2 });
    await inventory.reserve({ sku: 'REL-SKU', reservationId: 'rel-1' });
    await inventory.reserve({ sku: 'REL-SKU', reservationId: 'rel-2' });
    await Promise.all([inventory.release({ reservationId: 'rel-1' }), inventory.release({ reservationId: 'rel-1' })]);
    await inventory.release({ reservationId: 'rel-1' });
    await inventory.release({ reservationId: 'no-such-reservation' });
    expect(await inventory.stock('REL-SKU')).toEqual({ onHand: 2, reserved: 1 });
    expect(await inventory.reservation('rel-1')).toEqual({ sku: 'REL-SKU', state: 'released' });
    expect(await inventory.reserve({ sku: 'REL-SKU', reservationId: 'rel-1' })).toEqual({ reserved: true });
    expect(await inventory.reservation('rel-1')).toEqual({ sku: 'REL-SKU', state: 'reserved' });
    expect(await inventory.stock('REL-SKU')).toEqual({ onHand: 2, reserved: 2 });
  });

  it('commits (ships) idempotently: on hand and reserved drop by one, once', async () => {
    await inventory.restock({ sku: 'SHIP-SKU', quantity: 4 });
    await inventory.reserve({ sku: 'SHIP-SKU', reservationId: 'ship-1' });
    await Promise.all([inventory.commit({ reservationId: 'ship-1' }), inventory.commit({ reservationId: 'ship-1' })]);
    await inventory.commit({ reservationId: 'ship-1' });
    expect(await inventory.stock('SHIP-SKU')).toEqual({ onHand: 3, reserved: 0 });
    expect(await inventory.available('SHIP-SKU')).toBe(3);
    expect(await inventory.reservation('ship-1')).toEqual({ sku: 'SHIP-SKU', state: 'shipped' });
    // A shipped unit is gone: releasing it changes nothing, reserving it again takes nothing.
    await inventory.release({ reservationId: 'ship-1' });
    expect(await inventory.reserve({ sku: 'SHIP-SKU', reservationId: 'ship-1' })).toEqual({ reserved: true });
    expect(await inventory.stock('SHIP-SKU')).toEqual({ onHand: 3, reserved: 0 });
  });

  it('treats a commit that waited for a concurrent commit of the same reservation as shipped, not released', async () => {
    // The second statement blocks on the row lock and then finds nothing to ship; its answer must come
    // from the state after the wait, not from the snapshot taken before it.
    await inventory.restock({ sku: 'DUPSHIP-SKU', quantity: 30 });
    for (let round = 0; round < 30; round++) {
      const id = `dupship-${round}`;
      await inventory.reserve({ sku: 'DUPSHIP-SKU', reservationId: id });
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => inventory.commit({ reservationId: id })));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    }
    expect(await inventory.stock('DUPSHIP-SKU')).toEqual({ onHand: 0, reserved: 0 });
  });

  it('refuses to ship a reservation that does not exist or was released', async () => {
    await expect(inventory.commit({ reservationId: 'nothing-here' })).rejects.toThrow('no stock reservation nothing-here');
    await inventory.restock({ sku: 'CXL-SKU', quantity: 1 });
    await inventory.reserve({ sku: 'CXL-SKU', reservationId: 'cxl-1' });
    await inventory.release({ reservationId: 'cxl-1' });
    await expect(inventory.commit({ reservationId: 'cxl-1' })).rejects.toThrow('stock reservation cxl-1 was released');
    expect(await inventory.stock('CXL-SKU')).toEqual({ onHand: 1, reserved: 0 });
  });

  it('keeps on hand and reserved consistent when releases and commits of one reservation race', async () => {
    await inventory.restock({ sku: 'MIX-SKU', quantity: 10 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => inventory.reserve({ sku: 'MIX-SKU', reservationId: `mix-${i}` })));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        Promise.allSettled([inventory.release({ reservationId: `mix-${i}` }), inventory.commit({ reservationId: `mix-${i}` })]),
      ),
    );
    const states = await reservations('MIX-SKU');
    const shipped = states.find(([s]) => s === 'shipped')?.[1] ?? 0;
    const released = states.find(([s]) => s === 'released')?.[1] ?? 0;
    expect(Number(shipped) + Number(released)).toBe(10);
    expect(await inventory.stock('MIX-SKU')).toEqual({ onHand: 10 - Number(shipped), reserved: 0 });
  });

  it('restocks, and seeds demo stock only for SKUs it has never seen', async () => {
    expect(await inventory.restock({ sku: 'NEW-SKU', quantity: 2 })).toBe(2);
    await inventory.reserve({ sku: 'NEW-SKU', reservationId: 'new-1' });
    expect(await inventory.restock({ sku: 'NEW-SKU', quantity: 3 })).toBe(4);
    await expect(inventory.restock({ sku: 'NEW-SKU', quantity: 0 })).rejects.toThrow(RangeError);
    await inventory.seedIfAbsent({ 'NEW-SKU': 50, 'SEEDED-SKU': 5 });
    expect(await inventory.stock('NEW-SKU')).toEqual({ onHand: 5, reserved: 1 });
    expect(await inventory.stock('SEEDED-SKU')).toEqual({ onHand: 5, reserved: 0 });
  });

  it('cannot be oversold even by SQL that skips the checks', async () => {
    await inventory.restock({ sku: 'GUARD-SKU', quantity: 1 });
    await expect(db.pool.query(`UPDATE inventory SET reserved = 2 WHERE sku = 'GUARD-SKU'`)).rejects.toMatchObject({ code: '23514' });
    await expect(db.pool.query(`UPDATE inventory SET on_hand = -1 WHERE sku = 'GUARD-SKU'`)).rejects.toMatchObject({ code: '23514' });
  });
});
