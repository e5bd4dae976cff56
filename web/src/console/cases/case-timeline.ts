// A case's whole history: the replacement's own timeline and finance's actions on its money, in one
// list by time. Pure, so the order is table-tested (test/unit/console-case-timeline.test.ts).
import type { TimelineEntry } from '@domain/replacement';
import type { FinanceAction } from './case-types';

export type CaseEvent = { source: 'timeline'; at: string; entry: TimelineEntry } | { source: 'finance'; at: string; action: FinanceAction };

/**
 * Oldest first. Stable: entries at the same instant keep the order each source gave them, and the
 * workflow's own entries come before finance's (an action is recorded after what it acted on).
 */
export function mergeCaseTimeline(timeline: readonly TimelineEntry[], actions: readonly FinanceAction[]): CaseEvent[] {
  const events: CaseEvent[] = [
    ...timeline.map((entry): CaseEvent => ({ source: 'timeline', at: entry.at, entry })),
    ...actions.map((action): CaseEvent => ({ source: 'finance', at: action.at, action })),
  ];
  // Ties fall back to the list above: each source's own order, the timeline before the actions.
  return events
    .map((event, index) => ({ event, index, ms: instant(event.at) }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map((x) => x.event);
}

/** An unreadable instant sorts last rather than scrambling the list (NaN compares as neither). */
const instant = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
};
