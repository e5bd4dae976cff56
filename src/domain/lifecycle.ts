// The replacement lifecycle (DESIGN §2) as rules: which statuses end it, which may still be
// cancelled, and what staff or a customer may do in which status — with the refusal a person reads.
// Pure: the workflow's update validators call these, so nothing here may touch a clock or I/O.
import type { CatalogItem, Coverage, InspectionOutcome, MinorUnits, PinnedTerms, Resolution, Status } from './types';
import { INSPECTION_OUTCOMES } from './types';
import type { HoldState } from './vocabulary';
import { normalizeSerial, reviewDecisionRefusal } from './device';
import { settle, validateInspection, type Settlement } from './policy';

/** Statuses after which nothing more happens to a replacement. */
export const TERMINAL_STATUSES: readonly Status[] = ['completed', 'cancelled', 'declined', 'ineligible'];

/** Statuses in which the hold and the stock are still being decided. */
export const UNDECIDED_STATUSES: readonly Status[] = ['pending_authorization'];

/** Statuses before dispatch, in which a replacement may still be cancelled. */
export const CANCELLABLE_STATUSES: readonly Status[] = ['pending_authorization', 'awaiting_stock', 'awaiting_dispatch'];

/** Statuses after the unit has left and before the original has been inspected. */
export const SHIPPED_STATUSES: readonly Status[] = ['dispatched', 'return_in_transit', 'awaiting_inspection'];

/** Statuses in which the original unit is on its way back (or not yet sent). */
export const AWAITING_RETURN_STATUSES: readonly Status[] = ['dispatched', 'return_in_transit'];

export const isTerminal = (status: Status): boolean => TERMINAL_STATUSES.includes(status);
export const isUndecided = (status: Status): boolean => UNDECIDED_STATUSES.includes(status);

/**
 * Whether the request has an answer for the customer: the hold and the stock are decided, or the
 * card asks the customer to authenticate (the answer then says what the browser must do).
 */
export const holdDecisionReached = (status: Status, holdState: HoldState): boolean => !isUndecided(status) || holdState === 'requires_authentication';

/** The card hold is the retail price of the replacement unit: what the customer owes if nothing comes back. */
export const holdAmountFor = (item: Pick<CatalogItem, 'retailPrice'>): MinorUnits => item.retailPrice;

/** Whether `candidate` is the serial number `registered`, as a person would type it. */
export const sameSerial = (candidate: string, registered: string): boolean => normalizeSerial(candidate) === normalizeSerial(registered);

/** What is being recorded right now; a second command of the same kind waits for none. */
export type InFlight = 'dispatch' | 'inspection' | 'late_refund' | null;

/** Whether a late arrival is received this instant: after a not-returned charge, within its window, once. */
export interface LateReturnWindow {
  status: Status;
  resolution: Resolution | null;
  /** End of the late-return window (epoch ms); null until the not-returned charge is made. */
  lateUntil: number | null;
  /** A late arrival has already been received. */
  lateArrivalReceived: boolean;
  now: number;
}

export function lateReturnWindowOpen({ status, resolution, lateUntil, lateArrivalReceived, now }: LateReturnWindow): boolean {
  return status === 'completed' && resolution === 'not_returned_charged' && lateUntil !== null && now <= lateUntil && !lateArrivalReceived;
}

export interface CancelContext {
  status: Status;
  cancelling: boolean;
  inFlight: InFlight;
  /** ISO instants, for the customer's message once the unit has left. */
  dispatchedAt: string | null;
  returnDeadline: string | null;
}

/** Null when a cancellation may start now; else why not. */
export function cancelRefusal({ status, cancelling, inFlight, dispatchedAt, returnDeadline }: CancelContext): string | null {
  if (cancelling) return 'A cancellation is already in progress.';
  if (inFlight === 'dispatch') return 'The replacement is being dispatched right now and can no longer be cancelled.';
  if (SHIPPED_STATUSES.includes(status)) {
    return (
      `The replacement unit was dispatched on ${dispatchedAt ?? 'an earlier date'} and cannot be cancelled; ` +
      `return the original unit by ${returnDeadline ?? 'the return deadline'} instead.`
    );
  }
  if (!CANCELLABLE_STATUSES.includes(status)) return `The replacement is ${status} and cannot be cancelled.`;
  return null;
}

export interface DispatchContext {
  status: Status;
  cancelling: boolean;
  inFlight: InFlight;
  reviewRequired: boolean;
  /** The serial of the unit being shipped, as the warehouse entered it. */
  replacementSerialNumber: string | undefined;
  /** The customer's original unit. */
  originalSerialNumber: string;
}

/** Null when the warehouse may record the dispatch now; else why not. */
export function dispatchRefusal(c: DispatchContext): string | null {
  if (c.inFlight === 'dispatch') return 'A dispatch is already being recorded for this replacement.';
  if (c.cancelling) return 'The replacement is being cancelled and must not be shipped.';
  if (c.reviewRequired) return 'This replacement waits for review (see its review findings); approve it before the unit ships.';
  if (c.status !== 'awaiting_dispatch') {
    return c.status === 'awaiting_stock'
      ? 'No replacement unit is reserved yet (awaiting stock); dispatch once stock is reserved.'
      : `Cannot dispatch: the replacement is ${c.status}.`;
  }
  if (!c.replacementSerialNumber || !c.replacementSerialNumber.trim()) {
    return 'replacementSerialNumber is required: the serial number of the unit being shipped.';
  }
  if (sameSerial(c.replacementSerialNumber, c.originalSerialNumber)) {
    return "replacementSerialNumber is the customer's original unit; enter the serial of the replacement unit.";
  }
  return null;
}

