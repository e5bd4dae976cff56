// The read model in PostgreSQL: projections never go back in version; the staff lists come sorted
// and keyset-paged; finance's hold filters (incl. expiring) and period totals are computed in SQL.
import type { ReplacementRow } from '../../src/ports/read-model';
import { PgReadModel } from '../../src/adapters/postgres/read-model';
import { InvalidCursorError } from '../../src/lib/cursor';
import { lazy } from '../helpers/fixture';
import { makeView, useMigratedDatabase } from './fixtures';

const db = useMigratedDatabase();
const model = lazy(() => new PgReadModel(db.pool));

beforeEach(async () => {
  await db.pool.query('DELETE FROM replacements');
});

const ids = (rows: ReplacementRow[]) => rows.map((r) => r.id);
const minutes = (n: number) => new Date(Date.parse('2026-11-23T08:00:00Z') + n * 60_000).toISOString();

/** Every page of a list, following nextCursor. */
async function allPages(fetch: (cursor?: string) => Promise<{ items: ReplacementRow[]; nextCursor: string | null }>) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(ids(page.items));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

describe('PgReadModel.project', () => {
  it('upserts the row from the view, and ignores a stale or repeated version', async () => {
    const v1 = makeView('RMA-P1', { status: 'awaiting_dispatch', updatedAt: minutes(1) });
    const v3 = makeView('RMA-P1', { status: 'dispatched', returnDeadline: '2026-12-07T22:59:59.999Z', updatedAt: minutes(3) });
    const v2 = makeView('RMA-P1', { status: 'cancelled', updatedAt: minutes(2) });
    expect(await model.project(v1, 1)).toEqual({ applied: true });
    expect(await model.project(v3, 3)).toEqual({ applied: true });
    expect(await model.project(v2, 2)).toEqual({ applied: false }); // arrived late
    expect(await model.project(v3, 3)).toEqual({ applied: false }); // retried
    const row = await model.get('RMA-P1');
    expect(row).toMatchObject({
      id: 'RMA-P1',
      workflowId: 'replacement:RMA-P1',
      status: 'dispatched',
      version: 3,
      holdAmount: 1_599_000,
      holdState: 'active',
      customerSub: 'kari',
      returnDeadline: '2026-12-07T22:59:59.999Z',
      captureBefore: '2026-11-30T10:00:00.000Z',
      completedAt: null,
    });
    expect(row!.view).toEqual(v3);
    expect(await model.get('RMA-NONE')).toBeUndefined();
  });

  it('stores a view whose text holds a NUL character (which PostgreSQL refuses) with U+FFFD in its place', async () => {
    const view = makeView('RMA-NUL0000001');
    view.timeline.push({ at: view.createdAt, type: 'return_in_transit', detail: 'Carrier said: \u0000scanned' } as (typeof view.timeline)[number]);
    expect(await model.project(view, 1)).toEqual({ applied: true });
    const row = await model.get('RMA-NUL0000001');
    expect(row?.view.timeline.at(-1)?.detail).toBe('Carrier said: \uFFFDscanned');
    expect(view.timeline.at(-1)?.detail).toContain('\u0000'); // the caller's view is left as it was
  });

  it('records when a replacement first closed, and keeps it through later versions', async () => {
    await model.project(makeView('RMA-C', { status: 'completed', resolution: 'not_returned_charged', capturedAmount: 1_599_000, updatedAt: minutes(10) }), 5);
    await model.project(makeView('RMA-C', { status: 'completed', resolution: 'not_returned_charged', refundedAmount: 1_549_000, updatedAt: minutes(90) }), 6);
    expect(await model.get('RMA-C')).toMatchObject({ completedAt: minutes(10), refundedAmount: 1_549_000, version: 6 });
  });

  it('refuses unsafe amounts and versions', async () => {
    await expect(model.project(makeView('RMA-X', { holdAmount: 1.5 }), 1)).rejects.toThrow(RangeError);
    await expect(model.project(makeView('RMA-X'), -1)).rejects.toThrow(RangeError);
    await expect(model.project(makeView('RMA-X'), 2 ** 53)).rejects.toThrow(RangeError);
  });
});

