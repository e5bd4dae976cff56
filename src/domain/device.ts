// One device, one open replacement (across all customers): advance replacement ships the merchant's
// unit before anything comes back, so a second request for a device that already has one open is
// refused. The claim on a serial is taken before a replacement starts and given up when it ends.

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

export type ClaimDecision =
  | { decision: 'ours' }
  | { decision: 'take_over'; why: string }
  | { decision: 'refuse'; detail: string; existingId: string | null };

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
  if (holderState === 'closed') return { decision: 'take_over', why: 'its replacement has ended' };
  if (holderState === 'not_found' && now - holder.claimedAt >= UNSTARTED_CLAIM_GRACE_MS) {
    return { decision: 'take_over', why: 'its replacement never started' };
  }
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
    detail: 'This device already has an open replacement. Only one replacement per device can be open at a time; contact customer service if this is your device.',
    existingId: null,
  };
}
