// One device, one open replacement (across all customers): advance replacement ships the merchant's
// unit before anything comes back, so a second request for a device that already has one open is
// refused. The claim on a serial is taken before a replacement starts and given up when it ends.

// The review and device-flag vocabularies, re-exported for the code that imports them with the rules.
export { DEVICE_FLAG_REASONS, REVIEW_DECISIONS, REVIEW_REASONS } from './vocabulary';
export type { DeviceFlagReason, ReviewDecision, ReviewReason } from './vocabulary';
import type { DeviceFlagReason, ReviewReason, ReviewState } from './vocabulary';

/** Serial numbers compare trimmed and upper-cased: "f2lxk0aaq1 " is the device F2LXK0AAQ1. */
export const normalizeSerial = (serial: string): string => serial.trim().toUpperCase();

/**
 * A claim whose replacement never started (the request died between claiming and starting) is
 * given up after this long; a younger one may belong to a request that is starting right now.
 */
export const UNSTARTED_CLAIM_GRACE_MS = 60_000;

export interface DeviceClaim {
  replacementId: string;
  customerSub: string;
  claimedAt: number;
}

/** What the claimed replacement's workflow is doing, as Temporal says. */
export type ClaimHolderState = 'running' | 'closed' | 'not_found';

export type ClaimDecision = { decision: 'ours' } | { decision: 'take_over'; why: string } | { decision: 'refuse'; detail: string; existingId: string | null };

/** Why a claim no longer holds its device (its replacement ended, or never started), or null while it does. */
export function claimStaleness(claim: DeviceClaim, holderState: ClaimHolderState, now: number): string | null {
  if (holderState === 'closed') return 'its replacement has ended';
  if (holderState === 'not_found' && now - claim.claimedAt >= UNSTARTED_CLAIM_GRACE_MS) return 'its replacement never started';
  return null;
}

/**
 * Whether a request (`requester`) may have a device that `holder` has claimed. The owner of the
 * open replacement is told its service number; anyone else only that there is one.
 */
export function decideDeviceClaim(
  holder: DeviceClaim,
  holderState: ClaimHolderState,
  requester: { replacementId: string; customerSub: string },
  now: number,
): ClaimDecision {
  if (holder.replacementId === requester.replacementId) return { decision: 'ours' };
  const stale = claimStaleness(holder, holderState, now);
  if (stale) return { decision: 'take_over', why: stale };
  if (holder.customerSub === requester.customerSub) {
    return {
      decision: 'refuse',
      detail:
        `This device already has an open replacement, ${holder.replacementId}. Follow it at /v1/replacements/${holder.replacementId}; ` +
        'a new request for the same device is possible once that one has ended (or cancel it while it has not been dispatched).',
      existingId: holder.replacementId,
    };
  }
  return {
    decision: 'refuse',
    detail:
      'This device already has an open replacement. Only one replacement per device can be open at a time; contact customer service if this is your device.',
    existingId: null,
  };
}

// ---- limits and review -------------------------------------------------------------------------

export interface DeviceHistory {
  /** The warehouse's mark on this serial, if any. */
  flagged: { reason: DeviceFlagReason; note: string | null } | null;
  /** Another replacement under which this very unit was already returned to the warehouse. */
  returnedUnder: string | null;
}

export interface ReviewFinding {
  reason: ReviewReason;
  detail: string;
}

/** What makes a request wait for review; none, and it goes straight to the dispatch queue. */
export function reviewFindings(history: DeviceHistory): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  if (history.flagged?.reason === 'counterfeit') {
    findings.push({
      reason: 'known_counterfeit',
      detail: `the warehouse has marked this serial as a counterfeit${history.flagged.note ? ` (${history.flagged.note})` : ''}`,
    });
  } else if (history.flagged) {
    findings.push({
      reason: 'flagged_device',
      detail: `the warehouse has flagged this serial: ${history.flagged.reason}${history.flagged.note ? ` (${history.flagged.note})` : ''}`,
    });
  }
  if (history.returnedUnder) {
    findings.push({ reason: 'returned_before', detail: `this unit was already returned to the warehouse under ${history.returnedUnder}` });
  }
  return findings;
}

/** Null when a review decision may be recorded now; else why not, as staff read it. */
export function reviewDecisionRefusal(review: { state: ReviewState } | null, cancelling: boolean): string | null {
  if (!review) return 'This replacement is not waiting for review.';
  if (review.state !== 'pending') return `The review has already been decided: ${review.state}.`;
  if (cancelling) return 'The replacement is being cancelled.';
  return null;
}

/** Null when one more open replacement is within the customer's limit; else the refusal a person reads. */
export function customerLimitRefusal(openForCustomer: number, maxOpen: number): string | null {
  if (openForCustomer < maxOpen) return null;
  return (
    `You already have ${openForCustomer} open replacement${openForCustomer === 1 ? '' : 's'}, the most this merchant allows at once (${maxOpen}). ` +
    'A new request is possible once one of them has ended; contact customer service if you need more.'
  );
}
