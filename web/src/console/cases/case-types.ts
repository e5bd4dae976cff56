// What the case routes answer, apart from the client, so pure modules and their unit tests can use
// them without a browser.
import type { ActorRole } from '@domain/vocabulary';
import type { paths } from '../../api/schema';

export type FinanceActionKind = 'goodwill_refund' | 'collection_retry';
export type FinanceActionOutcome = 'refunded' | 'collected' | 'declined';

export type CaseHit = paths['/v1/staff/cases']['get']['responses'][200]['content']['application/json']['items'][number];
export type CaseDetails = paths['/v1/staff/cases/{id}']['get']['responses'][200]['content']['application/json'];

/** After the route contract of GET /v1/replacements/{id}/finance-actions (not yet in the generated types). */
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
