// Staff lists come from Temporal visibility (the search attributes the workflow upserts), so a
// list never has to wake a workflow. Pages are cut by Temporal's own page token, wrapped in an
// opaque cursor that is bound to the query it came from.
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { optionalTsToMs, tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import type { Status } from '../domain/types';
import { REPLACEMENT_WORKFLOW_TYPE, serviceNumberFromWorkflowId } from '../../workflows/definitions';
import { SA_CUSTOMER, SA_DEADLINE, SA_FLAGS, SA_HOLD_STATE, SA_SKU, SA_STATUS } from '../../workflows/search-attributes';
import { problem } from './problem';
import { GRPC, grpcCodeOf } from './temporal-errors';

export type ExecutionState = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out' | 'continued_as_new' | 'unknown';

export interface VisibilityItem {
  id: string;
  workflowId: string;
  status: Status | null;
  sku: string | null;
  customer: string | null;
  holdState: string | null;
  flags: string[];
  returnDeadline: string | null;
  startedAt: string;
  closedAt: string | null;
  execution: ExecutionState;
}

// WorkflowExecutionStatus codes of the Temporal API.
const EXECUTION_STATES: Record<number, ExecutionState> = {
  1: 'running',
  2: 'completed',
  3: 'failed',
  4: 'cancelled',
  5: 'terminated',
  6: 'continued_as_new',
  7: 'timed_out',
};

/** A visibility-query string literal. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Every list is scoped to replacement workflows; extra clauses are ANDed. */
export function replacementQuery(...clauses: string[]): string {
  return [`WorkflowType = ${quote(REPLACEMENT_WORKFLOW_TYPE)}`, ...clauses.map((c) => `(${c})`)].join(' AND ');
}

export const inList = (attribute: string, values: readonly string[]) => `${attribute} IN (${values.map(quote).join(', ')})`;

function toItem(raw: temporal.api.workflow.v1.IWorkflowExecutionInfo): VisibilityItem {
  const workflowId = raw.execution?.workflowId ?? '';
  const attrs = decodeTypedSearchAttributes(raw.searchAttributes?.indexedFields);
  const deadline = attrs.get(SA_DEADLINE);
  const closed = optionalTsToMs(raw.closeTime);
  return {
    id: serviceNumberFromWorkflowId(workflowId) ?? workflowId,
    workflowId,
    status: (attrs.get(SA_STATUS) as Status | undefined) ?? null,
    sku: attrs.get(SA_SKU) ?? null,
    customer: attrs.get(SA_CUSTOMER) ?? null,
    holdState: attrs.get(SA_HOLD_STATE) ?? null,
    flags: attrs.get(SA_FLAGS) ?? [],
    returnDeadline: deadline ? deadline.toISOString() : null,
    startedAt: new Date(tsToMs(raw.startTime)).toISOString(),
    closedAt: closed !== undefined ? new Date(closed).toISOString() : null,
    execution: EXECUTION_STATES[raw.status ?? 0] ?? 'unknown',
  };
}

const queryTag = (query: string) => createHash('sha256').update(query).digest('base64url').slice(0, 16);

export function encodeCursor(query: string, token: Uint8Array): string {
  return Buffer.from(JSON.stringify({ q: queryTag(query), t: Buffer.from(token).toString('base64') })).toString('base64url');
}

export function decodeCursor(query: string, cursor: string): Buffer {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { q?: unknown; t?: unknown };
    if (parsed.q === queryTag(query) && typeof parsed.t === 'string' && parsed.t.length > 0) return Buffer.from(parsed.t, 'base64');
  } catch {
    // fall through: any undecodable cursor is the same client error
  }
  throw decodeCursorFailure();
}

function decodeCursorFailure() {
  return problem('invalid-query', 'The cursor is not valid for this list; start again without `cursor`.', {
    errors: [{ path: 'cursor', message: 'not a cursor returned by this list with the same filters' }],
  });
}

export interface Page {
  items: VisibilityItem[];
  nextCursor: string | null;
}

export async function listPage(client: Client, query: string, pageSize: number, cursor?: string): Promise<Page> {
  const nextPageToken = cursor ? decodeCursor(query, cursor) : undefined;
  let response: temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
  try {
    response = await client.workflowService.listWorkflowExecutions({ namespace: client.options.namespace, query, pageSize, nextPageToken });
  } catch (err) {
    // A well-formed cursor whose token the server refuses (expired, tampered) is still the client's.
    if (nextPageToken && grpcCodeOf(err) === GRPC.INVALID_ARGUMENT) throw decodeCursorFailure();
    throw err;
  }
  const token = response.nextPageToken;
  return {
    items: response.executions.map(toItem),
    nextCursor: token && token.length > 0 && response.executions.length > 0 ? encodeCursor(query, token) : null,
  };
}

/** Up to `cap` items across pages; `truncated` says more exist. For bounded operational lists. */
export async function listAll(client: Client, query: string, cap: number): Promise<{ items: VisibilityItem[]; truncated: boolean }> {
  const items: VisibilityItem[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listPage(client, query, Math.min(100, cap - items.length + 1), cursor);
    items.push(...page.items);
    if (items.length > cap) return { items: items.slice(0, cap), truncated: true };
    if (!page.nextCursor) return { items, truncated: false };
    cursor = page.nextCursor;
  }
}
