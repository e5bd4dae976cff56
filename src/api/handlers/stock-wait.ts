// What a customer waiting for stock is told beside the replacement itself: since when it waits, when
// the wait ends (cancelled, hold released), and how many requests for the product are ahead of it.
// The workflow records the wait; the line is the warehouse's, so it is added here at read time.
import type { StockRoom } from '../../ports/inventory';
import { findPolicyVersion, POLICY_VERSIONS } from '../../domain/policy';
import { maxStockWaitDaysOf, stockWaitEndsAt } from '../../domain/stock';
import type { ReplacementView } from '../../domain/replacement';

export interface StockWait {
  since: string;
  cancelsAt: string;
  ahead: number;
}

export async function withStockWait<V extends ReplacementView>(view: V, stock: Pick<StockRoom, 'placeInLine'>): Promise<V & { stockWait?: StockWait }> {
  if (view.status !== 'awaiting_stock') return view;
  const since = view.timeline.find((e) => e.type === 'out_of_stock')?.at;
  if (!since) return view;
  // The wait is a pinned term of the replacement's policy version (the same rule as the workflow's).
  const days = maxStockWaitDaysOf(view.policyVersion ? findPolicyVersion(POLICY_VERSIONS, view.policyVersion) : undefined);
  const place = await stock.placeInLine(view.workflowId);
  return { ...view, stockWait: { since, cancelsAt: new Date(stockWaitEndsAt(Date.parse(since), days)).toISOString(), ahead: place?.ahead ?? 0 } };
}
