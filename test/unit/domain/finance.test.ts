import {
  decideCollectionRetry,
  decideRefund,
  lateReturnRefundPending,
  refundableAmount,
  withFinanceAdjustment,
  type CollectedMoney,
  type RetryFacts,
} from '../../../src/domain/finance';
import type { ReplacementView } from '../../../src/domain/replacement';

const money = (captured: number, charged = 0, refunded = 0): CollectedMoney => ({ captured, charged, refunded });

describe('refundableAmount: captured + charged − refunded − pending, never below 0', () => {
  test.each([
    ['nothing collected', money(0), 0, 0],
    ['a captured fee', money(30_000), 0, 30_000],
    ['captured and charged', money(30_000, 5_000), 0, 35_000],
    ['partly refunded', money(30_000, 0, 10_000), 0, 20_000],
    ['a pending refund counts', money(30_000, 0, 10_000), 5_000, 15_000],
    ['over-refunded stays at 0', money(30_000, 0, 40_000), 0, 0],
  ])('%s', (_name, collected, pending, expected) => {
    expect(refundableAmount(collected, pending)).toBe(expected);
  });
});

describe('decideRefund', () => {
  test.each<[string, number, CollectedMoney, number, boolean, RegExp | null]>([
    ['all of it', 30_000, money(30_000), 0, true, null],
    ['part of it', 1, money(30_000), 0, true, null],
    ['the rest after a refund', 20_000, money(30_000, 0, 10_000), 0, true, null],
    [
      'one øre too much',
      30_001,
      money(30_000),
      0,
      false,
      /^At most NOK 300\.00 can be refunded: NOK 300\.00 was collected and NOK 0\.00 already refunded\. Ask for NOK 300\.00 or less\.$/,
    ],
    ['beyond the rest', 25_000, money(30_000, 0, 10_000), 0, false, /^At most NOK 200\.00 can be refunded/],
    ['a pending refund takes its share', 20_000, money(30_000), 15_000, false, /^At most NOK 150\.00 can be refunded: .* is refunded or being refunded/],
    ['nothing collected', 100, money(0), 0, false, /^At most NOK 0\.00 can be refunded: nothing has been collected/],
    [
      'all refunded already',
      100,
      money(30_000, 0, 30_000),
      0,
      false,
      /^At most NOK 0\.00 can be refunded: NOK 300\.00 was collected and NOK 300\.00 already refunded\.$/,
    ],
    ['zero', 0, money(30_000), 0, false, /^At most NOK 300\.00/],
  ])('%s', (_name, amount, collected, pending, allowed, detail) => {
    const d = decideRefund(amount, collected, pending);
    expect(d.allowed).toBe(allowed);
    if (d.allowed) expect(d.amount).toBe(amount);
    else expect(d.detail).toMatch(detail!);
  });
});

describe('decideCollectionRetry', () => {
  const flagged: RetryFacts = { flags: ['collection_required'], failedChargeAmount: 30_000, collectedByRetry: false, retryInFlight: false };
  test.each<[string, Partial<RetryFacts>, boolean, RegExp | null]>([
    ['flagged, with a declined charge', {}, true, null],
    ['flagged among others', { flags: ['unsecured', 'renewal_failed', 'collection_required'] }, true, null],
    ['not flagged', { flags: ['unsecured'] }, false, /not flagged collection_required/],
    ['already collected by a retry', { collectedByRetry: true }, false, /already retried successfully/],
    ['collected even though the flag is still seen', { collectedByRetry: true, flags: [] }, false, /already retried successfully/],
    ['another retry in flight', { retryInFlight: true }, false, /in progress/],
    ['no declined charge on record', { failedChargeAmount: null }, false, /No declined charge/],
  ])('%s', (_name, facts, allowed, detail) => {
    const d = decideCollectionRetry({ ...flagged, ...facts });
    expect(d.allowed).toBe(allowed);
    if (d.allowed) expect(d.amount).toBe(30_000);
    else expect(d.detail).toMatch(detail!);
  });
});

describe('withFinanceAdjustment', () => {
  const view = {
    capturedAmount: 0,
    refundedAmount: 0,
    flags: ['unsecured', 'collection_required'],
    hold: { state: 'unsecured', authorizationId: null },
  } as unknown as ReplacementView;
  test.each<[string, { collected: number; refunded: number }, Partial<ReplacementView>]>([
    ['nothing: the same view', { collected: 0, refunded: 0 }, { capturedAmount: 0, flags: ['unsecured', 'collection_required'] }],
    ['a collected retry: charged, flag cleared', { collected: 30_000, refunded: 0 }, { capturedAmount: 30_000, flags: ['unsecured'] }],
    ['a refund only: flags and hold untouched', { collected: 0, refunded: 5_000 }, { refundedAmount: 5_000, flags: ['unsecured', 'collection_required'] }],
  ])('%s', (_name, adjustment, expected) => {
    const adjusted = withFinanceAdjustment(view, adjustment);
    expect(adjusted).toMatchObject(expected);
    expect(adjusted.hold.state).toBe(adjustment.collected > 0 ? 'charged' : 'unsecured');
  });
});

describe('lateReturnRefundPending: no goodwill refund while the replacement may still refund a late return', () => {
  const NOW = Date.parse('2026-12-10T12:00:00Z');
  const until = '2026-12-21T22:59:59.999Z';
  test.each<[string, Partial<Pick<ReplacementView, 'resolution' | 'lateReturnWindowUntil' | 'flags'>>, RegExp | null]>([
    ['not returned, window open', {}, /until 2026-12-21T22:59:59\.999Z/],
    ['not returned, window closed', { lateReturnWindowUntil: '2026-12-10T12:00:00.000Z' }, null],
    ['not returned, late return already refunded', { flags: ['late_return'] }, null],
    ['settled after inspection', { resolution: 'fee_charged', lateReturnWindowUntil: null }, null],
    ['no window on record', { lateReturnWindowUntil: null }, null],
  ])('%s', (_name, o, expected) => {
    const blocked = lateReturnRefundPending({ resolution: 'not_returned_charged', lateReturnWindowUntil: until, flags: [], ...o }, NOW);
    if (expected) expect(blocked).toMatch(expected);
    else expect(blocked).toBeNull();
  });
});
