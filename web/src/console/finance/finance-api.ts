// The finance console's calls through the typed client (the session cookie and the CSRF token ride
// along), and the types the pages share.
import { api, unwrap } from '../../api/client';
import type { components, paths } from '../../api/schema';

type RefundAnswer = paths['/v1/replacements/{id}/refunds']['post']['responses'][201]['content']['application/json'];
export type FinanceAction = RefundAnswer['action'];
export type SummaryBucket = NonNullable<components['schemas']['FinanceSummary']['series']>[number];

/** A goodwill refund; `key` is the same on a retried submit, so the provider refunds once. */
export async function refund(id: string, body: { amount: number; reason: string }, key: string) {
  return unwrap(await api.POST('/v1/replacements/{id}/refunds', { params: { path: { id }, header: { 'Idempotency-Key': key } }, body }));
}

export async function retryCollection(id: string, key: string) {
  return unwrap(await api.POST('/v1/replacements/{id}/collection-retry', { params: { path: { id }, header: { 'Idempotency-Key': key } } }));
}

export async function resolveFinding(id: number, note: string) {
  return unwrap(await api.POST('/v1/finance/reconciliation/{id}/resolution', { params: { path: { id: String(id) } }, body: { note } }));
}

/** The ledger export for a period: a plain link, authorised by the session cookie. */
export const ledgerCsvHref = (from: string, to: string) => `/v1/finance/ledger.csv?${new URLSearchParams({ from, to }).toString()}`;
