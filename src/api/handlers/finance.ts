// Finance: holds by state from the read model, money from the PostgreSQL ledger (which outlives
// Temporal's retention and is the books' source of truth), totals computed there with SQL.
import type { z } from 'zod';
import type { LedgerTotals } from '../../ports/ledger';
import { toCsv } from '../csv';
import { withCursor } from '../paging';
import { resolvePeriod } from '../period';
import type { HandlerContext } from '../route-table';
import type { findingsQuerySchema, holdsQuerySchema, periodQuerySchema } from '../schemas';

/** The per-kind sums as the API has always shown them (the row count is reported separately). */
function kinds({ entries: _entries, ...totals }: LedgerTotals): Omit<LedgerTotals, 'entries'> {
  return totals;
}

export async function listHolds(ctx: HandlerContext<undefined, z.infer<typeof holdsQuerySchema>>) {
  const { query, services } = ctx;
  const page = await withCursor(() => services.readModel.holds({ state: query.state, now: services.now(), limit: query.limit, cursor: query.cursor }));
  const money = await services.ledger.totalsByReplacement(page.items.map((row) => row.id));
  ctx.res.json({
    state: query.state,
    items: page.items.map((row) => ({
      id: row.id,
      status: row.status,
      holdState: row.holdState,
      flags: row.flags,
      sku: row.sku,
      customer: row.customerSub,
      returnDeadline: row.returnDeadline,
      captureBefore: row.captureBefore,
      currency: 'NOK',
      ledger: kinds(money.get(row.id)!),
    })),
    nextCursor: page.nextCursor,
  });
}

export async function financeSummary(ctx: HandlerContext<undefined, z.infer<typeof periodQuerySchema>>) {
  const period = resolvePeriod(ctx.query, ctx.services.now());
  const [totals, replacements] = await Promise.all([ctx.services.ledger.totals(period), ctx.services.readModel.totals(period)]);
  ctx.res.json({
    from: new Date(period.from).toISOString(),
    to: new Date(period.to).toISOString(),
    totals: totals
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map(({ bucket: _bucket, currency, ...t }) => ({ currency, ...kinds(t), entries: t.entries })),
    replacements: replacements.sort((a, b) => a.currency.localeCompare(b.currency)),
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
  ctx.res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${name}"`).send(toCsv(CSV_HEADER, rows));
}

/** Open (or all) reconciliation findings, newest first: what finance has to look into. */
export async function listFindings(ctx: HandlerContext<undefined, z.infer<typeof findingsQuerySchema>>) {
  const items = await ctx.services.findings.list({ openOnly: ctx.query.open, limit: ctx.query.limit });
  ctx.res.json({
    items: items.map((f) => ({
      ...f,
      runAt: new Date(f.runAt).toISOString(),
      resolvedAt: f.resolvedAt === null ? null : new Date(f.resolvedAt).toISOString(),
    })),
  });
}
