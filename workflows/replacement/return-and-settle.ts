// After dispatch: the return window (reminders, carrier scans, the in-transit grace), then either
// the warehouse's receipt and inspection settle the hold, or the full hold is captured as not
// returned — refunded less the late fee if the unit still arrives within the late-return window.
import { condition } from '@temporalio/workflow';
import { lateReturnRefund, settle } from '../../src/domain/policy';
import type { PinnedTerms } from '../../src/domain/types';
import type { CarrierEvent, InspectionCommand, ReceiptCommand, ReplacementView } from '../definitions';
import { flag, note, notify, setStatus, waitUntil } from './effects';
import { collect } from './hold';
import { payments, rules } from './proxies';
import { iso, required, rethrowKeeperFailure, view, type Run, type Shipment } from './state';

/** Waits out the return window, sending reminders; true when the original arrived, false when the window closed. */
export async function awaitReturn(run: Run, terms: PinnedTerms, shipment: Shipment): Promise<boolean> {
  const { state, sync } = run;
  const { deadline, reminders } = shipment;
  let nextReminder = 0;
  for (;;) {
    if (state.status === 'awaiting_inspection') return true;
    rethrowKeeperFailure(run);
    if (state.firstScanAtMs !== null && state.firstScanAtMs <= deadline && state.graceUntil === null) {
      state.graceUntil = await rules.computeBusinessDeadline({ from: deadline, businessDays: terms.inTransitGraceBusinessDays });
    }
    // A return scanned before the deadline is on time: the limit moves to the end of the grace.
    const limit = state.graceUntil ?? deadline;
    const now = Date.now();
    if (now >= limit) return false;
    while (nextReminder < reminders.length && reminders[nextReminder] <= now) {
      if (state.status === 'dispatched') {
        const day = nextReminder;
        notify(run, 'return_reminder', `reminder-${day}`, { holdAmount: state.holdAmount, returnDeadline: deadline, returnLabelUrl: shipment.returnLabel.url });
        note(run, 'reminder_sent', { detail: `reminder ${day + 1}` });
      }
      nextReminder += 1;
    }
    const wakeAt = Math.min(limit, reminders[nextReminder] ?? Number.POSITIVE_INFINITY);
    sync.trackingChanged = false;
    await waitUntil(() => state.status === 'awaiting_inspection' || sync.trackingChanged || sync.keeperFailure !== null, wakeAt);
  }
}

/** A carrier event for the return label: the first scan moves the status and may earn the in-transit grace. */
export function recordCarrierEvent(run: Run, ev: CarrierEvent): void {
  const { state } = run;
  const returnLabel = state.shipment?.returnLabel;
  if (!returnLabel || ev.trackingNumber !== returnLabel.trackingNumber) return;
  if (ev.kind === 'in_transit' || ev.kind === 'delivered') {
    const firstScanAtMs = state.firstScanAtMs === null || ev.at < state.firstScanAtMs ? ev.at : state.firstScanAtMs;
    state.firstScanAtMs = firstScanAtMs;
    state.returnTracking = {
      state: ev.kind,
      firstScanAt: new Date(firstScanAtMs).toISOString(),
      lastEventAt: new Date(ev.at).toISOString(),
    };
    if (state.status === 'dispatched') setStatus(run, 'return_in_transit');
    note(run, ev.kind === 'delivered' ? 'return_delivered_to_warehouse' : 'return_in_transit', { detail: ev.description });
    run.sync.trackingChanged = true;
  } else if (ev.kind === 'exception' || ev.kind === 'returned_to_sender') {
    note(run, 'carrier_exception', { detail: `${ev.kind}${ev.description ? `: ${ev.description}` : ''}` });
  }
}

/** The receipt update: the original is in for inspection, or — after a not-returned charge — arrived late. */
export async function recordReceipt(run: Run, cmd: ReceiptCommand): Promise<ReplacementView> {
  const { state, sync } = run;
  const receivedAt = Date.now();
  state.receivedAt = receivedAt;
  if (state.status === 'completed') {
    sync.lateReturn = 'received';
    note(run, 'late_return_received', { actor: cmd.actor });
    await condition(() => sync.lateReturn === 'refunded');
  } else {
    note(run, 'return_received', { actor: cmd.actor });
    setStatus(run, 'awaiting_inspection');
    notify(run, 'return_received', 'return-received', { receivedAt });
  }
  return view(run);
}

