// What the case routes answer (after the route contract), apart from the client, so pure modules and
// their unit tests can use them without a browser.
import type { ActorRole, LedgerKind, SentEmailState, Status } from '@domain/vocabulary';

export type FinanceActionKind = 'goodwill_refund' | 'collection_retry';
export type FinanceActionOutcome = 'refunded' | 'collected' | 'declined';

export interface CaseHit {
  id: string;
  status: Status;
  productName: string | null;
  customerEmail: string;
  serialNumber: string;
  replacementSerialNumber: string | null;
  createdAt: string;
}

export interface CaseDetails {
  id: string;
  ledger: Array<{
    at: string;
    kind: LedgerKind;
    amount: number;
    currency: string;
    provider: string;
    providerRef: string | null;
    note: string | null;
    idempotencyKey: string;
  }>;
  emails: Array<{ template: string; to: string; sentAt: string; state: SentEmailState }>;
  /** Null when the service has no Temporal UI address configured. */
  workflowUrl: string | null;
}

export interface FinanceAction {
  id: string;
  kind: FinanceActionKind;
  amount: number;
  currency: string;
  reason: string | null;
  /** Null while the provider has not answered. */
  outcome: FinanceActionOutcome | null;
  actor: { sub: string; role: ActorRole };
  at: string;
  providerRef: string | null;
}
