// The warehouse's two work lists, from the read model (sorted there, so a list never wakes a
// workflow). Each list is bounded; `truncated` says more are waiting.
import type { HandlerContext } from '../route-table';

const MAX_ITEMS = 500;

export async function dispatchQueue({ res, services }: HandlerContext<undefined, undefined>) {
  // Oldest SLA first; without a due time, by request time after those that have one.
  const page = await services.readModel.dispatchQueue({ limit: MAX_ITEMS });
  res.json({
    items: page.items.map((row) => ({
      id: row.id,
      sku: row.sku,
      productName: row.view.productName,
      serviceLevel: row.view.serviceLevel,
      dispatchDueBy: row.dispatchDueBy,
      slaBreached: row.flags.includes('sla_breached'),
      requestedAt: row.createdAt,
      detailsUnavailable: false,
    })),
    truncated: page.nextCursor !== null,
  });
}

export async function incomingReturns({ res, services }: HandlerContext<undefined, undefined>) {
  // In transit first (they are about to arrive), then by the nearest deadline.
  const page = await services.readModel.incomingReturns({ limit: MAX_ITEMS });
  res.json({
    items: page.items.map((row) => ({
      id: row.id,
      status: row.status,
      sku: row.sku,
      productName: row.view.productName,
      expectedSerialNumber: row.view.serialNumber,
      returnTrackingNumber: row.view.returnLabel?.trackingNumber ?? null,
      returnTracking: row.view.returnTracking,
      returnDeadline: row.returnDeadline,
      flags: row.flags,
      detailsUnavailable: false,
    })),
    truncated: page.nextCursor !== null,
  });
}
