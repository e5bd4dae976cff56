// Finance: holds by state (from visibility), totals and the ledger export (from the ledger,
// which outlives Temporal's retention and is the books' source of truth).
import type { z } from 'zod';
import type { LedgerEntry, LedgerKind } from '../../../activities/ledger/ledger';
import { mapLimit } from '../concurrency';
import { toCsv } from '../csv';
import { resolvePeriod } from '../period';
import type { HandlerContext } from '../route-table';
import type { holdsQuerySchema, periodQuerySchema } from '../schemas';
import { inList, listAll, listPage, quote, replacementQuery, type VisibilityItem } from '../visibility';

/** An active hold whose authorization lapses within this window is "expiring". */
export const EXPIRING_WITHIN_MS = 48 * 3_600_000;
const EXPIRING_SCAN_CAP = 500;

const FIELD: Record<LedgerKind, keyof Omit<LedgerTotals, 'collected'>> = {
  authorized: 'authorized',
  re_authorized: 'reAuthorized',
  captured: 'captured',
  released: 'released',
  charged: 'charged',
  charge_failed: 'chargeFailed',
  refunded: 'refunded',
  authorization_failed: 'authorizationFailed',
};

export interface LedgerTotals {
  authorized: number;
  reAuthorized: number;
  captured: number;
  released: number;
  charged: number;
  chargeFailed: number;
  refunded: number;
  authorizationFailed: number;
  collected: number;
}

function emptyTotals(): LedgerTotals {
  return { authorized: 0, reAuthorized: 0, captured: 0, released: 0, charged: 0, chargeFailed: 0, refunded: 0, authorizationFailed: 0, collected: 0 };
}

export function ledgerTotals(entries: readonly LedgerEntry[]): LedgerTotals {
  const t = emptyTotals();
  for (const e of entries) {
    const field = FIELD[e.kind];
    if (field) t[field] += e.amount;
  }
  t.collected = t.captured + t.charged - t.refunded;
  return t;
}

const HOLD_QUERIES: Record<z.infer<typeof holdsQuerySchema>['state'], string> = {
  active: replacementQuery(`ReplacementHoldState = 'active'`, `ExecutionStatus = 'Running'`),
  expiring: replacementQuery(`ReplacementHoldState = 'active'`, `ExecutionStatus = 'Running'`),
  // A lapsed or failed hold, or one flagged while the replacement is still open.
  unsecured: replacementQuery(`ReplacementHoldState = 'unsecured' OR (ReplacementFlags = ${quote('unsecured')} AND ExecutionStatus = 'Running')`),
  captured: replacementQuery(inList('ReplacementHoldState', ['captured', 'charged'])),
  released: replacementQuery(`ReplacementHoldState = 'released'`),
};

export async function listHolds(ctx: HandlerContext<undefined, z.infer<typeof holdsQuerySchema>>) {
  const { query, services } = ctx;
  let items: VisibilityItem[];
  let nextCursor: string | null = null;
  const captureBefore = new Map<string, string | null>();
  if (query.state === 'expiring') {
    // The authorization's expiry is not a search attribute: read it from each active replacement.
    const scan = await listAll(services.temporal, HOLD_QUERIES.expiring, EXPIRING_SCAN_CAP);
    const views = await mapLimit(scan.items, 8, (i) => services.replacements.viewOrNull(i.id, 3_000));
    const horizon = services.now() + EXPIRING_WITHIN_MS;
    items = scan.items.filter((item, i) => {
      const at = views[i]?.hold.captureBefore;
      captureBefore.set(item.id, at ?? null);
      return at != null && Date.parse(at) <= horizon;
    });
    items.sort((a, b) => Date.parse(captureBefore.get(a.id)!) - Date.parse(captureBefore.get(b.id)!));
  } else {
    const page = await listPage(services.temporal, HOLD_QUERIES[query.state], query.limit, query.cursor);
    items = page.items;
    nextCursor = page.nextCursor;
  }
  const ledgers = await mapLimit(items, 8, (item) => services.ledger.entries({ replacementId: item.id }));
  ctx.res.json({
    state: query.state,
    items: items.map((item, i) => ({
      id: item.id,
      status: item.status,
      holdState: item.holdState,
      flags: item.flags,
      sku: item.sku,
      customer: item.customer,
      returnDeadline: item.returnDeadline,
      captureBefore: captureBefore.get(item.id) ?? null,
      currency: 'NOK',
      ledger: ledgerTotals(ledgers[i]),
    })),
    nextCursor,
  });
}

export async function financeSummary(ctx: HandlerContext<undefined, z.infer<typeof periodQuerySchema>>) {
  const period = resolvePeriod(ctx.query, ctx.services.now());
  const entries = await ctx.services.ledger.entries(period);
  const byCurrency = new Map<string, LedgerEntry[]>();
  for (const e of entries) byCurrency.set(e.currency, [...(byCurrency.get(e.currency) ?? []), e]);
  ctx.res.json({
    from: new Date(period.from).toISOString(),
    to: new Date(period.to).toISOString(),
    totals: [...byCurrency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, list]) => ({ currency, ...ledgerTotals(list), entries: list.length })),
  });
}

const CSV_HEADER = ['at', 'replacement_id', 'kind', 'amount', 'amount_minor', 'currency', 'provider', 'provider_ref', 'note', 'idempotency_key'];

/** Minor units as a plain decimal (`15990.00`): what a spreadsheet sums correctly. */
const decimal = (minor: number) => `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

export async function ledgerCsv(ctx: HandlerContext<undefined, z.infer<typeof periodQuerySchema>>) {
  const period = resolvePeriod(ctx.query, ctx.services.now());
  const entries = [...(await ctx.services.ledger.entries(period))].sort((a, b) => a.at - b.at || a.idempotencyKey.localeCompare(b.idempotencyKey));
  const rows = entries.map((e) => [
    new Date(e.at).toISOString(),
    e.replacementId,
    e.kind,
    decimal(e.amount),
    e.amount,
    e.currency,
    e.provider,
    e.providerRef ?? '',
    e.note ?? '',
    e.idempotencyKey,
  ]);
  const name = `ledger-${new Date(period.from).toISOString().slice(0, 10)}-${new Date(period.to).toISOString().slice(0, 10)}.csv`;
  ctx.res
    .status(200)
    .type('text/csv; charset=utf-8')
    .setHeader('Content-Disposition', `attachment; filename="${name}"`)
    .send(toCsv(CSV_HEADER, rows));
}
