// The warehouse's two work lists. Membership comes from visibility; the details that are not
// search attributes (SLA due time, return tracking) are read from each replacement, best effort:
// a replacement that does not answer in time is still listed, flagged `detailsUnavailable`.
import type { ReplacementView } from '../../../workflows/definitions';
import { mapLimit } from '../concurrency';
import type { HandlerContext } from '../route-table';
import { inList, listAll, replacementQuery, type VisibilityItem } from '../visibility';

const MAX_ITEMS = 500;
const VIEW_CONCURRENCY = 8;
const VIEW_TIMEOUT_MS = 3_000;

async function withViews(ctx: HandlerContext<undefined, undefined>, query: string) {
  const { items, truncated } = await listAll(ctx.services.temporal, query, MAX_ITEMS);
  const views = await mapLimit(items, VIEW_CONCURRENCY, (item) => ctx.services.replacements.viewOrNull(item.id, VIEW_TIMEOUT_MS));
  return { rows: items.map((item, i) => [item, views[i]] as [VisibilityItem, ReplacementView | null]), truncated };
}

const timeOrInfinity = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

export async function dispatchQueue(ctx: HandlerContext<undefined, undefined>) {
  const { rows, truncated } = await withViews(
    ctx,
    replacementQuery(inList('ReplacementStatus', ['awaiting_dispatch']), `ExecutionStatus = 'Running'`),
  );
  const items = rows.map(([item, view]) => ({
    id: item.id,
    sku: view?.sku ?? item.sku,
    productName: view?.productName ?? null,
    serviceLevel: view?.serviceLevel ?? null,
    dispatchDueBy: view?.dispatchDueBy ?? null,
    slaBreached: (view?.flags ?? item.flags).includes('sla_breached'),
    requestedAt: view?.createdAt ?? item.startedAt,
    detailsUnavailable: view === null,
  }));
  // Oldest SLA first; without a due time, by request time after those that have one.
  items.sort(
    (a, b) => timeOrInfinity(a.dispatchDueBy) - timeOrInfinity(b.dispatchDueBy) || Date.parse(a.requestedAt) - Date.parse(b.requestedAt),
  );
  ctx.res.json({ items, truncated });
}

export async function incomingReturns(ctx: HandlerContext<undefined, undefined>) {
  const { rows, truncated } = await withViews(
    ctx,
    replacementQuery(inList('ReplacementStatus', ['dispatched', 'return_in_transit']), `ExecutionStatus = 'Running'`),
  );
  const items = rows.map(([item, view]) => ({
    id: item.id,
    status: view?.status ?? item.status,
    sku: view?.sku ?? item.sku,
    productName: view?.productName ?? null,
    expectedSerialNumber: view?.serialNumber ?? null,
    returnTrackingNumber: view?.returnLabel?.trackingNumber ?? null,
    returnTracking: view?.returnTracking ?? null,
    returnDeadline: view?.returnDeadline ?? item.returnDeadline,
    flags: view?.flags ?? item.flags,
    detailsUnavailable: view === null,
  }));
  // In transit first (they are about to arrive), then by the nearest deadline.
  const rank = (s: string | null) => (s === 'return_in_transit' ? 0 : 1);
  items.sort((a, b) => rank(a.status) - rank(b.status) || timeOrInfinity(a.returnDeadline) - timeOrInfinity(b.returnDeadline));
  ctx.res.json({ items, truncated });
}
