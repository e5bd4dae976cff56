// What one replacement run knows: its state (what the view shows), what the main flow, the
// message handlers and the hold keeper tell one another, and the view built from both.
import { workflowInfo } from '@temporalio/workflow';
import type { HoldSnapshot, PendingAuthentication } from '../../activities';
import type { AuthenticationOutcome } from '../../src/domain/authentication';
import type { InFlight } from '../../src/domain/lifecycle';
import type { MinorUnits, PinnedTerms, Resolution, Status } from '../../src/domain/types';
import type {
  CancelCommand,
  DispatchInfo,
  Flag,
  HoldState,
  InspectionInfo,
  ReplacementInput,
  ReplacementView,
  ReviewView,
  TimelineEntry,
} from '../definitions';

/** What the dispatch fixed: the unit on its way, the way back, and the return deadline. */
export interface Shipment {
  dispatch: DispatchInfo;
  returnLabel: { trackingNumber: string; url: string };
  deadline: number;
  reminders: number[];
}

export interface ReplacementState {
  status: Status;
  resolution: Resolution | null;
  terms: PinnedTerms | null;
  holdAmount: MinorUnits;
  capturedAmount: MinorUnits;
  refundedAmount: MinorUnits;
  /** The live authorization, if any. */
  hold: HoldSnapshot | null;
  /** Kept for off-session charges after a hold lapsed. */
  lastHold: HoldSnapshot | null;
  holdState: HoldState;
  /** The intent waiting for the customer's authentication (3-D Secure), and what the browser must do. */
  pendingAuthentication: PendingAuthentication | null;
  renewals: number;
  /** What a refund goes against. */
  paymentRef: string | null;
  dispatchDue: number | null;
  shipment: Shipment | null;
  graceUntil: number | null;
  lateUntil: number | null;
  returnTracking: ReplacementView['returnTracking'];
  firstScanAtMs: number | null;
  receivedAt: number | null;
  inspection: InspectionInfo | null;
  review: ReviewView | null;
  ineligibleReason: string | null;
  declineReason: string | null;
  flags: Set<Flag>;
  timeline: TimelineEntry[];
  createdAt: number;
  updatedAt: number;
}

/** How the main flow, the message handlers and the hold keeper coordinate. */
export interface Coordination {
  /** The one command being recorded right now (a handler's mutex). */
  inFlight: InFlight;
  cancelRequest: CancelCommand | null;
  /** A restock of this SKU was announced since the last stock check. */
  restocked: boolean;
  /** A carrier scan arrived since the return window last looked. */
  trackingChanged: boolean;
  /** A unit arriving after the not-returned charge: received, then refunded. */
  lateReturn: 'none' | 'received' | 'refunded';
  /** Settlement or cancellation owns the hold from now on. */
  holdClosed: boolean;
  /** The provider says the current authorization is gone. */
  holdLost: boolean;
  renewing: boolean;
  /** What the provider reported about the pending authentication; null while nothing has been heard. */
  authentication: AuthenticationOutcome | null;
  /** The hold keeper failed: the main flow rethrows it at its next wait. */
  keeperFailure: { error: unknown } | null;
}

export interface Compensation {
  name: string;
  run: () => Promise<void>;
}

export interface Run {
  input: ReplacementInput;
  /** The service number. */
  id: string;
  workflowId: string;
  state: ReplacementState;
  sync: Coordination;
  seenEvents: Set<string>;
  /** Emails and read-model projections run in the background; the run waits for them only at the end. */
  background: Promise<void>[];
  projectionVersion: number;
  /** Undo steps, newest last. */
  compensations: Compensation[];
}

export function newRun(input: ReplacementInput): Run {
  const createdAt = Date.now();
  return {
    input,
    id: input.serviceNumber,
    workflowId: workflowInfo().workflowId,
    state: {
      status: 'pending_authorization',
      resolution: null,
      terms: null,
      holdAmount: 0,
      capturedAmount: 0,
      refundedAmount: 0,
      hold: null,
      lastHold: null,
      holdState: 'none',
      pendingAuthentication: null,
      renewals: 0,
      paymentRef: null,
      dispatchDue: null,
      shipment: null,
      graceUntil: null,
      lateUntil: null,
      returnTracking: null,
      firstScanAtMs: null,
      receivedAt: null,
      inspection: null,
      review: null,
      ineligibleReason: null,
      declineReason: null,
      flags: new Set(),
      timeline: [],
      createdAt,
      updatedAt: createdAt,
    },
    sync: {
      inFlight: null,
      cancelRequest: null,
      restocked: false,
      trackingChanged: false,
      lateReturn: 'none',
      holdClosed: false,
      holdLost: false,
      renewing: false,
      authentication: null,
      keeperFailure: null,
    },
    seenEvents: new Set(),
    background: [],
    projectionVersion: 0,
    compensations: [],
  };
}

/** What the update validators guarantee; reaching here without it is a bug. */
export function required<T>(value: T | null, what: string): T {
  if (value === null) throw new TypeError(`${what} missing`);
  return value;
}

/** The hold keeper's failure surfaces in the main flow at its next wait. */
export function rethrowKeeperFailure({ sync }: Run): void {
  if (sync.keeperFailure) throw sync.keeperFailure.error;
}

export const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());

export function view({ id, workflowId, input, state: s }: Run): ReplacementView {
  return {
    id,
    workflowId,
    status: s.status,
    resolution: s.resolution,
    customer: { sub: input.customer.sub, email: input.customer.email, locale: input.customer.locale },
    shippingAddress: input.shippingAddress,
    sku: input.sku,
    productName: s.terms?.item.name ?? null,
    category: s.terms?.item.category ?? null,
    serialNumber: input.serialNumber,
    coverage: input.coverage,
    serviceLevel: input.serviceLevel,
    policyVersion: s.terms?.policyVersion ?? null,
    holdAmount: s.holdAmount,
    capturedAmount: s.capturedAmount,
    refundedAmount: s.refundedAmount,
    currency: 'NOK',
    hold: {
      state: s.holdState,
      authorizationId: s.hold?.authorizationId ?? s.pendingAuthentication?.authorizationId ?? null,
      captureBefore: iso(s.hold?.captureBefore),
      extendedAuthorization: s.hold?.extendedAuthorization ?? false,
      renewals: s.renewals,
      ...(s.pendingAuthentication ? { nextAction: { ...s.pendingAuthentication.nextAction } } : {}),
    },
    dispatchDueBy: iso(s.dispatchDue),
    returnDeadline: iso(s.shipment?.deadline),
    returnGraceUntil: iso(s.graceUntil),
    lateReturnWindowUntil: iso(s.lateUntil),
    dispatch: s.shipment?.dispatch ?? null,
    returnLabel: s.shipment?.returnLabel ?? null,
    returnTracking: s.returnTracking,
    receivedAt: iso(s.receivedAt),
    inspection: s.inspection,
    ineligibleReason: s.ineligibleReason,
    declineReason: s.declineReason,
    flags: [...s.flags],
    timeline: [...s.timeline],
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
    ...(s.review ? { review: { ...s.review, findings: [...s.review.findings] } } : {}),
  };
}
