// The warehouse's two work lists, from the read model (sorted there, so a list never wakes a
// workflow). Each list is bounded; `truncated` says more are waiting.
import type { z } from 'zod';
import { normalizeSerial } from '../../domain/device';
import type { HandlerContext } from '../route-table';
import type { dispatchQueueQuerySchema, flagDeviceSchema } from '../schemas';

const MAX_ITEMS = 500;

export async function dispatchQueue({ res, query, services }: HandlerContext<undefined, z.infer<typeof dispatchQueueQuerySchema>>) {
  // Oldest SLA first; without a due time, by request time after those that have one.
  const page = await services.readModel.dispatchQueue({ limit: MAX_ITEMS, review: query.review });
  res.json({
    items: page.items.map((row) => ({
      id: row.id,
      sku: row.sku,
      productName: row.view.productName,
      serviceLevel: row.view.serviceLevel,
      dispatchDueBy: row.dispatchDueBy,
      slaBreached: row.flags.includes('sla_breached'),
      reviewRequired: row.flags.includes('review_required'),
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

export async function flagDevice({ res, principal, body, services }: HandlerContext<z.infer<typeof flagDeviceSchema>, undefined>) {
  const flagged = await services.devices.flag({ serial: normalizeSerial(body.serialNumber), reason: body.reason, note: body.note, flaggedBy: principal!.sub });
  res.status(201).json(flagged);
}

export async function listFlaggedDevices({ res, services }: HandlerContext<undefined, undefined>) {
  res.json({ items: await services.devices.flagged(MAX_ITEMS) });
}
