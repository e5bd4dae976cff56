// The staff console's case pages: the fee an inspection would take, finding a case, and what
// happened to it (money, emails, the workflow).
import type { z } from 'zod';
import { previewInspection } from '../../domain/lifecycle';
import { replacementWorkflowId } from '../../../workflows/definitions';
import { problem } from '../problem';
import type { HandlerContext } from '../route-table';
import type { caseSearchQuerySchema, inspectionSchema } from '../schemas';

const MAX_SEARCH_RESULTS = 50;
const MAX_EMAILS = 200;

/** Acts on nothing: the settlement the inspection would make now, under the replacement's pinned terms. */
export async function previewInspectionFee({ res, params, body, services }: HandlerContext<z.infer<typeof inspectionSchema>, undefined>) {
  const ctx = await services.replacements.settlementContext(params.id);
  const preview = previewInspection(ctx, body);
  if (!preview.ok) throw problem(preview.refused === 'state' ? 'conflict' : 'validation-error', preview.message);
  const { capture, release, resolution, basis } = preview.settlement;
  res.json({ currency: 'NOK', holdAmount: ctx.holdAmount, capture, release, resolution, basis });
}

export async function searchCases({ res, query, services }: HandlerContext<undefined, z.infer<typeof caseSearchQuerySchema>>) {
  const rows = await services.readModel.search({ q: query.q, limit: MAX_SEARCH_RESULTS });
  res.json({
    items: rows.map((row) => ({
      id: row.id,
      status: row.status,
      productName: row.view.productName,
      customerEmail: row.email,
      serialNumber: row.view.serialNumber,
      replacementSerialNumber: row.view.dispatch?.replacementSerialNumber ?? null,
      createdAt: row.createdAt,
    })),
  });
}

/** The Temporal UI's page of a workflow, or null when no UI address is configured. */
export function workflowUrl(uiBase: string | undefined, namespace: string, workflowId: string): string | null {
  if (!uiBase) return null;
  return `${uiBase.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export async function caseDetails({ res, params, services }: HandlerContext<undefined, undefined>) {
  const row = await services.readModel.get(params.id);
  // Not projected yet (a moment after the request): it exists if Temporal knows it; else 404.
  if (!row) await services.replacements.state(params.id);
  const workflowId = row?.workflowId ?? replacementWorkflowId(params.id);
  const [ledger, emails] = await Promise.all([services.ledger.entries({ replacementId: params.id }), services.sentEmails.forWorkflow(workflowId, MAX_EMAILS)]);
  res.json({
    id: params.id,
    ledger: [...ledger]
      .sort((a, b) => a.at - b.at)
      .map((e) => ({
        at: new Date(e.at).toISOString(),
        kind: e.kind,
        amount: e.amount,
        currency: e.currency,
        provider: e.provider,
        providerRef: e.providerRef ?? null,
        note: e.note ?? null,
        idempotencyKey: e.idempotencyKey,
      })),
    emails: emails.map((m) => ({ template: m.template, to: m.to, sentAt: m.sentAt, state: m.state })),
    workflowUrl: workflowUrl(services.config.TEMPORAL_UI_URL, services.config.TEMPORAL_NAMESPACE, workflowId),
  });
}
