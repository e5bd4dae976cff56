// Finance's actions on a replacement's money after the fact: how much may still be refunded, when a
// declined collection may be retried, and what a successful retry changes in what staff see.
import { formatMoney } from './money';
import type { Actor, ReplacementView } from './replacement';
import type { MinorUnits } from './types';
import type { FinanceActionKind, FinanceActionOutcome, Flag } from './vocabulary';

/** The ledger's sums for one replacement that a refund is limited by. */
export interface CollectedMoney {
  captured: MinorUnits;
  charged: MinorUnits;
  refunded: MinorUnits;
}

export type FinanceDecision = { allowed: true; amount: MinorUnits } | { allowed: false; detail: string };

const nok = (minor: number) => formatMoney(minor, 'NOK', 'en');

/** What is left to refund: captured + charged − refunded, less refunds reserved but not yet in the ledger. */
export function refundableAmount(collected: CollectedMoney, pendingRefunds: MinorUnits = 0): MinorUnits {
  return Math.max(0, collected.captured + collected.charged - collected.refunded - pendingRefunds);
}

/** A goodwill refund of `amount` is allowed up to what is left; the refusal names the most that can be refunded. */
export function decideRefund(amount: MinorUnits, collected: CollectedMoney, pendingRefunds: MinorUnits = 0): FinanceDecision {
  const refundable = refundableAmount(collected, pendingRefunds);
  if (amount > 0 && amount <= refundable) return { allowed: true, amount };
  const total = collected.captured + collected.charged;
  if (total === 0) return { allowed: false, detail: `At most ${nok(0)} can be refunded: nothing has been collected on this replacement.` };
  const already = collected.refunded + pendingRefunds;
  return {
    allowed: false,
    detail:
      `At most ${nok(refundable)} can be refunded: ${nok(total)} was collected and ${nok(already)} ` +
      `${pendingRefunds > 0 ? 'is refunded or being refunded' : 'already refunded'}.` +
      (refundable > 0 ? ` Ask for ${nok(refundable)} or less.` : ''),
  };
}

/**
 * After a not-returned charge the replacement itself refunds a late return (less the late fee) until
 * its late-return window closes; a goodwill refund before then could leave that refund more than is
 * left on the payment. The refusal says when finance may refund; null when nothing stands in the way.
 */
export function lateReturnRefundPending(view: Pick<ReplacementView, 'resolution' | 'lateReturnWindowUntil' | 'flags'>, nowMs: number): string | null {
  if (view.resolution !== 'not_returned_charged' || view.flags.includes('late_return') || view.lateReturnWindowUntil === null) return null;
  if (Date.parse(view.lateReturnWindowUntil) <= nowMs) return null;
  return `A late return may still be refunded by the replacement until ${view.lateReturnWindowUntil}; refund after that, or once the late return is settled.`;
}

export interface RetryFacts {
  flags: readonly Flag[];
  /** The declined off-session charge on record (the ledger's `charge_failed`); null when there is none. */
  failedChargeAmount: MinorUnits | null;
  /** A retry of this replacement has already collected. */
  collectedByRetry: boolean;
  /** Another retry is waiting for the provider's answer. */
  retryInFlight: boolean;
}

/** A declined collection may be retried, for the amount that was declined, while it is flagged and nobody else is at it. */
export function decideCollectionRetry(facts: RetryFacts): FinanceDecision {
  if (facts.collectedByRetry) return { allowed: false, detail: 'This replacement’s collection was already retried successfully; nothing is left to collect.' };
  if (!facts.flags.includes('collection_required')) {
    return { allowed: false, detail: 'This replacement is not flagged collection_required: no declined charge is waiting to be collected.' };
  }
  if (facts.retryInFlight) return { allowed: false, detail: 'Another retry of this collection is in progress; wait for its answer.' };
  if (!facts.failedChargeAmount) return { allowed: false, detail: 'No declined charge is on record for this replacement, so there is nothing to retry.' };
  return { allowed: true, amount: facts.failedChargeAmount };
}

/** What finance actions added on top of the replacement's own view: collected by retries, refunded out of goodwill. */
export interface FinanceAdjustment {
  collected: MinorUnits;
  refunded: MinorUnits;
}

export const NO_FINANCE_ADJUSTMENT: FinanceAdjustment = { collected: 0, refunded: 0 };

/**
 * The view as staff should see it once finance has acted: a collected retry makes it charged and
 * clears `collection_required`; refunds add to what was refunded. Applied to the workflow's own
 * view every time (never to an adjusted one), so a later projection cannot undo it.
 */
export function withFinanceAdjustment(view: ReplacementView, adjustment: FinanceAdjustment): ReplacementView {
  if (adjustment.collected === 0 && adjustment.refunded === 0) return view;
  const collected = adjustment.collected > 0;
  return {
    ...view,
    capturedAmount: view.capturedAmount + adjustment.collected,
    refundedAmount: view.refundedAmount + adjustment.refunded,
    flags: collected ? view.flags.filter((f) => f !== 'collection_required') : view.flags,
    hold: collected ? { ...view.hold, state: 'charged' } : view.hold,
  };
}

/** A finance action as the API and the case page show it: what was done, by whom, when and why. */
export interface FinanceActionView {
  id: string;
  kind: FinanceActionKind;
  amount: MinorUnits;
  currency: 'NOK';
  reason: string | null;
  outcome: FinanceActionOutcome;
  actor: Actor;
  /** ISO instant the provider answered. */
  at: string;
  providerRef: string | null;
}