export interface ReceiptContext extends LateReturnWindow {
  replacementId: string;
  /** The serial on the unit that arrived. */
  serialNumber: string | undefined;
  originalSerialNumber: string;
}

/** Null when the warehouse may record the original's arrival now; else why not. */
export function receiptRefusal(c: ReceiptContext): string | null {
  if (!AWAITING_RETURN_STATUSES.includes(c.status) && !lateReturnWindowOpen(c)) {
    if (c.status === 'completed' && c.resolution === 'not_returned_charged') {
      return 'The late-return window has closed; the retail price stays charged. Contact finance.';
    }
    return `Cannot record a receipt: the replacement is ${c.status}.`;
  }
  if (!c.serialNumber || !sameSerial(c.serialNumber, c.originalSerialNumber)) {
    return `Serial number ${JSON.stringify(c.serialNumber ?? '')} does not match the original unit registered for ${c.replacementId}; check the unit and the service number.`;
  }
  return null;
}

export interface InspectionContext {
  status: Status;
  inFlight: InFlight;
  /** Null only before the request was assessed, when no inspection can be due. */
  terms: PinnedTerms | null;
  outcome: string;
  beyondRepair: boolean;
  labourMinutes: number | undefined;
}

/** Null when the replacement is where an inspection may be recorded now; else why not. */
export function inspectionStateRefusal(c: Pick<InspectionContext, 'status' | 'inFlight'>): string | null {
  if (c.inFlight === 'inspection') return 'An inspection is already being recorded for this replacement.';
  if (c.status !== 'awaiting_inspection') {
    return AWAITING_RETURN_STATUSES.includes(c.status)
      ? 'The original unit has not been received yet; record the receipt first.'
      : `Cannot record an inspection: the replacement is ${c.status}.`;
  }
  return null;
}

/** Null when the inspection itself can be settled under the terms; else what to correct. */
function inspectionContentRefusal(c: InspectionContext): string | null {
  if (!isInspectionOutcome(c.outcome)) return `Unknown inspection outcome ${JSON.stringify(c.outcome)}.`;
  if (!c.terms) return `Cannot record an inspection: the replacement is ${c.status}.`;
  return validateInspection({ terms: c.terms, outcome: c.outcome, beyondRepair: c.beyondRepair, labourMinutes: c.labourMinutes });
}

/** Null when the warehouse may record this inspection now; else why not (including what the policy cannot settle). */
export function inspectionRefusal(c: InspectionContext): string | null {
  return inspectionStateRefusal(c) ?? inspectionContentRefusal(c);
}

/** What a replacement knows that settles an inspection: its state, its pinned terms, coverage and hold. */
export interface SettlementContext {
  status: Status;
  inFlight: InFlight;
  terms: PinnedTerms | null;
  coverage: Coverage;
  holdAmount: MinorUnits;
}

export type InspectionPreview =
  | { ok: true; settlement: Settlement }
  /** `state`: not awaiting inspection (a conflict); `inspection`: the inspection itself cannot be settled. */
  | { ok: false; refused: 'state' | 'inspection'; message: string };

/**
 * What an inspection would capture and release, without recording it: the same refusals the
 * inspection update gives, and the same settlement rule the workflow applies.
 */
export function previewInspection(ctx: SettlementContext, cmd: { outcome: string; beyondRepair?: boolean; labourMinutes?: number }): InspectionPreview {
  const c: InspectionContext = { ...ctx, outcome: cmd.outcome, beyondRepair: cmd.beyondRepair ?? false, labourMinutes: cmd.labourMinutes };
  const stateRefusal = inspectionStateRefusal(c);
  if (stateRefusal) return { ok: false, refused: 'state', message: stateRefusal };
  const refusal = inspectionContentRefusal(c);
  if (refusal) return { ok: false, refused: 'inspection', message: refusal };
  const settlement = settle({
    terms: ctx.terms!,
    outcome: cmd.outcome as InspectionOutcome,
    coverage: ctx.coverage,
    beyondRepair: c.beyondRepair,
    labourMinutes: cmd.labourMinutes,
    holdAmount: ctx.holdAmount,
  });
  return { ok: true, settlement };
}

export const isInspectionOutcome = (outcome: string): outcome is InspectionOutcome => (INSPECTION_OUTCOMES as readonly string[]).includes(outcome);

export interface ReviewContext {
  review: { state: 'pending' | 'approved' | 'rejected' } | null;
  cancelling: boolean;
  inFlight: InFlight;
  decision: string;
}

/** Null when staff may record this review decision now; else why not. */
export function reviewRefusal({ review, cancelling, inFlight, decision }: ReviewContext): string | null {
  const refusal = reviewDecisionRefusal(review, cancelling || inFlight === 'dispatch');
  if (refusal) return refusal;
  if (decision !== 'approve' && decision !== 'reject') return `Unknown review decision ${JSON.stringify(decision)}.`;
  return null;
}
