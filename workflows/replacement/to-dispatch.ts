// From request to a unit on its way: assess the request, reserve a unit (or wait for one), screen
// the device, then wait in the dispatch queue until the warehouse records the dispatch.
import { condition, patched } from '@temporalio/workflow';
import { maxStockWaitDaysOf, stockWaitEndsAt } from '../../src/domain/stock';
import type { PinnedTerms } from '../../src/domain/types';
import type { DispatchCommand, ReplacementView, ReviewCommand } from '../definitions';
import { alertWarehouse, flag, note, notify, publish, setStatus, waitUntil } from './effects';
import { SYSTEM, requestedCancellation, type Cancellation } from './endings';
import { rules, shipping } from './proxies';
import { iso, required, rethrowKeeperFailure, view, type Run, type Shipment } from './state';

const STOCK_RECHECK_MS = 6 * 60 * 60 * 1000;

/** Pins the terms and the hold amount; null when the request is not covered (the run has then ended ineligible). */
export async function assess(run: Run): Promise<PinnedTerms | null> {
  const { state, input } = run;
  const assessment = await rules.assessRequest({
    sku: input.sku,
    purchaseDate: input.purchaseDate,
    coverage: input.coverage,
    at: state.createdAt,
  });
  state.terms = assessment.terms;
  if (!assessment.eligible) {
    state.ineligibleReason = assessment.reason;
    note(run, 'ineligible', { detail: `${assessment.code}: ${assessment.reason}` });
    setStatus(run, 'ineligible');
    notify(run, 'ineligible', 'ineligible', { reason: assessment.reason });
    return null;
  }
  state.holdAmount = assessment.holdAmount;
  note(run, 'eligibility_checked', { detail: `policy ${assessment.terms.policyVersion}` });
  notify(run, 'request_received', 'request-received', { serialNumber: input.serialNumber });
  return assessment.terms;
}

/**
 * Reserves a unit, waiting in `awaiting_stock` for restocks up to the pinned longest wait, then
 * screens the device. Null once a unit is reserved; else why the run is to be cancelled.
 */
export async function reserveUnit(run: Run, terms: PinnedTerms): Promise<Cancellation | null> {
  const { state, sync, input, workflowId } = run;
  let reserved = await shipping.reserveStock({ sku: input.sku, reservationId: workflowId });
  // A pinned term; terms pinned before it was one carry none and get the same 30 days as then.
  const maxStockWaitDays = maxStockWaitDaysOf(terms);
  const stockWaitEnds = stockWaitEndsAt(Date.now(), maxStockWaitDays);
  while (!reserved) {
    if (state.status !== 'awaiting_stock') {
      setStatus(run, 'awaiting_stock');
      note(run, 'out_of_stock');
      notify(run, 'awaiting_stock', 'awaiting-stock', { holdAmount: state.holdAmount, waitEndsAt: stockWaitEnds });
    }
    const recheckAt = Math.min(Date.now() + STOCK_RECHECK_MS, stockWaitEnds);
    await waitUntil(() => sync.restocked || sync.cancelRequest !== null || sync.keeperFailure !== null, recheckAt);
    rethrowKeeperFailure(run);
    const requested = requestedCancellation(run);
    if (requested) return requested;
    if (!sync.restocked && Date.now() >= stockWaitEnds) {
      return { by: SYSTEM, reason: `no replacement unit came into stock within ${maxStockWaitDays} days` };
    }
    sync.restocked = false;
    reserved = await shipping.reserveStock({ sku: input.sku, reservationId: workflowId });
  }
  run.compensations.push({
    name: 'release stock',
    run: async () => {
      await shipping.releaseStock({ reservationId: workflowId });
      note(run, 'stock_released');
    },
  });
  note(run, 'stock_reserved');
  const requested = requestedCancellation(run);
  if (requested) return requested;
  // Introduced by a patch: replacements started before it were never screened.
  if (patched('device-screening')) await screenForReview(run);
  return null;
}

/** A device the warehouse has flagged, or a unit already returned once, waits for staff in the queue. */
async function screenForReview(run: Run): Promise<void> {
  const findings = await rules.screenDevice({ serialNumber: run.input.serialNumber, replacementId: run.id });
  if (findings.length === 0) return;
  run.state.review = { findings, state: 'pending', decidedBy: null, decidedAt: null };
  note(run, 'review_required', { detail: findings.map((f) => f.detail).join('; ') });
  flag(run, 'review_required');
}

