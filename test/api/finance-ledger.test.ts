// Finance reads the ledger in PostgreSQL: totals per currency over a period (summed there), and a
// CSV export that a spreadsheet opens as data, never as formulas.
import request from 'supertest';
import type { LedgerEntry } from '../../src/ports/ledger';
import { csvCell, toCsv } from '../../src/api/csv';
import { bearer, useApiWorld } from './support/api-world';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

const world = useApiWorld({ worker: false });
let auth: string;

// Oslo is UTC+1 in November: 2026-11-10 00:00 Oslo = 2026-11-09T23:00Z.
const at = (iso: string) => Date.parse(iso);
const entry = (e: Partial<LedgerEntry> & Pick<LedgerEntry, 'idempotencyKey' | 'kind' | 'amount' | 'at'>): LedgerEntry => ({
  replacementId: 'RMA-LEDGER0001',
  currency: 'NOK',
  provider: 'sandbox',
  ...e,
});

beforeAll(async () => {
  auth = await bearer('finance', 'fin-1');
  const rows: LedgerEntry[] = [
    entry({ idempotencyKey: 'k1', kind: 'authorized', amount: 1_599_000, at: at('2026-11-09T23:00:00.000Z'), providerRef: 'pi_1' }),
    entry({
      idempotencyKey: 'k2',
      kind: 'captured',
      amount: 30_000,
      at: at('2026-11-12T10:00:00.000Z'),
      providerRef: 'pi_1',
      note: 'examination fee, no fault found',
    }),
    entry({
      idempotencyKey: 'k3',
      kind: 'released',
      amount: 1_569_000,
      at: at('2026-11-12T10:00:00.001Z'),
      providerRef: 'pi_1',
      note: '=HYPERLINK("http://evil.example","click")',
    }),
    entry({ idempotencyKey: 'k4', kind: 'charged', amount: 249_00, at: at('2026-11-15T22:59:59.999Z'), note: '+47 22 33 44 55' }),
    entry({ idempotencyKey: 'k5', kind: 'refunded', amount: 5_000, at: at('2026-11-15T23:00:00.000Z'), note: '-2+3' }),
    entry({ idempotencyKey: 'k6', kind: 'authorized', amount: 10_000, currency: 'EUR', at: at('2026-11-11T12:00:00.000Z'), note: '@SUM(A1:A9)' }),
    entry({
      idempotencyKey: 'k7',
      kind: 'charge_failed',
      amount: 7_700,
      at: at('2026-11-13T12:00:00.000Z'),
      note: '\tcmd|"/c calc"!A0',
      providerRef: 'x, "quoted"\r\nline',
    }),
    // Outside the period below.
    entry({ idempotencyKey: 'k0', kind: 'authorized', amount: 999_999, at: at('2026-11-09T22:59:59.999Z') }),
  ];
  for (const r of rows) await world.ledger.append(r);
});

describe('GET /v1/finance/summary', () => {
  it('totals each kind per currency over Oslo days, inclusive of the last day', async () => {
    const res = await request(world.app).get('/v1/finance/summary?from=2026-11-10&to=2026-11-15').set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.from).toBe('2026-11-09T23:00:00.000Z');
    expect(res.body.to).toBe('2026-11-15T23:00:00.000Z');
    expect(res.body.totals).toEqual([
      expect.objectContaining({ currency: 'EUR', authorized: 10_000, entries: 1, collected: 0 }),
      {
        currency: 'NOK',
        authorized: 1_599_000,
        reAuthorized: 0,
        captured: 30_000,
        released: 1_569_000,
        charged: 24_900,
        chargeFailed: 7_700,
        refunded: 0,
        authorizationFailed: 0,
        collected: 54_900,
        entries: 5,
      },
    ]);
  });

  it('sums what is in the ledger_entries table, not a copy', async () => {
    const period = '?from=2026-12-16T00:00:00Z&to=2026-12-17T00:00:00Z';
    const before = await request(world.app).get(`/v1/finance/summary${period}`).set('Authorization', auth);
    expect(before.body.totals).toEqual([]);
    // Written with SQL, as another process (the worker) would: the API sees it on the next read.
    await world.db.pool.query(
      `INSERT INTO ledger_entries (idempotency_key, replacement_id, kind, amount, currency, provider, at)
       VALUES ('sql-1', 'RMA-LEDGER0002', 'charged', 12345, 'NOK', 'sandbox', '2026-12-16T12:00:00Z')`,
    );
    const after = await request(world.app).get(`/v1/finance/summary${period}`).set('Authorization', auth);
    expect(after.body.totals).toEqual([expect.objectContaining({ currency: 'NOK', charged: 12_345, collected: 12_345, entries: 1 })]);
  });

  it('takes instants as given, with `to` exclusive', async () => {
    const res = await request(world.app)
      .get('/v1/finance/summary')
      .query({ from: '2026-11-12T10:00:00.000Z', to: '2026-11-12T10:00:00.001Z' })
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual([expect.objectContaining({ currency: 'NOK', captured: 30_000, released: 0, entries: 1 })]);
  });
});

describe('GET /v1/finance/ledger.csv', () => {
  let lines: string[];
  let res: request.Response;
  beforeAll(async () => {
    res = await request(world.app).get('/v1/finance/ledger.csv?from=2026-11-10&to=2026-11-30').set('Authorization', auth);
    lines = res.text.split('\r\n');
  });

  it('is a CSV attachment with a header row and one row per entry in time order', () => {
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="ledger-2026-11-09-2026-11-30\.csv"$/);
    expect(lines[0]).toBe('at,replacement_id,kind,amount,amount_minor,currency,provider,provider_ref,note,idempotency_key');
    expect(lines.at(-1)).toBe('');
    const rows = res.text
      .trimEnd()
      .split(/\r\n(?=20\d\d-)/)
      .slice(1);
    expect(rows.map((r) => r.split(',')[2])).toEqual(['authorized', 'authorized', 'captured', 'released', 'charge_failed', 'charged', 'refunded']);
    expect(rows[0]).toBe('2026-11-09T23:00:00.000Z,RMA-LEDGER0001,authorized,15990.00,1599000,NOK,sandbox,pi_1,,k1');
  });

  it('neutralizes cells that a spreadsheet would run as formulas', () => {
    expect(res.text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",k3`);
    expect(res.text).toContain(`,'+47 22 33 44 55,k4`);
    expect(res.text).toContain(`,'-2+3,k5`);
    expect(res.text).toContain(`,'@SUM(A1:A9),k6`);
    expect(res.text).toContain(`"'\tcmd|""/c calc""!A0"`);
    expect(res.text).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it('quotes commas, quotes and line breaks as RFC 4180 asks', () => {
    expect(res.text).toContain(`,"x, ""quoted""\r\nline",`);
  });
});

describe('csv cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['plain', 'plain'],
    [null, ''],
    [1599000, '1599000'],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('ends every line, the last included, with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 2]])).toBe('a,b\r\n1,2\r\n');
  });
});
