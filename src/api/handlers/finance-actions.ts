// Finance's money actions on one replacement: a goodwill refund, a retry of a declined collection,
// and the list of what finance has done (the case page shows it beside the timeline).
import type { z } from 'zod';
import { doneFinanceActions } from '../../ports/finance-actions';
import { requireIdempotencyKey } from '../idempotency-key';
import { problem } from '../problem';
import type { HandlerContext } from '../route-table';
import type { goodwillRefundSchema } from '../schemas';
import type { FinanceActionRequest } from '../finance-action-service';

type Ctx<B = undefined> = HandlerContext<B, undefined>;

/** 404 for an unknown replacement: the read model, or — for one not projected — the workflow itself. */
async function assertExists(ctx: Ctx<unknown>): Promise<void> {
  if (await ctx.services.readModel.get(ctx.params.id)) return;
  await ctx.services.replacements.view(ctx.params.id, ctx.principal!);
}

async function act(ctx: Ctx<unknown>, req: FinanceActionRequest, what: string) {
  const key = requireIdempotencyKey(ctx.req, what);
  await assertExists(ctx);
  const { result, created } = await ctx.services.financeActions.run(req, key, ctx.services.now());
  if (!created) ctx.res.setHeader('Idempotent-Replayed', 'true');
  if (result.refused) throw problem('conflict', result.detail);
  return result;
}

export async function refundReplacement(ctx: Ctx<z.infer<typeof goodwillRefundSchema>>) {
  const { principal, params, body } = ctx;
  const actor = { sub: principal!.sub, role: principal!.role };
  const result = await act(ctx, { kind: 'goodwill_refund', replacementId: params.id, amount: body.amount, reason: body.reason, actor }, 'refund');
  ctx.res.status(201).json({ action: result.action, refundable: result.refundable ?? 0 });
}

export async function retryCollection(ctx: Ctx) {
  const { principal, params } = ctx;
  const actor = { sub: principal!.sub, role: principal!.role };
  const result = await act(ctx, { kind: 'collection_retry', replacementId: params.id, reason: null, actor }, 'charge the card');
  ctx.res.status(200).json({ action: result.action });
}

export async function listFinanceActions(ctx: Ctx) {
  await assertExists(ctx);
  ctx.res.json({ items: doneFinanceActions(await ctx.services.financeActionLog.list(ctx.params.id)) });
}
