// What a replacement looks like to every layer: the workflow's input, its view (what the API shows
// and the read model stores), and the commands and events it takes. Types only.
import type { ReviewDecision, ReviewFinding } from './device';
import type { Address, Coverage, InspectionOutcome, Locale, MinorUnits, Resolution, ServiceLevel, Status } from './types';
import type {
  ActorRole,
  CarrierEventKind,
  Flag,
  HoldState,
  NextActionType,
  PaymentEventKind,
  ReturnTrackingState,
  ReviewState,
  TimelineType,
} from './vocabulary';

export type { Flag, HoldState, TimelineType } from './vocabulary';

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

/**
 * What the browser must do to complete the card's authentication: follow `url` (the sandbox's
 * challenge page), or pass `clientSecret` to Stripe.js `handleNextAction`.
 */
export interface NextAction {
  type: NextActionType;
  url?: string;
  clientSecret?: string;
}

export interface HoldView {
  state: HoldState;
  authorizationId: string | null;
  captureBefore: string | null;
  extendedAuthorization: boolean;
  renewals: number;
  /** Present while the hold state is `requires_authentication`. */
  nextAction?: NextAction;
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
  /** Where the replacement goes (absent in views recorded before it was shown). */
  shippingAddress?: Address;
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