/** The inspection update: the pinned terms say what to keep of the hold, and it is collected at once. */
export async function recordInspection(run: Run, cmd: InspectionCommand): Promise<ReplacementView> {
  const { state, sync } = run;
  sync.inFlight = 'inspection';
  try {
    const beyondRepair = cmd.beyondRepair ?? false;
    const terms = required(state.terms, 'pinned terms');
    const outcome = settle({
      terms,
      outcome: cmd.outcome,
      coverage: run.input.coverage,
      beyondRepair,
      labourMinutes: cmd.labourMinutes,
      holdAmount: state.holdAmount,
    });
    state.inspection = {
      outcome: cmd.outcome,
      notes: cmd.notes,
      beyondRepair,
      labourMinutes: cmd.labourMinutes,
      inspectedAt: new Date(Date.now()).toISOString(),
      inspectedBy: cmd.actor.sub,
      basis: outcome.basis,
    };
    note(run, 'inspected', { actor: cmd.actor, detail: `${cmd.outcome}: ${outcome.basis}` });
    await collect(run, outcome.capture, 'settle');
    state.resolution = outcome.resolution;
    note(run, 'settled', { amount: state.capturedAmount, detail: outcome.resolution });
    setStatus(run, 'completed');
  } finally {
    sync.inFlight = null;
  }
  return view(run);
}

/** Waits for the inspection to settle the hold, then tells the customer what was kept and why. */
export async function awaitSettlement(run: Run): Promise<void> {
  const { state, sync } = run;
  await condition(() => state.status === 'completed' || sync.keeperFailure !== null);
  rethrowKeeperFailure(run);
  const inspection = required(state.inspection, 'the inspection');
  notify(run, 'settled', 'settled', {
    holdAmount: state.holdAmount,
    capturedAmount: state.capturedAmount,
    releasedAmount: Math.max(state.holdAmount - state.capturedAmount, 0),
    outcome: inspection.outcome,
    beyondRepair: inspection.beyondRepair,
    labourMinutes: inspection.labourMinutes,
    notes: inspection.notes.trim() || undefined,
  });
}

/** Not returned (or in transit past the grace): the full hold is captured; a late arrival is refunded less the late fee. */
export async function chargeNotReturned(run: Run, terms: PinnedTerms, shipment: Shipment): Promise<void> {
  const { state, sync } = run;
  note(run, 'not_returned', { detail: `deadline ${iso(shipment.deadline)}` });
  await collect(run, state.holdAmount, 'not-returned');
  state.resolution = 'not_returned_charged';
  setStatus(run, 'completed');
  const lateUntil = await rules.computeBusinessDeadline({ from: Date.now(), businessDays: terms.lateReturnWindowBusinessDays });
  state.lateUntil = lateUntil;
  const lateReturnFee = terms.category.lateReturnFee;
  notify(run, 'not_returned_charged', 'not-returned', {
    capturedAmount: state.capturedAmount,
    returnDeadline: shipment.deadline,
    lateReturnUntil: lateUntil,
    lateReturnFee,
  });
  if (!(await waitUntil(() => sync.lateReturn !== 'none', lateUntil))) return;
  sync.inFlight = 'late_refund';
  const refund = lateReturnRefund({ captured: state.capturedAmount, lateFee: lateReturnFee });
  if (refund > 0 && state.paymentRef) {
    const r = await payments.refundPayment({ replacementId: run.id, step: 'late-return-refund', paymentId: state.paymentRef, amount: refund });
    state.refundedAmount += r.amount;
    note(run, 'refunded', { amount: r.amount, detail: `late return; fee ${lateReturnFee} kept` });
  }
  flag(run, 'late_return');
  sync.lateReturn = 'refunded';
  sync.inFlight = null;
  notify(run, 'late_return_refund', 'late-return-refund', { capturedAmount: state.capturedAmount, lateReturnFee, refundAmount: refund });
}
