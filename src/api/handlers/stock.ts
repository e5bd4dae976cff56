// The warehouse's stock: levels per SKU with the line of waiting replacements, receipts and
// adjustments (journalled, idempotent per Idempotency-Key), and the journal itself. A change that
// makes units available wakes the longest-waiting replacements, as many as there are units.
import type { z } from 'zod';
import type { SkuStock, StockChange, StockChangeResult } from '../../ports/inventory';
import { wakeStockWaiters } from '../../temporal/wake-stock-waiters';
import { CATALOG, findCatalogItem } from '../../domain/catalog';
import { serviceNumberFromWorkflowId } from '../../../workflows/definitions';
import { requireIdempotencyKey } from '../idempotency-key';
import { problem } from '../problem';
import type { HandlerContext } from '../route-table';
import type { stockAdjustmentSchema, stockMovementsQuerySchema, stockReceiptSchema } from '../schemas';
import { requestHash } from '../service-number';
import type { ApiServices } from '../services';

type Ctx<B = undefined, Q = undefined> = HandlerContext<B, Q>;

/** A SKU's stock with the product's name (null once it has left the catalog). */
const named = (level: SkuStock) => ({ ...level, name: findCatalogItem(level.sku)?.name ?? null });

export async function listStock({ res, services }: Ctx) {
  const levels = new Map((await services.stock.levels()).map((l) => [l.sku, l]));
  const empty = (sku: string): SkuStock => ({ sku, onHand: 0, reserved: 0, available: 0, waiting: 0 });
  // Every product in the catalog (stocked or not), then anything stocked that has left the catalog.
  const items = [...CATALOG.map((item) => levels.get(item.sku) ?? empty(item.sku)), ...[...levels.values()].filter((l) => !findCatalogItem(l.sku))];
  res.json({ items: items.map(named) });
}

export async function recordStockReceipt({ req, res, principal, params, body, services }: Ctx<z.infer<typeof stockReceiptSchema>>) {
  const sku = knownSku(params.sku);
  const key = requireIdempotencyKey(req, 'receive the same units');
  const result = await services.stock.change({
    sku,
    kind: 'receipt',
    quantity: body.quantity,
    note: body.note,
    actor: principal!.sub,
    idempotencyKey: `stock-receipt:${key}`,
    requestHash: requestHash({ sku, ...body }),
  });
  await answerChange(res, services, sku, result);
}

export async function recordStockAdjustment({ req, res, principal, params, body, services }: Ctx<z.infer<typeof stockAdjustmentSchema>>) {
  const sku = knownSku(params.sku);
  const key = requireIdempotencyKey(req, 'apply the same adjustment');
  const change: StockChange = {
    sku,
    kind: 'adjustment',
    quantity: body.quantity,
    reason: body.reason,
    note: body.note,
    actor: principal!.sub,
    idempotencyKey: `stock-adjustment:${key}`,
    requestHash: requestHash({ sku, ...body }),
  };
  await answerChange(res, services, sku, await services.stock.change(change));
}

export async function listStockMovements({ res, params, query, services }: Ctx<undefined, z.infer<typeof stockMovementsQuerySchema>>) {
  const sku = knownSku(params.sku);
  const items = await services.stock.movements(sku, { limit: query.limit + 1, before: query.before });
  const page = items.slice(0, query.limit);
  res.json({ items: page, nextBefore: items.length > query.limit ? page[page.length - 1].id : null });
}

function knownSku(sku: string): string {
  if (!findCatalogItem(sku)) {
    throw problem('not-found', `There is no product with SKU ${sku} in the catalog; see GET /v1/catalog for the SKUs.`);
  }
  return sku;
}

async function answerChange(res: Ctx['res'], services: ApiServices, sku: string, result: StockChangeResult) {
  if (result.outcome === 'key_reused') {
    throw problem('idempotency-key-reused', 'This Idempotency-Key was already used for a different stock change. Use a new key for a new change.');
  }
  if (result.outcome === 'refused') {
    throw problem('insufficient-stock', `Nothing was changed: ${result.message}.`, { extensions: { stock: named(result.stock) } });
  }
  // Also on a replay: waking is bounded by the units available now, so asking again is harmless and
  // finishes what an interrupted first attempt may have left undone. The change itself is committed:
  // if Temporal cannot be reached, say so rather than fail a receipt that has happened.
  const woken = await wakeStockWaiters(services.stock, sku, (workflowId) => services.replacements.signalRestocked(workflowId, sku)).then(
    (ids) => ({ ids, failed: false }),
    (err: unknown) => {
      services.logger.warn({ err, sku }, 'could not wake the replacements waiting for stock; they find the units at their next check');
      return { ids: [] as string[], failed: true };
    },
  );
  if (result.outcome === 'replayed') res.setHeader('Idempotent-Replayed', 'true');
  res.status(result.outcome === 'applied' ? 201 : 200).json({
    movement: result.movement,
    stock: named(await services.stock.level(sku)),
    woken: woken.ids.map(serviceNumberOf),
    ...(woken.failed ? { wakePending: true } : {}),
  });
}

const serviceNumberOf = (workflowId: string) => serviceNumberFromWorkflowId(workflowId) ?? workflowId;
