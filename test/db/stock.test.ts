// Stock managed in PostgreSQL: the line of replacements waiting for a unit (longest waiting first,
// also against newcomers), the append-only journal of receipts, adjustments, seeds and shipments,
// idempotency per key, and leaving the line when a replacement closes.
import { PgInventory } from '../../src/adapters/postgres/inventory';
import { wakeStockWaiters } from '../../src/temporal/wake-stock-waiters';
import { PgReadModel } from '../../src/adapters/postgres/read-model';
import { lazy } from '../helpers/fixture';
import { makeView, useMigratedDatabase } from './fixtures';

const db = useMigratedDatabase(8);
const inventory = lazy(() => new PgInventory(db.pool));

const receipt = (sku: string, quantity: number, key: string, hash = `h-${key}`) =>
  inventory.change({ sku, kind: 'receipt', quantity, actor: 'ola', idempotencyKey: key, requestHash: hash });

const journalSum = async (sku: string) =>
  (await db.pool.query<{ n: number }>('SELECT COALESCE(sum(quantity), 0)::int AS n FROM stock_movements WHERE sku = $1', [sku])).rows[0].n;

describe('the line of replacements waiting for a unit', () => {
  it('serves the longest waiting first, also when a new request arrives with the units', async () => {
    const sku = 'LINE-SKU';
    for (const id of ['a', 'b', 'c']) expect(await inventory.reserve({ sku, reservationId: `line-${id}` })).toEqual({ reserved: false, onHand: 0 });
    expect((await inventory.waiters(sku, 10)).map((w) => w.reservationId)).toEqual(['line-a', 'line-b', 'line-c']);
    expect(await inventory.placeInLine('line-c')).toMatchObject({ sku, ahead: 2 });
    expect(await inventory.level(sku)).toEqual({ sku, onHand: 0, reserved: 0, available: 0, waiting: 3 });

    expect(await receipt(sku, 2, 'line-receipt-1')).toMatchObject({ outcome: 'applied', stock: { onHand: 2, available: 2, waiting: 3 } });
    // A newcomer does not jump the line: 2 units, 3 ahead of it.
    expect(await inventory.reserve({ sku, reservationId: 'line-new' })).toEqual({ reserved: false, onHand: 2 });
    // The second in line gets a unit (one ahead of it, two units), then the first; the third does not.
    expect(await inventory.reserve({ sku, reservationId: 'line-b' })).toEqual({ reserved: true });
    expect(await inventory.reserve({ sku, reservationId: 'line-a' })).toEqual({ reserved: true });
    expect(await inventory.reserve({ sku, reservationId: 'line-c' })).toEqual({ reserved: false, onHand: 0 });
    expect((await inventory.waiters(sku, 10)).map((w) => w.reservationId)).toEqual(['line-c', 'line-new']);
    expect(await inventory.placeInLine('line-a')).toBeNull();
    expect(await inventory.level(sku)).toEqual({ sku, onHand: 2, reserved: 2, available: 0, waiting: 2 });
  });

  it('gives every woken replacement its unit when they reserve at the same moment', async () => {
    // Each reserve waits for the other's lock; the one that waits must then see the line without
    // the first (which left it when it took its unit), not the line as it was when it started.
    for (let round = 0; round < 15; round++) {
      const sku = `RACE-${round}`;
      const ids = [`race-${round}-a`, `race-${round}-b`, `race-${round}-c`];
      for (const reservationId of ids) await inventory.reserve({ sku, reservationId });
      await receipt(sku, 2, `race-receipt-${round}`);
      const results = await Promise.all(ids.slice(0, 2).map((reservationId) => inventory.reserve({ sku, reservationId })));
      expect({ round, results }).toEqual({ round, results: [{ reserved: true }, { reserved: true }] });
      expect(await inventory.level(sku)).toEqual({ sku, onHand: 2, reserved: 2, available: 0, waiting: 1 });
    }
  });

  it('keeps a place when a waiting replacement tries again, and gives it up on release', async () => {
    const sku = 'KEEP-SKU';
    await inventory.reserve({ sku, reservationId: 'keep-1' });
    await inventory.reserve({ sku, reservationId: 'keep-2' });
    const [first] = await inventory.waiters(sku, 1);
    await inventory.reserve({ sku, reservationId: 'keep-1' });
    expect(await inventory.waiters(sku, 10)).toEqual([first, expect.objectContaining({ reservationId: 'keep-2' })]);
    await inventory.release({ reservationId: 'keep-1' });
    expect((await inventory.waiters(sku, 10)).map((w) => w.reservationId)).toEqual(['keep-2']);
  });

  it('drops a replacement from the line once its read-model row says it has closed', async () => {
    const sku = 'IP17P-256';
    const readModel = new PgReadModel(db.pool);
    await inventory.reserve({ sku, reservationId: 'replacement:RMA-WAIT1' });
    await readModel.project(makeView('RMA-WAIT1', { status: 'awaiting_stock' }), 1);
    expect(await inventory.placeInLine('replacement:RMA-WAIT1')).toMatchObject({ ahead: 0 });
    await readModel.project(makeView('RMA-WAIT1', { status: 'cancelled' }), 2);
    expect(await inventory.placeInLine('replacement:RMA-WAIT1')).toBeNull();
  });

  it('wakes as many as there are units, longest waiting first, skipping replacements that no longer run', async () => {
    const sku = 'WAKE-SKU';
    for (const id of ['w1', 'w2', 'w3', 'w4']) await inventory.reserve({ sku, reservationId: id });
    await receipt(sku, 2, 'wake-receipt');
    const signalled: string[] = [];
    const woken = await wakeStockWaiters(inventory, sku, async (id) => {
      signalled.push(id);
      return id !== 'w1'; // w1 has finished: it leaves the line and the next one is told
    });
    expect(signalled).toEqual(['w1', 'w2', 'w3']);
    expect(woken).toEqual(['w2', 'w3']);
    expect((await inventory.waiters(sku, 10)).map((w) => w.reservationId)).toEqual(['w2', 'w3', 'w4']);
    // Nothing available beyond the two units: asking again wakes the same two, never the fourth.
    expect(await wakeStockWaiters(inventory, sku, async () => true)).toEqual(['w2', 'w3']);
  });
});

