// The payment sandbox's 3-D Secure challenge as the API serves it: what the page shows of the
// intent waiting for the customer, and the customer's answer. Only the sandbox implements it; with
// a real provider the card issuer's own page (through Stripe.js) takes its place.
import type { MinorUnits } from '../domain/types';

export interface ChallengeInfo {
  authorizationId: string;
  /** The intent's status; only `requires_action` can still be answered. */
  status: string;
  amount: MinorUnits;
  currency: string;
  description: string;
  brand: string;
  last4: string;
}

export type ChallengeAnswer = 'approve' | 'fail';

export interface PaymentChallenge {
  /** undefined for an id the provider does not know. */
  describe(authorizationId: string): Promise<ChallengeInfo | undefined>;
  /** Throws an error named `PaymentInvalidRequestError` when the intent no longer waits for an answer. */
  answer(authorizationId: string, answer: ChallengeAnswer): Promise<void>;
}
