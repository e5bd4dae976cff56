// Finance: holds by state from the read model, money from the PostgreSQL ledger (which outlives
// Temporal's retention and is the books' source of truth), totals computed there with SQL.
import type { z } from 'zod';
import { osloInstant, periodBuckets } from '../../domain/calendar';
import type { ReportBucket } from '../../domain/vocabulary';
import type { LedgerReader, LedgerTotals } from '../../ports/ledger';
import type { StoredFinding } from '../../ports/reconciliation';
import { toCsv } from '../csv';
import { withCursor } from '../paging';
import { resolvePeriod, type Period } from '../period';
import { problem } from '../problem';
import type { HandlerContext } from '../route-table';
import type { financeSummaryQuerySchema, findingResolutionSchema, findingsQuerySchema, holdsQuerySchema, periodQuerySchema } from '../schemas';

/** A series longer than this is refused: a chart of more points helps no one and costs a scan. */
const MAX_SERIES_ENTRIES = 1000;

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

/** NOK per Oslo day or ISO week of the period, every bucket present (zero when nothing moved). */
async function series(ledger: LedgerReader, period: Period, bucket: ReportBucket) {
  let starts: string[];
  try {
    starts = periodBuckets(period.from, period.to, bucket, MAX_SERIES_ENTRIES);
  } catch {
    throw problem('invalid-query', `The period has more than ${MAX_SERIES_ENTRIES} ${bucket}s; choose a shorter period or bucket=week.`, {
      errors: [{ path: 'bucket', message: `at most ${MAX_SERIES_ENTRIES} entries` }],
    });
  }
  const rows = new Map((await ledger.totals(period, bucket)).filter((r) => r.currency === 'NOK').map((r) => [r.bucket, r]));
  return starts.map((date) => {
    const t = rows.get(date);
    return {
      start: new Date(osloInstant(date)).toISOString(),
      authorized: t?.authorized ?? 0,
      captured: t?.captured ?? 0,
      released: t?.released ?? 0,
      refunded: t?.refunded ?? 0,
    };
  });
}

export async function financeSummary(ctx: HandlerContext<undefined, z.infer<typeof financeSummaryQuerySchema>>) {
  const period = resolvePeriod(ctx.query, ctx.services.now());
  const { bucket } = ctx.query;
  const [totals, replacements, buckets] = await Promise.all([
    ctx.services.ledger.totals(period),
    ctx.services.readModel.totals(period),
    bucket ? series(ctx.services.ledger, period, bucket) : undefined,
  ]);
  ctx.res.json({
    from: new Date(period.from).toISOString(),
    to: new Date(period.to).toISOString(),
    totals: totals
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map(({ bucket: _bucket, currency, ...t }) => ({ currency, ...kinds(t), entries: t.entries })),
    replacements: replacements.sort((a, b) => a.currency.localeCompare(b.currency)),
    ...(buckets ? { series: buckets } : {}),
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
  ctx.res.json({ items: items.map(presentFinding) });
}

const presentFinding = (f: StoredFinding) => ({
  ...f,
  runAt: new Date(f.runAt).toISOString(),
  resolvedAt: f.resolvedAt === null ? null : new Date(f.resolvedAt).toISOString(),
});

/** Finance marks a finding dealt with, saying how; who and when are kept with it. */
export async function resolveFinding(ctx: HandlerContext<z.infer<typeof findingResolutionSchema>, undefined>) {
  const { findings } = ctx.services;
  const id = Number(ctx.params.id);
  const resolved = await findings.resolve(id, ctx.services.now(), { by: ctx.principal!.sub, note: ctx.body.note });
  const finding = await findings.get(id);
  if (!finding) throw problem('not-found', `No reconciliation finding with id ${id} exists.`);
  if (!resolved) {
    const when = finding.resolvedAt === null ? 'earlier' : new Date(finding.resolvedAt).toISOString();
    throw problem(
      'conflict',
      `Finding ${id} was already resolved (${when}${finding.resolvedBy ? ` by ${finding.resolvedBy}` : ''}); it cannot be resolved again.`,
    );
  }
  ctx.res.json(presentFinding(finding));
}
