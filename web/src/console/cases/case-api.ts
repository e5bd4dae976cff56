// The staff routes the case pages read besides GET /v1/replacements/{id}: case search, a case's
// ledger, emails and workflow link, and its finance actions.
import { api, ApiProblem, unwrap, type Problem } from '../../api/client';
import type { FinanceAction } from './case-types';

export const searchCases = async (q: string) => unwrap(await api.GET('/v1/staff/cases', { params: { query: { q } } }));
export const caseDetails = async (id: string) => unwrap(await api.GET('/v1/staff/cases/{id}', { params: { path: { id } } }));

// Not yet in the generated types: read by hand after the route contract.
async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as unknown;
  if (!res.ok) throw new ApiProblem(res.status, body as Partial<Problem>);
  return body as T;
}

export const financeActions = (id: string) => getJson<{ items: FinanceAction[] }>(`/v1/replacements/${encodeURIComponent(id)}/finance-actions`);
