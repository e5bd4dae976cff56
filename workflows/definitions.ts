// The replacement workflow's public surface: ids, input, the status view, and every query, update
// and signal. Shared by the workflow, the worker, the API and tests — the single source of names.
import type { ReviewDecision, ReviewFinding } from '../src/domain/device';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Address,
  Coverage,
  InspectionOutcome,
  Locale,
  MinorUnits,
  Resolution,
  ServiceLevel,
  Status,
} from '../src/domain/types';
import type {
  ActorRole,
  CarrierEventKind,
  Flag,
  HoldState,
  PaymentEventKind,
  ReturnTrackingState,
  ReviewState,
  TimelineType,
} from '../src/domain/vocabulary';

export type { Flag, HoldState, TimelineType } from '../src/domain/vocabulary';

export const REPLACEMENT_WORKFLOW_TYPE = 'replacementWorkflow';
const WORKFLOW_ID_PREFIX = 'replacement:';

export function replacementWorkflowId(serviceNumber: string): string {
  return `${WORKFLOW_ID_PREFIX}${serviceNumber}`;
}

export function serviceNumberFromWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : undefined;
}

export interface ReplacementInput {
  serviceNumber: string;
  customer: { sub: string; email: string; locale: Locale; name?: string };
  sku: string;
  serialNumber: string;
  purchaseDate: string; // YYYY-MM-DD
  issueDescription: string;
  coverage: Coverage;
  serviceLevel: ServiceLevel;
  paymentMethodId: string;
  shippingAddress: Address;
  /** Fingerprint of the creating request, for Idempotency-Key comparisons. */
  requestHash?: string;
}

export type Actor = { sub: string; role: ActorRole };

export interface TimelineEntry {
  at: string; // ISO instant
  type: TimelineType;
  actor?: Actor;
  amount?: MinorUnits;
  detail?: string;
}

export interface DispatchInfo {
  replacementSerialNumber: string;
  carrier: string;
  trackingNumber: string;
  labelUrl?: string;
  dispatchedAt: string;
  dispatchedBy: string;
}

export interface InspectionInfo {
  outcome: InspectionOutcome;
  notes: string;
  beyondRepair: boolean;
  labourMinutes?: number;
  inspectedAt: string;
  inspectedBy: string;
  basis: string;
}

export interface HoldView {
  state: HoldState;
  authorizationId: string | null;
  captureBefore: string | null;
  extendedAuthorization: boolean;
  renewals: number;
}

/** A request that staff must look at before its unit ships: why, and what they decided. */
export interface ReviewView {
  findings: ReviewFinding[];
  state: ReviewState;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface ReplacementView {
  id: string;
  workflowId: string;
  status: Status;
  resolution: Resolution | null;
  customer: { sub: string; email: string; locale: Locale };
  sku: string;
  productName: string | null;
  category: string | null;
  serialNumber: string;
  coverage: Coverage;
  serviceLevel: ServiceLevel;
  policyVersion: string | null;
  holdAmount: MinorUnits;
  capturedAmount: MinorUnits;
  refundedAmount: MinorUnits;
  currency: 'NOK';
  hold: HoldView;
  dispatchDueBy: string | null;
  returnDeadline: string | null;
  returnGraceUntil: string | null;
  lateReturnWindowUntil: string | null;
  dispatch: DispatchInfo | null;
  returnLabel: { trackingNumber: string; url: string } | null;
  returnTracking: { state: ReturnTrackingState; firstScanAt: string; lastEventAt: string } | null;
  receivedAt: string | null;
  inspection: InspectionInfo | null;
  ineligibleReason: string | null;
  declineReason: string | null;
  flags: Flag[];
  timeline: TimelineEntry[];
  createdAt: string;
  updatedAt: string;
  /** Present when the request was sent to review. */
  review?: ReviewView;
}

// ---- messages -------------------------------------------------------------------------------

export interface DispatchCommand {
  replacementSerialNumber: string;
  carrier?: string;
  trackingNumber?: string;
  actor: Actor;
}

export interface ReceiptCommand {
  serialNumber: string;
  actor: Actor;
}

export interface InspectionCommand {
  outcome: InspectionOutcome;
  notes: string;
  beyondRepair?: boolean;
  labourMinutes?: number;
  actor: Actor;
}

export interface ReviewCommand {
  decision: ReviewDecision;
  note?: string;
  actor: Actor;
}

export interface CancelCommand {
  actor: Actor;
  reason?: string;
}

export interface CarrierEvent {
  eventId: string;
  trackingNumber: string;
  kind: CarrierEventKind;
  at: number; // epoch ms, as the carrier reports it
  description?: string;
}

export interface PaymentEvent {
  eventId: string;
  kind: PaymentEventKind;
  authorizationId: string;
}

export const getReplacementQuery = defineQuery<ReplacementView>('getReplacement');

export const dispatchUpdate = defineUpdate<ReplacementView, [DispatchCommand]>('dispatch');
export const receiptUpdate = defineUpdate<ReplacementView, [ReceiptCommand]>('receipt');
export const inspectionUpdate = defineUpdate<ReplacementView, [InspectionCommand]>('inspection');
export const cancelUpdate = defineUpdate<ReplacementView, [CancelCommand]>('cancel');
export const reviewUpdate = defineUpdate<ReplacementView, [ReviewCommand]>('review');
/**
 * Changes nothing: completes with the view once the replacement has left `pending_authorization`
 * (hold placed and stock reserved or awaited, or declined, ineligible, cancelled). Lets a client
 * wait for that decision in one call instead of polling the query.
 */
export const holdDecisionUpdate = defineUpdate<ReplacementView, []>('waitForHoldDecision');

/** Statuses in which the hold and the stock are still being decided (a lifecycle rule). */
export { UNDECIDED_STATUSES } from '../src/domain/lifecycle';

export const carrierEventSignal = defineSignal<[CarrierEvent]>('carrierEvent');
export const paymentEventSignal = defineSignal<[PaymentEvent]>('paymentEvent');
export const restockedSignal = defineSignal<[{ sku: string }]>('restocked');

/** Error types raised by activities that must not be retried. */
export const NON_RETRYABLE_ERRORS = {
  paymentDeclined: 'PaymentDeclined',
  paymentInvalid: 'PaymentInvalidRequest',
  emailPermanent: 'EmailPermanent',
} as const;
