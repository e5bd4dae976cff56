// The staff routes the case pages read besides GET /v1/replacements/{id}: case search, a case's
// ledger, emails and workflow link, and its finance actions. Typed here after the route contract
// (GET /v1/staff/cases, GET /v1/staff/cases/{id}, GET /v1/replacements/{id}/finance-actions);
// the types are in case-types.ts.
import { ApiProblem, type Problem } from '../../api/client';
import type { CaseDetails, CaseHit, FinanceAction } from './case-types';

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
