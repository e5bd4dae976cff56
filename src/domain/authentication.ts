// Strong customer authentication (PSD2) on the customer-initiated hold: how long the customer has
// to complete it, and what a provider's answer means for the request. Pure.
import type { PaymentEventKind } from './vocabulary';

/** How long a customer has to complete a card's authentication when a policy version does not say. */
export const DEFAULT_AUTHENTICATION_WAIT_MINUTES = 30;

/** The authentication wait under these terms (or this policy version); older ones carry no term. */
export const authenticationWaitMinutesOf = (terms: { authenticationWaitMinutes?: number } | null | undefined): number =>
  terms?.authenticationWaitMinutes ?? DEFAULT_AUTHENTICATION_WAIT_MINUTES;

/**
 * The terms with the authentication wait set to `seconds` (a test or demo environment's shorter
 * wait, AUTHENTICATION_WAIT_SECONDS), pinned like the policy's own term; unchanged without one.
 */
export function withAuthenticationWaitSeconds<T extends { authenticationWaitMinutes?: number }>(terms: T, seconds: number | undefined): T {
  return seconds === undefined ? terms : { ...terms, authenticationWaitMinutes: seconds / 60 };
}

/** When an authentication asked for at `sinceMs` is given up: the request is declined, the intent cancelled. */
export function authenticationEndsAt(sinceMs: number, waitMinutes: number): number {
  return sinceMs + waitMinutes * 60_000;
}

/** What the customer's authentication came to, as far as a payment event tells. */
export type AuthenticationOutcome = 'authenticated' | 'failed';

/**
 * The outcome a provider event reports for a pending authentication, or null when the event says
 * nothing about it: funds held means it succeeded; a failed payment or a cancelled intent means it did not.
 */
export function authenticationOutcomeOf(kind: PaymentEventKind): AuthenticationOutcome | null {
  switch (kind) {
    case 'capturable_updated':
      return 'authenticated';
    case 'authorization_failed':
    case 'authorization_canceled':
      return 'failed';
    default:
      return null;
  }
}
