// The finance console's calls. Holds, the summary, the CSV and the findings list are typed from the
// generated client; the finance actions and a finding's resolution are typed here from their route
// contract (src/api/routes.ts on the branches adding them) and go through the same client, so they
// carry the session cookie and the CSRF token like every other call.
import { api, unwrap } from '../../api/client';

export interface FinanceAction {
  id: string;
  kind: 'goodwill_refund' | 'collection_retry';
  amount: number;
  currency: string;
  reason: string | null;
  outcome: 'refunded' | 'collected' | 'declined';
  actor: { sub: string; role: string };
  at: string;
  providerRef: string | null;
}

export interface ResolvedFinding {
  id: number;
  resolvedAt: string | null;
  resolvedBy?: string | null;
  resolutionNote?: string | null;
}

export interface SummaryBucket {
  start: string;
  authorized: number;
  captured: number;
  released: number;
  refunded: number;
}

type Answer = { data?: unknown; error?: unknown; response: Response };
interface UntypedClient {
  POST(path: string, init: { body?: unknown; headers?: Record<string, string> }): Promise<Answer>;
}
const untyped = api as unknown as UntypedClient;

const caseUrl = (id: string, rest: string) => `/v1/replacements/${encodeURIComponent(id)}/${rest}`;

/** A goodwill refund; `key` is the same on a retried submit, so the provider refunds once. */
export async function refund(id: string, body: { amount: number; reason: string }, key: string) {
  return unwrap(await untyped.POST(caseUrl(id, 'refunds'), { body, headers: { 'Idempotency-Key': key } })) as { action: FinanceAction; refundable: number };
}

export async function retryCollection(id: string, key: string) {
  return unwrap(await untyped.POST(caseUrl(id, 'collection-retry'), { body: {}, headers: { 'Idempotency-Key': key } })) as { action: FinanceAction };
}

export async function resolveFinding(id: number, note: string) {
  return unwrap(await untyped.POST(`/v1/finance/reconciliation/${id}/resolution`, { body: { note } })) as ResolvedFinding;
}

/** The ledger export for a period: a plain link, authorised by the session cookie. */
export const ledgerCsvHref = (from: string, to: string) => `/v1/finance/ledger.csv?${new URLSearchParams({ from, to }).toString()}`;
