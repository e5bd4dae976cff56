// Customer and staff operations on one replacement.
import type { z } from 'zod';
import { cancelUpdate, dispatchUpdate, inspectionUpdate, receiptUpdate, reviewUpdate, type Actor } from '../../../workflows/definitions';
import type { Principal } from '../auth';
import { optionalIdempotencyKey, requireIdempotencyKey } from '../idempotency-key';
import { preferredWaitSeconds } from '../prefer';
import type { HandlerContext } from '../route-table';
import {
  type cancelSchema,
  type CreateReplacementBody,
  type dispatchSchema,
  type inspectionSchema,
  type listReplacementsQuerySchema,
  type receiptSchema,
  type reviewSchema,
} from '../schemas';
import { businessDaysLeft } from '../../domain/calendar';
import { AWAITING_RETURN_STATUSES, TERMINAL_STATUSES } from '../../domain/lifecycle';
import type { ReplacementView } from '../../domain/replacement';
import { withCursor } from '../paging';
import { withStockWait } from './stock-wait';

type Ctx<B = undefined, Q = undefined> = HandlerContext<B, Q>;

const hrefOf = (id: string) => `/v1/replacements/${encodeURIComponent(id)}`;

/** The longest `Prefer: wait` a create honours; a hold is normally decided in well under a second. */
export const MAX_CREATE_WAIT_SECONDS = 10;

function actorOf(principal: Principal | null): Actor {
  if (!principal) throw new Error('route misconfigured: a role-protected handler ran without a principal');
  return { sub: principal.sub, role: principal.role };
}

export async function createReplacement({ req, res, principal, body, services }: Ctx<CreateReplacementBody>) {
  const key = requireIdempotencyKey(req, 'start a replacement');
  // `Prefer: wait=N` (RFC 7240): answer once the hold is decided, within N seconds.
  const waitS = preferredWaitSeconds(req.headers.prefer, MAX_CREATE_WAIT_SECONDS);
  const result = await services.replacements.start(principal!, body, key, { waitMs: (waitS ?? 0) * 1000 });
  const href = hrefOf(result.id);
  res.setHeader('Location', href);
  if (!result.created) res.setHeader('Idempotent-Replayed', 'true');
  if (waitS === null) {
    res.status(result.created ? 201 : 200).json({ id: result.id, status: result.status, href });
    return;
  }
  res.setHeader('Preference-Applied', `wait=${waitS}`);
  if (result.view) {
    res.status(result.created ? 201 : 200).json({ ...(await withStockWait(result.view, services.stock)), href });
  } else {
    // Started (or found), but not decided within the wait: follow `Location`.
    res.status(202).json({ id: result.id, status: result.status, href });
  }
}

/** While the original is awaited, the business days left to return it (the portal's countdown). */
function withReturnCountdown<V extends ReplacementView>(view: V, nowMs: number): V & { returnBusinessDaysLeft?: number } {
  if (!AWAITING_RETURN_STATUSES.includes(view.status) || view.returnDeadline === null) return view;
  return { ...view, returnBusinessDaysLeft: businessDaysLeft(nowMs, Date.parse(view.returnDeadline)) };
}

export async function getReplacement({ res, principal, params, services }: Ctx) {
  const view = withReturnCountdown(await withStockWait(await services.replacements.view(params.id, principal!), services.stock), services.now());
  if (principal!.role === 'customer') {
    res.json(view);
    return;
  }
  // Staff see the device's and the customer's other replacements beside it (what a reviewer weighs).
  const related = await services.readModel.related({ id: view.id, serialNumber: view.serialNumber, customerSub: view.customer.sub, limit: 50 });
  res.json({ ...view, related });
}

export async function listReplacements({ res, query, services }: Ctx<undefined, z.infer<typeof listReplacementsQuerySchema>>) {
  const page = await withCursor(() => services.readModel.list({ status: query.status, limit: query.limit, cursor: query.cursor }));
  res.json({
    items: page.items.map((row) => ({
      id: row.id,
      status: row.status,
      sku: row.sku,
      customer: row.customerSub,
      holdState: row.holdState,
      flags: row.flags,
      returnDeadline: row.returnDeadline,
      startedAt: row.createdAt,
      closedAt: row.completedAt,
      // The read model knows the replacement, not its workflow run: closed once its status is final.
      execution: TERMINAL_STATUSES.includes(row.status) ? 'completed' : 'running',
    })),
    nextCursor: page.nextCursor,
  });
}

export async function cancelReplacement({ res, principal, params, body, services }: Ctx<z.infer<typeof cancelSchema>>) {
  await services.replacements.assertOwnedBy(params.id, principal!);
  res.json(await services.replacements.update(params.id, 'cancel', cancelUpdate, { actor: actorOf(principal), reason: body.reason }));
}

export async function dispatchReplacement({ req, res, principal, params, body, services }: Ctx<z.infer<typeof dispatchSchema>>) {
  const key = optionalIdempotencyKey(req, 'record the dispatch');
  res.json(await services.replacements.update(params.id, 'dispatch', dispatchUpdate, { ...body, actor: actorOf(principal) }, key));
}

export async function recordReview({ res, principal, params, body, services }: Ctx<z.infer<typeof reviewSchema>>) {
  res.json(await services.replacements.update(params.id, 'review', reviewUpdate, { ...body, actor: actorOf(principal) }));
}

export async function recordReceipt({ req, res, principal, params, body, services }: Ctx<z.infer<typeof receiptSchema>>) {
  const key = optionalIdempotencyKey(req, 'record the receipt');
  res.json(await services.replacements.update(params.id, 'receipt', receiptUpdate, { ...body, actor: actorOf(principal) }, key));
}

export async function recordInspection({ req, res, principal, params, body, services }: Ctx<z.infer<typeof inspectionSchema>>) {
  const key = optionalIdempotencyKey(req, 'record the inspection');
  res.json(await services.replacements.update(params.id, 'inspection', inspectionUpdate, { ...body, actor: actorOf(principal) }, key));
}
