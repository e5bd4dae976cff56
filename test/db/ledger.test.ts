// The ledger in PostgreSQL: append-only for real (the database refuses UPDATE, DELETE, TRUNCATE),
// one row per idempotency key however often an activity retries, amounts exact as bigint.
import { PgLedger } from '../../src/adapters/postgres/ledger';
import type { LedgerEntry } from '../../src/ports/ledger';
import { lazy } from '../helpers/fixture';
import { useMigratedDatabase } from './fixtures';

const db = useMigratedDatabase();
const ledger = lazy(() => new PgLedger(db.pool));

const entry = (key: string, o: Partial<LedgerEntry> = {}): LedgerEntry => ({
  idempotencyKey: key,
  replacementId: 'RMA-LEDGER1',
  kind: 'authorized',
  amount: 1_599_000,
  currency: 'NOK',
  provider: 'sandbox',
  providerRef: 'pi_123',
  at: Date.parse('2026-11-23T09:00:00.123Z'),
  ...o,
});

const count = async (where = 'true', params: unknown[] = []) =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_entries WHERE ${where}`, params)).rows[0].n;

describe('PgLedger', () => {
  it('appends an entry and reads it back exactly (amount, instant to the millisecond, optional fields)', async () => {
    const e = entry('replacement:RMA-LEDGER1:authorize', { note: 'hold placed' });
    expect(await ledger.append(e)).toEqual({ inserted: true });
    expect(await ledger.entries({ replacementId: 'RMA-LEDGER1' })).toEqual([e]);
    const bare = entry('replacement:RMA-LEDGER1:bare', { providerRef: undefined, replacementId: 'RMA-BARE' });
    await ledger.append(bare);
    const { providerRef: _none, ...withoutRef } = bare;
    expect(await ledger.entries({ replacementId: 'RMA-BARE' })).toEqual([withoutRef]);
  });

  it('stores one row for a retried append with the same key; a later retry changes nothing', async () => {
    const key = 'replacement:RMA-RETRY:capture';
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => ledger.append(entry(key, { replacementId: 'RMA-RETRY', kind: 'captured', amount: 30_000 + i }))),
    );
    expect(results.filter((r) => r.inserted)).toHaveLength(1);
    expect(await count('idempotency_key = $1', [key])).toBe(1);
    expect(await ledger.append(entry(key, { replacementId: 'RMA-RETRY', kind: 'captured', amount: 99 }))).toEqual({ inserted: false });
    const [stored] = await ledger.entries({ replacementId: 'RMA-RETRY' });
    expect(stored.amount).toBeGreaterThanOrEqual(30_000); // one of the concurrent first attempts, not the late 99
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    await ledger.append(entry('replacement:RMA-AO:authorize', { replacementId: 'RMA-AO' }));
    for (const sql of [
      `UPDATE ledger_entries SET amount = 0 WHERE replacement_id = 'RMA-AO'`,
      `DELETE FROM ledger_entries WHERE replacement_id = 'RMA-AO'`,
      'TRUNCATE ledger_entries',
    ]) {
      await expect(db.pool.query(sql)).rejects.toMatchObject({ code: '23001', message: expect.stringContaining('append-only') });
    }
    const [row] = await ledger.entries({ replacementId: 'RMA-AO' });
    expect(row.amount).toBe(1_599_000);
  });

  it('refuses amounts that are negative, fractional or beyond a safe integer — in code and in the table', async () => {
    for (const amount of [-1, 1.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN]) {
      await expect(ledger.append(entry(`bad-${amount}`, { amount }))).rejects.toThrow(RangeError);
    }
    await expect(
      db.pool.query(
        `INSERT INTO ledger_entries (idempotency_key, replacement_id, kind, amount, currency, provider, at)
         VALUES ('neg', 'RMA-NEG', 'captured', -5, 'NOK', 'sandbox', now())`,
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('refuses to read an amount a JavaScript number cannot hold exactly', async () => {
    await db.pool.query(
      `INSERT INTO ledger_entries (idempotency_key, replacement_id, kind, amount, currency, provider, at)
       VALUES ('huge', 'RMA-HUGE', 'captured', 9007199254740993, 'NOK', 'sandbox', now())`,
    );
    await expect(ledger.entries({ replacementId: 'RMA-HUGE' })).rejects.toThrow(/not a safe integer/);
  });

  it('filters by replacement and by period [from, to), in the order things happened', async () => {
    const id = 'RMA-PERIOD';
    const at = (iso: string) => Date.parse(iso);
    await ledger.append(entry('p:3', { replacementId: id, kind: 'captured', amount: 30_000, at: at('2026-12-10T12:00:00Z') }));
    await ledger.append(entry('p:1', { replacementId: id, kind: 'authorized', at: at('2026-11-30T12:00:00Z') }));
    await ledger.append(entry('p:2', { replacementId: id, kind: 're_authorized', at: at('2026-12-01T00:00:00Z') }));
    await ledger.append(entry('p:4', { replacementId: id, kind: 'released', amount: 1_569_000, at: at('2026-12-10T12:00:00.001Z') }));
    expect((await ledger.entries({ replacementId: id })).map((e) => e.idempotencyKey)).toEqual(['p:1', 'p:2', 'p:3', 'p:4']);
    const december = await ledger.entries({ replacementId: id, from: at('2026-12-01T00:00:00Z'), to: at('2026-12-10T12:00:00.001Z') });
    expect(december.map((e) => e.idempotencyKey)).toEqual(['p:2', 'p:3']);
  });

  it('totals a period per currency, and per Oslo day, ISO week and month', async () => {
    const id = 'RMA-TOTALS';
    const add = (key: string, kind: LedgerEntry['kind'], amount: number, iso: string, currency = 'NOK') =>
      ledger.append(entry(key, { replacementId: id, kind, amount, at: Date.parse(iso), currency }));
    await add('t:1', 'authorized', 1_000_000, '2030-03-01T08:00:00Z');
    await add('t:2', 'captured', 30_000, '2030-03-01T22:59:59.999Z'); // 23:59:59.999 in Oslo: still 1 March
    await add('t:3', 'released', 970_000, '2030-03-01T23:00:00Z'); // 00:00 on 2 March in Oslo
    await add('t:4', 'charged', 50_000, '2030-03-02T10:00:00Z');
    await add('t:5', 'refunded', 20_000, '2030-03-02T11:00:00Z');
    await add('t:6', 'captured', 7_000, '2030-03-02T11:00:00Z', 'EUR');
    await add('t:7', 'captured', 1, '2030-03-03T00:00:00Z'); // outside the period below
    const period = { from: Date.parse('2030-03-01T00:00:00Z'), to: Date.parse('2030-03-03T00:00:00Z') };

    const whole = await ledger.totals(period);
    expect(whole).toEqual([
      expect.objectContaining({ bucket: null, currency: 'EUR', captured: 7_000, collected: 7_000, entries: 1 }),
      {
        bucket: null,
        currency: 'NOK',
        authorized: 1_000_000,
        reAuthorized: 0,
        captured: 30_000,
        released: 970_000,
        charged: 50_000,
        chargeFailed: 0,
        refunded: 20_000,
        authorizationFailed: 0,
        collected: 60_000,
        entries: 5,
      },
    ]);

    const daily = await ledger.totals(period, 'day');
    const nok = daily.filter((t) => t.currency === 'NOK');
    expect(nok.map((t) => [t.bucket, t.entries, t.captured, t.released])).toEqual([
      ['2030-03-01', 2, 30_000, 0],
      ['2030-03-02', 3, 0, 970_000],
    ]);
    // Friday 1 and Saturday 2 March 2030 share the ISO week that began on Monday 25 February.
    expect((await ledger.totals(period, 'week')).map((t) => [t.bucket, t.currency, t.entries, t.captured, t.released])).toEqual([
      ['2030-02-25', 'EUR', 1, 7_000, 0],
      ['2030-02-25', 'NOK', 5, 30_000, 970_000],
    ]);
    expect((await ledger.totals(period, 'month')).map((t) => [t.bucket, t.currency, t.entries])).toEqual([
      ['2030-03', 'EUR', 1],
      ['2030-03', 'NOK', 5],
    ]);

    const byReplacement = await ledger.totalsByReplacement([id, 'RMA-NONE']);
    expect(byReplacement.get(id)).toMatchObject({ captured: 30_001 + 7_000, entries: 7 });
    expect(byReplacement.get('RMA-NONE')).toMatchObject({ captured: 0, entries: 0, collected: 0 });
  });
});
