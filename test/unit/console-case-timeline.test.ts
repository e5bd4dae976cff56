// The case page's history: the replacement's timeline and finance's actions in one list by time,
// each source's order kept for entries at the same instant.
import type { TimelineEntry } from '../../src/domain/replacement';
import type { FinanceAction } from '../../web/src/console/cases/case-types';
import { mergeCaseTimeline } from '../../web/src/console/cases/case-timeline';

const entry = (at: string, type: TimelineEntry['type']): TimelineEntry => ({ at, type });
const action = (at: string, id: string): FinanceAction => ({
  id,
  kind: 'goodwill_refund',
  amount: 10_000,
  currency: 'NOK',
  reason: 'goodwill',
  outcome: 'refunded',
  actor: { sub: 'frida', role: 'finance' },
  at,
  providerRef: null,
});

/** What a merged list looks like, one word per event: the timeline's type or the action's id. */
const shape = (timeline: TimelineEntry[], actions: FinanceAction[]) =>
  mergeCaseTimeline(timeline, actions).map((e) => (e.source === 'timeline' ? e.entry.type : e.action.id));

const T1 = '2026-12-01T10:00:00.000Z';
const T2 = '2026-12-01T11:00:00.000Z';
const T3 = '2026-12-01T12:00:00.000Z';

describe('mergeCaseTimeline', () => {
  it.each<[string, TimelineEntry[], FinanceAction[], string[]]>([
    ['nothing', [], [], []],
    ['only the timeline, in its order', [entry(T1, 'requested'), entry(T2, 'hold_authorized')], [], ['requested', 'hold_authorized']],
    ['only actions, by time', [], [action(T2, 'a2'), action(T1, 'a1')], ['a1', 'a2']],
    ['an action between two entries', [entry(T1, 'requested'), entry(T3, 'settled')], [action(T2, 'a1')], ['requested', 'a1', 'settled']],
    ['an action after the last entry', [entry(T1, 'requested'), entry(T2, 'hold_captured')], [action(T3, 'a1')], ['requested', 'hold_captured', 'a1']],
    ['an unordered timeline is put in order', [entry(T2, 'dispatched'), entry(T1, 'requested')], [], ['requested', 'dispatched']],
    [
      'same instant: the timeline’s own order, then the actions in theirs',
      [entry(T1, 'hold_captured'), entry(T1, 'settled')],
      [action(T1, 'a1'), action(T1, 'a2')],
      ['hold_captured', 'settled', 'a1', 'a2'],
    ],
    [
      'instants compared as time, not as text',
      [entry('2026-12-01T12:00:00+02:00', 'dispatched')],
      [action('2026-12-01T10:30:00.000Z', 'a1')],
      ['dispatched', 'a1'],
    ],
    ['an unreadable instant goes last', [entry('not a time', 'failed'), entry(T2, 'requested')], [action(T1, 'a1')], ['a1', 'requested', 'failed']],
  ])('%s', (_what, timeline, actions, expected) => {
    expect(shape(timeline, actions)).toEqual(expected);
  });

  it('does not reorder its inputs', () => {
    const timeline = [entry(T2, 'dispatched'), entry(T1, 'requested')];
    mergeCaseTimeline(timeline, []);
    expect(timeline.map((e) => e.type)).toEqual(['dispatched', 'requested']);
  });
});
