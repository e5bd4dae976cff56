// The staff routes the case pages read besides GET /v1/replacements/{id}: case search, a case's
// ledger, emails and workflow link, and its finance actions. Typed here after the route contract
// (GET /v1/staff/cases, GET /v1/staff/cases/{id}, GET /v1/replacements/{id}/finance-actions).
import type { LedgerKind, SentEmailState, Status, ActorRole } from '@domain/vocabulary';
import { ApiProblem, type Problem } from '../../api/client';

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

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as unknown;
  if (!res.ok) throw new ApiProblem(res.status, body as Partial<Problem>);
  return body as T;
}

const seg = encodeURIComponent;

export const searchCases = (q: string) => getJson<{ items: CaseHit[] }>(`/v1/staff/cases?q=${seg(q)}`);
export const caseDetails = (id: string) => getJson<CaseDetails>(`/v1/staff/cases/${seg(id)}`);
export const financeActions = (id: string) => getJson<{ items: FinanceAction[] }>(`/v1/replacements/${seg(id)}/finance-actions`);