describe('PgReadModel lists', () => {
  it('lists by status, newest or oldest first, paged with a cursor', async () => {
    for (let i = 0; i < 7; i++) {
      await model.project(
        makeView(`RMA-L${i}`, { status: i === 3 ? 'completed' : 'awaiting_dispatch', createdAt: minutes(i), updatedAt: minutes(100 - i) }),
        1,
      );
    }
    expect(await allPages((cursor) => model.list({ status: 'awaiting_dispatch', limit: 2, cursor }))).toEqual([
      ['RMA-L6', 'RMA-L5'],
      ['RMA-L4', 'RMA-L2'],
      ['RMA-L1', 'RMA-L0'],
    ]);
    expect(await allPages((cursor) => model.list({ limit: 3, order: 'asc', cursor }))).toEqual([
      ['RMA-L0', 'RMA-L1', 'RMA-L2'],
      ['RMA-L3', 'RMA-L4', 'RMA-L5'],
      ['RMA-L6'],
    ]);
    expect((await model.list({ limit: 2, sort: 'updatedAt', order: 'desc' })).items.map((r) => r.id)).toEqual(['RMA-L0', 'RMA-L1']);
    expect(ids((await model.list({ status: 'completed', limit: 10 })).items)).toEqual(['RMA-L3']);
    expect(ids((await model.list({ customerSub: 'someone-else', limit: 10 })).items)).toEqual([]);
  });

  it('keeps paging stable when rows are added between pages, and ties break on id', async () => {
    for (const id of ['RMA-T1', 'RMA-T2', 'RMA-T3', 'RMA-T4']) await model.project(makeView(id, { createdAt: minutes(5) }), 1);
    const first = await model.list({ limit: 2, order: 'asc' });
    expect(ids(first.items)).toEqual(['RMA-T1', 'RMA-T2']);
    await model.project(makeView('RMA-T0', { createdAt: minutes(5) }), 1); // sorts before the cursor: not repeated
    const second = await model.list({ limit: 5, order: 'asc', cursor: first.nextCursor! });
    expect(ids(second.items)).toEqual(['RMA-T3', 'RMA-T4']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor from another list or filter, and a tampered one', async () => {
    for (let i = 0; i < 3; i++) await model.project(makeView(`RMA-K${i}`, { createdAt: minutes(i) }), 1);
    const { nextCursor } = await model.list({ status: 'awaiting_dispatch', limit: 1 });
    expect(nextCursor).toEqual(expect.any(String));
    await expect(model.list({ status: 'dispatched', limit: 1, cursor: nextCursor! })).rejects.toThrow(InvalidCursorError);
    await expect(model.dispatchQueue({ limit: 1, cursor: nextCursor! })).rejects.toThrow(InvalidCursorError);
    await expect(model.list({ status: 'awaiting_dispatch', limit: 1, cursor: 'not-a-cursor' })).rejects.toThrow(InvalidCursorError);
    const decoded = JSON.parse(Buffer.from(nextCursor!, 'base64url').toString()) as { t: string; k: string[] };
    const tampered = Buffer.from(JSON.stringify({ t: decoded.t, k: ['yesterday-ish', 'RMA-K2'] })).toString('base64url');
    await expect(model.list({ status: 'awaiting_dispatch', limit: 1, cursor: tampered })).rejects.toThrow(InvalidCursorError);
  });

  it('orders the dispatch queue oldest SLA first, those without a due time last by request time', async () => {
    await model.project(makeView('RMA-D-late', { dispatchDueBy: '2026-11-24T16:00:00.000Z', createdAt: minutes(1) }), 1);
    await model.project(makeView('RMA-D-none-new', { dispatchDueBy: null, createdAt: minutes(9) }), 1);
    await model.project(makeView('RMA-D-soon', { dispatchDueBy: '2026-11-23T10:00:00.000Z', createdAt: minutes(8) }), 1);
    await model.project(makeView('RMA-D-none-old', { dispatchDueBy: null, createdAt: minutes(2) }), 1);
    await model.project(makeView('RMA-D-shipped', { status: 'dispatched', dispatchDueBy: '2026-11-23T09:00:00.000Z' }), 1);
    await model.project(makeView('RMA-D-mid', { dispatchDueBy: '2026-11-23T14:00:00.000Z', createdAt: minutes(3) }), 1);
    expect(await allPages((cursor) => model.dispatchQueue({ limit: 2, cursor }))).toEqual([
      ['RMA-D-soon', 'RMA-D-mid'],
      ['RMA-D-late', 'RMA-D-none-old'],
      ['RMA-D-none-new'],
    ]);
  });

  it('lists incoming returns in transit first, then by the nearest deadline', async () => {
    const dl = (day: number) => `2026-12-${String(day).padStart(2, '0')}T22:59:59.999Z`;
    await model.project(makeView('RMA-R-d9', { status: 'dispatched', returnDeadline: dl(9) }), 1);
    await model.project(makeView('RMA-R-t8', { status: 'return_in_transit', returnDeadline: dl(8) }), 1);
    await model.project(makeView('RMA-R-d7', { status: 'dispatched', returnDeadline: dl(7) }), 1);
    await model.project(makeView('RMA-R-t10', { status: 'return_in_transit', returnDeadline: dl(10) }), 1);
    await model.project(makeView('RMA-R-done', { status: 'awaiting_inspection', returnDeadline: dl(1) }), 1);
    expect(await allPages((cursor) => model.incomingReturns({ limit: 3, cursor }))).toEqual([['RMA-R-t8', 'RMA-R-t10', 'RMA-R-d7'], ['RMA-R-d9']]);
  });
});

describe('PgReadModel.holds', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const H = 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeEach(async () => {
    const deadline = '2026-12-07T22:59:59.999Z';
    const views = [
      // Lapses 4 days before the deadline: needs renewing before settlement.
      makeView('RMA-H-exp', { status: 'dispatched', returnDeadline: deadline, hold: { captureBefore: '2026-12-03T10:00:00.000Z' }, updatedAt: minutes(1) }),
      // Valid past the deadline plus the margin.
      makeView('RMA-H-ok', { status: 'dispatched', returnDeadline: deadline, hold: { captureBefore: '2026-12-10T10:00:00.000Z' }, updatedAt: minutes(2) }),
      // Within the 48 h margin after the deadline: still expiring.
      makeView('RMA-H-edge', { status: 'dispatched', returnDeadline: deadline, hold: { captureBefore: '2026-12-09T10:00:00.000Z' }, updatedAt: minutes(3) }),
      // Not dispatched yet: measured from now.
      makeView('RMA-H-soon', { status: 'awaiting_stock', hold: { captureBefore: iso(now + 24 * H) }, updatedAt: minutes(4) }),
      makeView('RMA-H-later', { status: 'awaiting_stock', hold: { captureBefore: iso(now + 72 * H) }, updatedAt: minutes(5) }),
      makeView('RMA-H-uns', { status: 'dispatched', hold: { state: 'unsecured', captureBefore: null }, flags: ['unsecured'], updatedAt: minutes(6) }),
      // Renewal failed but the old authorization is still reported active, expiry unknown: sorts last.
      makeView('RMA-H-flag-open', {
        status: 'awaiting_inspection',
        hold: { state: 'active', captureBefore: null },
        flags: ['unsecured', 'renewal_failed'],
        updatedAt: minutes(7),
      }),
      makeView('RMA-H-flag-closed', {
        status: 'completed',
        resolution: 'fee_charged',
        hold: { state: 'charged' },
        flags: ['unsecured'],
        updatedAt: minutes(8),
      }),
      makeView('RMA-H-cap', { status: 'completed', resolution: 'fee_charged', hold: { state: 'captured' }, capturedAmount: 30_000, updatedAt: minutes(9) }),
      makeView('RMA-H-rel', { status: 'cancelled', hold: { state: 'released' }, updatedAt: minutes(10) }),
    ];
    for (const v of views) await model.project(v, 1);
  });

  const holds = async (state: Parameters<PgReadModel['holds']>[0]['state']) => ids((await model.holds({ state, now, limit: 50 })).items);

  it('expiring = active and lapsing before the return deadline plus the margin (or now plus it, before dispatch)', async () => {
    expect(await holds('expiring')).toEqual(['RMA-H-soon', 'RMA-H-exp', 'RMA-H-edge']);
    expect(ids((await model.holds({ state: 'expiring', now, limit: 50, expiringMarginMs: 0 })).items)).toEqual(['RMA-H-exp']);
  });

  it('active by when the authorization lapses; unsecured incl. flagged open ones; captured incl. charged; released', async () => {
    expect(await holds('active')).toEqual(['RMA-H-soon', 'RMA-H-later', 'RMA-H-exp', 'RMA-H-edge', 'RMA-H-ok', 'RMA-H-flag-open']);
    expect(await holds('unsecured')).toEqual(['RMA-H-flag-open', 'RMA-H-uns']);
    expect(await holds('captured')).toEqual(['RMA-H-cap', 'RMA-H-flag-closed']);
    expect(await holds('released')).toEqual(['RMA-H-rel']);
  });

  it('pages holds with a cursor', async () => {
    expect(await allPages((cursor) => model.holds({ state: 'active', now, limit: 4, cursor }))).toEqual([
      ['RMA-H-soon', 'RMA-H-later', 'RMA-H-exp', 'RMA-H-edge'],
      ['RMA-H-ok', 'RMA-H-flag-open'],
    ]);
  });
});