describe('the stock journal', () => {
  it('journals receipts, adjustments and shipments so that they add up to the units on hand', async () => {
    const sku = 'JOURNAL-SKU';
    await receipt(sku, 5, 'journal-r1');
    const adj = await inventory.change({
      sku,
      kind: 'adjustment',
      quantity: -1,
      reason: 'damaged',
      note: 'cracked box',
      actor: 'ola',
      idempotencyKey: 'journal-a1',
      requestHash: 'x',
    });
    expect(adj).toMatchObject({
      outcome: 'applied',
      movement: { kind: 'adjustment', quantity: -1, onHandAfter: 4, reason: 'damaged', note: 'cracked box', actor: 'ola' },
    });
    await inventory.reserve({ sku, reservationId: 'replacement:RMA-SHIP1' });
    await inventory.commit({ reservationId: 'replacement:RMA-SHIP1' });
    await inventory.commit({ reservationId: 'replacement:RMA-SHIP1' }); // retried: one shipment
    const movements = await inventory.movements(sku, { limit: 10 });
    expect(movements.map((m) => [m.kind, m.quantity, m.onHandAfter, m.reference])).toEqual([
      ['shipment', -1, 3, 'RMA-SHIP1'],
      ['adjustment', -1, 4, null],
      ['receipt', 5, 5, null],
    ]);
    expect(await inventory.movements(sku, { limit: 10, before: movements[1].id })).toEqual([movements[2]]);
    expect(await journalSum(sku)).toBe((await inventory.level(sku)).onHand);
  });

  it('refuses to take reserved units or more than a SKU may hold, changing nothing', async () => {
    const sku = 'GUARDED-SKU';
    await receipt(sku, 2, 'guarded-r1');
    await inventory.reserve({ sku, reservationId: 'guarded-1' });
    const before = await inventory.movements(sku, { limit: 10 });
    const taken = await inventory.change({
      sku,
      kind: 'adjustment',
      quantity: -2,
      reason: 'lost',
      actor: 'ola',
      idempotencyKey: 'guarded-a1',
      requestHash: 'x',
    });
    expect(taken).toMatchObject({ outcome: 'refused', stock: { onHand: 2, reserved: 1, available: 1 } });
    expect(taken.outcome === 'refused' && taken.message).toContain('only 1 unit(s) can be taken');
    expect((await receipt(sku, 10_000, 'guarded-r2')).outcome).toBe('applied');
    for (let i = 0; i < 98; i++) await receipt(sku, 10_000, `guarded-fill-${i}`);
    expect(await receipt(sku, 10_000, 'guarded-over')).toMatchObject({ outcome: 'refused' }); // would be 1,000,002
    expect((await inventory.level(sku)).onHand).toBe(990_002);
    expect((await inventory.movements(sku, { limit: 500 })).length).toBe(before.length + 99);
    // The refused key was not used up: it can be sent again once it fits.
    await inventory.change({
      sku,
      kind: 'adjustment',
      quantity: -10,
      reason: 'count_correction',
      actor: 'ola',
      idempotencyKey: 'guarded-a2',
      requestHash: 'y',
    });
    expect(await receipt(sku, 10_000, 'guarded-over')).toMatchObject({ outcome: 'applied', stock: { onHand: 999_992 } });
  });

  it('acts once per idempotency key, also when the same receipt races, and refuses a key reused for another request', async () => {
    const sku = 'IDEM-SKU';
    const results = await Promise.all(Array.from({ length: 8 }, () => receipt(sku, 3, 'idem-r1', 'same')));
    expect(results.filter((r) => r.outcome === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'replayed')).toHaveLength(7);
    expect((await inventory.level(sku)).onHand).toBe(3);
    expect(await receipt(sku, 4, 'idem-r1', 'different')).toEqual({ outcome: 'key_reused' });
    expect((await inventory.level(sku)).onHand).toBe(3);
  });

  it('is append-only', async () => {
    await receipt('APPEND-SKU', 1, 'append-r1');
    await expect(db.pool.query(`UPDATE stock_movements SET quantity = 5 WHERE sku = 'APPEND-SKU'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM stock_movements WHERE sku = 'APPEND-SKU'`)).rejects.toThrow(/append-only/);
  });

  it('seeds demo stock once per SKU, journalled, and never re-seeds a SKU that was stocked before', async () => {
    expect(await inventory.seedIfAbsent({ 'SEED-A': 5, 'SEED-B': 5 })).toEqual(['SEED-A', 'SEED-B']);
    await inventory.reserve({ sku: 'SEED-A', reservationId: 'seed-ship' });
    await inventory.commit({ reservationId: 'seed-ship' });
    expect(await inventory.seedIfAbsent({ 'SEED-A': 5, 'SEED-B': 5, 'SEED-C': 5 })).toEqual(['SEED-C']);
    expect((await inventory.level('SEED-A')).onHand).toBe(4);
    expect((await inventory.movements('SEED-A', { limit: 5 })).map((m) => [m.kind, m.quantity, m.note])).toEqual([
      ['shipment', -1, null],
      ['seed', 5, 'demo stock'],
    ]);
  });
});