/**
 * In the dispatch queue until the warehouse ships the unit (the SLA clock starts when a unit is
 * reserved; a miss is flagged and the warehouse lead told). The shipment, or null when cancelled.
 */
export async function awaitDispatch(run: Run, terms: PinnedTerms): Promise<Shipment | null> {
  const { state, sync, input } = run;
  const dispatchDue = await rules.computeDispatchDue({ requestedAt: Date.now(), serviceLevel: input.serviceLevel });
  state.dispatchDue = dispatchDue;
  setStatus(run, 'awaiting_dispatch');
  const leftQueue = () => state.status !== 'awaiting_dispatch' || (sync.cancelRequest !== null && sync.inFlight !== 'dispatch') || sync.keeperFailure !== null;
  if (!(await waitUntil(leftQueue, dispatchDue))) {
    flag(run, 'sla_breached');
    note(run, 'sla_breached', { detail: `due ${iso(dispatchDue)}` });
    alertWarehouse(run, {
      serviceNumber: run.id,
      productName: terms.item.name,
      sku: input.sku,
      dueBy: dispatchDue,
      serviceLevel: input.serviceLevel,
    });
    await condition(leftQueue);
  }
  rethrowKeeperFailure(run);
  if (state.status === 'awaiting_dispatch') return null;
  const shipment = required(state.shipment, 'the shipment');
  // Dispatched: the return deadline runs.
  notify(run, 'dispatched', 'dispatched', {
    holdAmount: state.holdAmount,
    returnDeadline: shipment.deadline,
    returnLabelUrl: shipment.returnLabel.url,
    carrier: shipment.dispatch.carrier,
    trackingNumber: shipment.dispatch.trackingNumber,
  });
  return shipment;
}

/** The dispatch update: book the carrier, commit the stock, fix the return schedule. */
export async function recordDispatch(run: Run, cmd: DispatchCommand): Promise<ReplacementView> {
  const { state, sync, input } = run;
  const terms = required(state.terms, 'pinned terms');
  sync.inFlight = 'dispatch';
  try {
    const dispatchedAt = Date.now();
    const booking = await shipping.bookShipment({ serviceNumber: run.id, to: input.shippingAddress, sku: input.sku, description: terms.item.name });
    await shipping.commitStock({ reservationId: run.workflowId });
    // The unit has left: the stock reservation is no longer ours to give back.
    const idx = run.compensations.findIndex((c) => c.name === 'release stock');
    if (idx >= 0) run.compensations.splice(idx, 1);
    const schedule = await rules.computeReturnSchedule({ dispatchedAt, terms });
    const dispatch = {
      replacementSerialNumber: cmd.replacementSerialNumber.trim(),
      carrier: cmd.carrier?.trim() || booking.carrier,
      trackingNumber: cmd.trackingNumber?.trim() || booking.trackingNumber,
      labelUrl: booking.labelUrl,
      dispatchedAt: new Date(dispatchedAt).toISOString(),
      dispatchedBy: cmd.actor.sub,
    };
    const returnLabel = { trackingNumber: booking.returnTrackingNumber, url: booking.returnLabelUrl };
    state.shipment = { dispatch, returnLabel, deadline: schedule.deadline, reminders: schedule.reminders };
    note(run, 'dispatched', { actor: cmd.actor, detail: `${dispatch.carrier} ${dispatch.trackingNumber}` });
    setStatus(run, 'dispatched');
  } finally {
    sync.inFlight = null;
  }
  return view(run);
}

/** The review update: an approval clears the flag; a rejection cancels (the main flow gives everything back). */
export async function recordReview(run: Run, cmd: ReviewCommand): Promise<ReplacementView> {
  const { state, sync } = run;
  const review = required(state.review, 'a pending review');
  const decidedAt = new Date(Date.now()).toISOString();
  state.review = { ...review, state: cmd.decision === 'approve' ? 'approved' : 'rejected', decidedBy: cmd.actor.sub, decidedAt };
  if (cmd.decision === 'approve') {
    state.flags.delete('review_required');
    note(run, 'review_approved', { actor: cmd.actor, detail: cmd.note });
    publish(run);
    return view(run);
  }
  note(run, 'review_rejected', { actor: cmd.actor, detail: cmd.note });
  sync.cancelRequest = { actor: cmd.actor, reason: `rejected in review${cmd.note ? `: ${cmd.note}` : ''}` };
  await condition(() => state.status === 'cancelled');
  return view(run);
}