describe('PgReadModel.totals', () => {
  it('counts what was requested and what closed in the period, with the money of the closed ones', async () => {
    const inMarch = (d: number, h = 12) => `2030-03-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
    await model.project(makeView('RMA-S1', { createdAt: inMarch(1), updatedAt: inMarch(1) }), 1);
    await model.project(
      makeView('RMA-S2', { status: 'completed', resolution: 'fee_charged', capturedAmount: 30_000, createdAt: inMarch(2), updatedAt: inMarch(20) }),
      1,
    );
    await model.project(
      makeView('RMA-S3', {
        status: 'completed',
        resolution: 'hold_released',
        holdAmount: 249_00,
        createdAt: '2030-02-20T12:00:00.000Z',
        updatedAt: inMarch(3),
      }),
      1,
    );
    await model.project(makeView('RMA-S4', { status: 'cancelled', createdAt: inMarch(4), updatedAt: inMarch(5) }), 1);
    await model.project(makeView('RMA-S5', { createdAt: '2030-04-01T12:00:00.000Z', updatedAt: '2030-04-01T12:00:00.000Z' }), 1);
    const totals = await model.totals({ from: Date.parse('2030-03-01T00:00:00Z'), to: Date.parse('2030-04-01T00:00:00Z') });
    expect(totals).toEqual([
      {
        currency: 'NOK',
        requested: 3,
        heldAmount: 3 * 1_599_000,
        closed: 3,
        byStatus: { completed: 2, cancelled: 1 },
        byResolution: { fee_charged: 1, hold_released: 1 },
        capturedAmount: 30_000,
        refundedAmount: 0,
      },
    ]);
  });
});

describe('PgReadModel.adjustForFinance', () => {
  const flagged = (updatedAt: string) =>
    makeView('RMA-FIN1', {
      status: 'completed',
      resolution: 'fee_charged',
      updatedAt,
      flags: ['unsecured', 'collection_required'],
      hold: { state: 'unsecured', authorizationId: null, captureBefore: null },
    });
  const holdIds = async (state: 'unsecured' | 'captured') => ids((await model.holds({ state, now: Date.parse(minutes(10)), limit: 50 })).items);

  it('shows a collected retry as charged, off the unsecured holds, and later projections keep it so', async () => {
    await model.project(flagged(minutes(1)), 5);
    expect(await holdIds('unsecured')).toEqual(['RMA-FIN1']);

    expect(await model.adjustForFinance('RMA-FIN1', { collected: 30_000, refunded: 0 }, Date.parse(minutes(2)))).toEqual({ applied: true });
    // Totals, not increments: the same adjustment again changes nothing.
    await model.adjustForFinance('RMA-FIN1', { collected: 30_000, refunded: 0 }, Date.parse(minutes(2)));
    const adjusted = await model.get('RMA-FIN1');
    expect(adjusted).toMatchObject({ holdState: 'charged', flags: ['unsecured'], capturedAmount: 30_000 });
    expect(adjusted!.view).toMatchObject({ hold: { state: 'charged' }, flags: ['unsecured'], capturedAmount: 30_000 });
    expect(await holdIds('unsecured')).toEqual([]);
    expect(await holdIds('captured')).toEqual(['RMA-FIN1']);

    // The workflow projects its own (older) idea of the money again: the adjustment stays on top.
    expect(await model.project(flagged(minutes(3)), 6)).toEqual({ applied: true });
    expect(await model.get('RMA-FIN1')).toMatchObject({ holdState: 'charged', flags: ['unsecured'], capturedAmount: 30_000, version: 6 });
    expect(await holdIds('unsecured')).toEqual([]);
  });

  it('adds refunds to what was refunded without touching the hold or the flags; an unknown id is not applied', async () => {
    await model.project(makeView('RMA-FIN2', { status: 'completed', capturedAmount: 30_000, refundedAmount: 0, hold: { state: 'captured' } }), 3);
    await model.adjustForFinance('RMA-FIN2', { collected: 0, refunded: 20_000 }, Date.parse(minutes(2)));
    expect(await model.get('RMA-FIN2')).toMatchObject({ holdState: 'captured', capturedAmount: 30_000, refundedAmount: 20_000 });
    expect(await model.adjustForFinance('RMA-NONE', { collected: 1, refunded: 0 }, Date.parse(minutes(2)))).toEqual({ applied: false });
  });
});
