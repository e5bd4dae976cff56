// One express replacement, from request to settlement. Deterministic: every side effect and every
// rule that depends on changeable data (policy, prices, holidays) runs in an activity and is
// recorded in history; only pure rules over pinned terms (fee settlement) run here.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { HoldSnapshot, ReplacementActivities } from '../activities';
import type { EmailTemplate } from '../src/ports/mailer';
import type { TemplateData } from '../src/ports/email-template-data';
import { lateReturnRefund, settle, validateInspection } from '../src/domain/policy';
import { maxStockWaitDaysOf, stockWaitEndsAt } from '../src/domain/stock';
import { normalizeSerial, reviewDecisionRefusal } from '../src/domain/device';
import type { InspectionOutcome, MinorUnits, PinnedTerms, Resolution, Status } from '../src/domain/types';
import { INSPECTION_OUTCOMES } from '../src/domain/types';
import {
  cancelUpdate,
  carrierEventSignal,
  dispatchUpdate,
  getReplacementQuery,
  holdDecisionUpdate,
  inspectionUpdate,
  NON_RETRYABLE_ERRORS,
  paymentEventSignal,
  receiptUpdate,
  reviewUpdate,
  restockedSignal,
  UNDECIDED_STATUSES,
  type Actor,
  type CancelCommand,
  type DispatchInfo,
  type Flag,
  type HoldState,
  type InspectionInfo,
  type ReplacementInput,
  type ReplacementView,
  type ReviewView,
  type TimelineEntry,
  type TimelineType,
} from './definitions';
import { SA_DEADLINE, SA_FLAGS, SA_HOLD_STATE, SA_STATUS } from './search-attributes';

const retry: ActivityOptions['retry'] = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: Object.values(NON_RETRYABLE_ERRORS),
};

const payments = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '30 seconds', retry });
// The read model is a projection: it must never hold a replacement back, so it gets its own budget.
const projections = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '30 seconds', scheduleToCloseTimeout: '1 day', retry });
const rules = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '10 seconds', retry });
const shipping = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '1 minute', retry });
// An email must not hold a replacement hostage: after a day of retries it is given up and flagged.
const mail = proxyActivities<ReplacementActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry,
});

const STOCK_RECHECK_MS = 6 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());
const SYSTEM: Actor = { sub: 'system', role: 'system' };

function isFailureOfType(err: unknown, type: string): boolean {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === type;
}

export async function replacementWorkflow(input: ReplacementInput): Promise<ReplacementView> {
  const { workflowId } = workflowInfo();
  const replacementId = input.serviceNumber;
  const createdAt = Date.now();
  const customerActor: Actor = { sub: input.customer.sub, role: 'customer' };

  // ---- state ------------------------------------------------------------------------------
  let status = 'pending_authorization' as Status;
  let resolution: Resolution | null = null;
  let terms: PinnedTerms | null = null;
  let holdAmount: MinorUnits = 0;
  let capturedAmount: MinorUnits = 0;
  let refundedAmount: MinorUnits = 0;
  let hold: HoldSnapshot | null = null; // the live authorization, if any
  let lastHold: HoldSnapshot | null = null; // kept for off-session charges after a hold lapsed
  let holdState: HoldState = 'none';
  let renewals = 0;
  let paymentRef: string | null = null; // what a refund goes against
  let dispatchDue: number | null = null;
  let deadline: number | null = null;
  let reminders: number[] = [];
  let graceUntil: number | null = null;
  let lateUntil: number | null = null;
  let dispatch: DispatchInfo | null = null;
  let returnLabel: ReplacementView['returnLabel'] = null;
  let returnTracking: ReplacementView['returnTracking'] = null;
  let firstScanAtMs: number | null = null;
  let receivedAt: number | null = null;
  let inspection: InspectionInfo | null = null;
  let ineligibleReason: string | null = null;
  let declineReason: string | null = null;
  let updatedAt = createdAt;
  const flags = new Set<Flag>();
  const timeline: TimelineEntry[] = [];

  // coordination between the main flow, update handlers and the hold keeper
  let busy: 'dispatch' | 'inspection' | 'late_refund' | null = null;
  let cancelRequest = null as CancelCommand | null;
  let review: ReviewView | null = null;
  let restocked = false;
  let trackingChanged = false;
  let lateArrival = false;
  let lateRefundDone = false;
  let holdClosed = false; // settlement or cancellation owns the hold from now on
  let holdLost = false; // the provider says the current authorization is gone
  let renewing = false;
  const seenEvents = new Set<string>();
  // Emails and read-model projections run in the background; the workflow waits for them only at the end.
  const background: Promise<void>[] = [];
  let projectionVersion = 0;
  const compensations: { name: string; run: () => Promise<void> }[] = [];

  // ---- helpers ----------------------------------------------------------------------------
  function note(type: TimelineType, extra: Omit<TimelineEntry, 'at' | 'type'> = {}) {
    updatedAt = Date.now();
    timeline.push({ at: new Date(updatedAt).toISOString(), type, ...extra });
  }

  /** Projects the current view into the read model (introduced by a patch: older runs never did). */
  function project() {
    if (!patched('read-model-projection')) return;
    projectionVersion += 1;
    background.push(projections.projectReplacement({ view: view(), version: projectionVersion }).catch(() => undefined));
  }

  async function finishBackground(): Promise<void> {
    project();
    await Promise.all(background);
  }

  function publish() {
    project();
    upsertSearchAttributes([
      { key: SA_STATUS, value: status },
      { key: SA_HOLD_STATE, value: holdState },
      { key: SA_FLAGS, value: [...flags] },
      ...(deadline != null ? [{ key: SA_DEADLINE, value: new Date(deadline) }] : []),
    ]);
  }

  function setStatus(next: Status) {
    status = next;
    updatedAt = Date.now();
    publish();
  }

  function flag(f: Flag) {
    if (flags.has(f)) return;
    flags.add(f);
    publish();
  }

  /** Emails go out in the background so a slow mail server never delays money or stock. */
  type CustomerData<K extends EmailTemplate> = Omit<TemplateData[K], 'serviceNumber' | 'productName'>;
  function notify<K extends Exclude<EmailTemplate, 'sla_breach'>>(template: K, step: string, data: CustomerData<K>) {
    background.push(
      mail
        .sendEmail({
          template,
          step,
          to: input.customer.email,
          locale: input.customer.locale,
          data: { serviceNumber: replacementId, productName: terms?.item.name ?? input.sku, ...data },
        })
        .then(() => note('email_sent', { detail: template }))
        .catch(() => {
          flag('email_undelivered');
          note('email_failed', { detail: template });
        }),
    );
  }

  /** A device the warehouse has flagged, or a unit already returned once, waits for staff in the queue. */
  async function screenForReview() {
    const findings = await rules.screenDevice({ serialNumber: input.serialNumber, replacementId });
    if (findings.length === 0) return;
    review = { findings, state: 'pending', decidedBy: null, decidedAt: null };
    note('review_required', { detail: findings.map((f) => f.detail).join('; ') });
    flag('review_required');
  }

  /** Sleeps until `deadlineMs` or until `fn` holds; true when `fn` held. */
  async function waitUntil(fn: () => boolean, deadlineMs: number): Promise<boolean> {
    const ms = deadlineMs - Date.now();
    if (ms <= 0) return fn();
    return condition(fn, ms);
  }

  function view(): ReplacementView {
    return {
      id: replacementId,
      workflowId,
      status,
      resolution,
      customer: { sub: input.customer.sub, email: input.customer.email, locale: input.customer.locale },
      sku: input.sku,
      productName: terms?.item.name ?? null,
      category: terms?.item.category ?? null,
      serialNumber: input.serialNumber,
      coverage: input.coverage,
      serviceLevel: input.serviceLevel,
      policyVersion: terms?.policyVersion ?? null,
      holdAmount,
      capturedAmount,
      refundedAmount,
      currency: 'NOK',
      hold: {
        state: holdState,
        authorizationId: hold?.authorizationId ?? null,
        captureBefore: iso(hold?.captureBefore),
        extendedAuthorization: hold?.extendedAuthorization ?? false,
        renewals,
      },
      dispatchDueBy: iso(dispatchDue),
      returnDeadline: iso(deadline),
      returnGraceUntil: iso(graceUntil),
      lateReturnWindowUntil: iso(lateUntil),
      dispatch,
      returnLabel,
      returnTracking,
      receivedAt: iso(receivedAt),
      inspection,
      ineligibleReason,
      declineReason,
      flags: [...flags],
      timeline: [...timeline],
      createdAt: new Date(createdAt).toISOString(),
      updatedAt: new Date(updatedAt).toISOString(),
      ...(review ? { review: { ...review, findings: [...review.findings] } } : {}),
    };
  }

  // ---- money ------------------------------------------------------------------------------

  /** Takes the hold away from the keeper; waits for a renewal in flight to finish. */
  async function closeHold(): Promise<void> {
    holdClosed = true;
    await condition(() => !renewing);
  }

  function holdIsLive(): boolean {
    return hold !== null && holdState === 'active' && !holdLost && hold.captureBefore > Date.now();
  }

  async function releaseHold(step: string): Promise<void> {
    await closeHold();
    if (hold && holdIsLive()) {
      const { released } = await payments.releaseHold({ replacementId, step, authorizationId: hold.authorizationId });
      note('hold_released', { amount: released });
    }
    holdState = capturedAmount > 0 ? holdState : 'released';
    hold = null;
    publish();
  }

  /**
   * Collects `amount` (0 releases the hold): capture on the live hold, or — when the hold lapsed
   * or the provider refuses the capture — an off-session charge on the saved card.
   */
  async function collect(amount: MinorUnits, step: string): Promise<void> {
    await closeHold();
    if (amount === 0) return releaseHold(`${step}-release`);
    if (hold && holdIsLive()) {
      try {
        const r = await payments.captureHold({ replacementId, step: `${step}-capture`, authorizationId: hold.authorizationId, amount });
        capturedAmount += r.captured;
        paymentRef = hold.authorizationId;
        holdState = 'captured';
        note('hold_captured', { amount: r.captured, detail: r.released > 0 ? `remainder ${r.released} released` : undefined });
        hold = null;
        publish();
        return;
      } catch (err) {
        // The provider no longer honours this authorization: fall through to an off-session charge.
        if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentInvalid)) throw err;
        note('hold_expired', { detail: 'capture refused by the payment provider' });
      }
    }
    const card = hold ?? lastHold;
    hold = null;
    if (!card) throw ApplicationFailure.nonRetryable('no saved payment method to charge');
    try {
      const r = await payments.chargeOffSession({
        replacementId,
        step: `${step}-charge`,
        hold: card,
        amount,
        email: input.customer.email,
        serviceNumber: replacementId,
      });
      capturedAmount += r.amount;
      paymentRef = r.paymentId;
      holdState = 'charged';
      note('charged_off_session', { amount: r.amount });
    } catch (err) {
      if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentDeclined)) throw err;
      holdState = 'unsecured';
      flag('collection_required');
      note('charge_failed', { amount, detail: 'off-session charge declined; finance must collect' });
    }
    publish();
  }

  /** Keeps one capturable authorization alive until settlement: renew before capture-before passes. */
  async function keepHoldValid(): Promise<void> {
    while (hold && !holdClosed) {
      const margin = terms?.authorizationRenewalMarginMs ?? DAY_MS;
      await waitUntil(() => holdClosed || holdLost, hold.captureBefore - margin);
      if (holdClosed) return;
      const previous = hold;
      renewing = true;
      try {
        const attempt = renewals + 1;
        const next = await payments.reauthorizeHold({
          replacementId,
          step: `renew-${attempt}`,
          previous,
          email: input.customer.email,
          serviceNumber: replacementId,
        });
        hold = next;
        lastHold = next;
        renewals = attempt;
        note('hold_renewed', { amount: next.amount, detail: `${previous.authorizationId} → ${next.authorizationId}` });
        // Release the old one only after the new one exists: never a moment without cover.
        await payments.releaseHold({ replacementId, step: `release-${previous.authorizationId}`, authorizationId: previous.authorizationId });
        holdLost = false;
      } catch (err) {
        if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentDeclined)) throw err;
        flag('renewal_failed');
        flag('unsecured');
        note('hold_renewal_failed', { detail: 'off-session re-authorization declined' });
        notify('hold_action_needed', 'hold-action-needed', { holdAmount, returnDeadline: deadline ?? undefined });
        renewing = false;
        // The old authorization stays capturable until it lapses; after that the hold is gone.
        if (!holdLost) await waitUntil(() => holdClosed || holdLost, previous.captureBefore);
        if (holdClosed && !holdLost && previous.captureBefore > Date.now()) return;
        hold = null;
        holdState = 'unsecured';
        note('hold_expired');
        publish();
        return;
      } finally {
        renewing = false;
      }
    }
  }

  async function compensate(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      while (compensations.length > 0) {
        const c = compensations.pop()!;
        await c.run();
        note('compensated', { detail: c.name });
      }
    });
  }

  const cancelRequested = (): boolean => cancelRequest !== null;

  async function finishCancelled(
    by: Actor = cancelRequest?.actor ?? SYSTEM,
    reason: string | undefined = cancelRequest?.reason,
  ): Promise<ReplacementView> {
    await compensate();
    setStatus('cancelled');
    note('cancelled', { actor: by, detail: reason });
    notify('cancelled', 'cancelled', { holdAmount });
    await finishBackground();
    return view();
  }

  // ---- handlers ---------------------------------------------------------------------------
  setHandler(getReplacementQuery, view);

  setHandler(restockedSignal, ({ sku }) => {
    if (sku === input.sku) restocked = true;
  });

  setHandler(paymentEventSignal, (ev) => {
    if (seenEvents.has(ev.eventId)) return;
    seenEvents.add(ev.eventId);
    const gone = ev.kind === 'authorization_canceled' || ev.kind === 'authorization_expired';
    if (gone && hold && ev.authorizationId === hold.authorizationId && !holdClosed && !renewing) holdLost = true;
  });

  setHandler(carrierEventSignal, (ev) => {
    if (seenEvents.has(ev.eventId)) return;
    seenEvents.add(ev.eventId);
    if (!returnLabel || ev.trackingNumber !== returnLabel.trackingNumber) return;
    if (ev.kind === 'in_transit' || ev.kind === 'delivered') {
      if (firstScanAtMs === null || ev.at < firstScanAtMs) firstScanAtMs = ev.at;
      returnTracking = {
        state: ev.kind,
        firstScanAt: new Date(firstScanAtMs).toISOString(),
        lastEventAt: new Date(ev.at).toISOString(),
      };
      if (status === 'dispatched') setStatus('return_in_transit');
      note(ev.kind === 'delivered' ? 'return_delivered_to_warehouse' : 'return_in_transit', { detail: ev.description });
      trackingChanged = true;
    } else if (ev.kind === 'exception' || ev.kind === 'returned_to_sender') {
      note('carrier_exception', { detail: `${ev.kind}${ev.description ? `: ${ev.description}` : ''}` });
    }
  });

  setHandler(
    cancelUpdate,
    async (cmd) => {
      cancelRequest = cmd;
      await condition(() => status === 'cancelled');
      return view();
    },
    {
      validator: (_cmd) => {
        if (cancelRequest) throw new Error('A cancellation is already in progress.');
        if (busy === 'dispatch') throw new Error('The replacement is being dispatched right now and can no longer be cancelled.');
        if (status === 'dispatched' || status === 'return_in_transit' || status === 'awaiting_inspection') {
          throw new Error(
            `The replacement unit was dispatched on ${dispatch?.dispatchedAt ?? 'an earlier date'} and cannot be cancelled; ` +
              `return the original unit by ${iso(deadline) ?? 'the return deadline'} instead.`,
          );
        }
        if (!['pending_authorization', 'awaiting_stock', 'awaiting_dispatch'].includes(status)) {
          throw new Error(`The replacement is ${status} and cannot be cancelled.`);
        }
      },
    },
  );

  // Read-only: issues no command, so histories recorded before it existed replay unchanged. A run
  // that fails before deciding leaves it waiting; the caller then gets the update's failure.
  setHandler(holdDecisionUpdate, async () => {
    await condition(() => !UNDECIDED_STATUSES.includes(status));
    return view();
  });

  setHandler(
    dispatchUpdate,
    async (cmd) => {
      busy = 'dispatch';
      try {
        const dispatchedAt = Date.now();
        const booking = await shipping.bookShipment({
          serviceNumber: replacementId,
          to: input.shippingAddress,
          sku: input.sku,
          description: terms!.item.name,
        });
        await shipping.commitStock({ reservationId: workflowId });
        // The unit has left: the stock reservation is no longer ours to give back.
        const idx = compensations.findIndex((c) => c.name === 'release stock');
        if (idx >= 0) compensations.splice(idx, 1);
        const schedule = await rules.computeReturnSchedule({ dispatchedAt, terms: terms! });
        deadline = schedule.deadline;
        reminders = schedule.reminders;
        dispatch = {
          replacementSerialNumber: cmd.replacementSerialNumber.trim(),
          carrier: cmd.carrier?.trim() || booking.carrier,
          trackingNumber: cmd.trackingNumber?.trim() || booking.trackingNumber,
          labelUrl: booking.labelUrl,
          dispatchedAt: new Date(dispatchedAt).toISOString(),
          dispatchedBy: cmd.actor.sub,
        };
        returnLabel = { trackingNumber: booking.returnTrackingNumber, url: booking.returnLabelUrl };
        note('dispatched', { actor: cmd.actor, detail: `${dispatch.carrier} ${dispatch.trackingNumber}` });
        setStatus('dispatched');
      } finally {
        busy = null;
      }
      return view();
    },
    {
      validator: (cmd) => {
        if (busy === 'dispatch') throw new Error('A dispatch is already being recorded for this replacement.');
        if (cancelRequest) throw new Error('The replacement is being cancelled and must not be shipped.');
        if (flags.has('review_required')) {
          throw new Error('This replacement waits for review (see its review findings); approve it before the unit ships.');
        }
        if (status !== 'awaiting_dispatch') {
          throw new Error(
            status === 'awaiting_stock'
              ? 'No replacement unit is reserved yet (awaiting stock); dispatch once stock is reserved.'
              : `Cannot dispatch: the replacement is ${status}.`,
          );
        }
        if (!cmd.replacementSerialNumber || !cmd.replacementSerialNumber.trim()) {
          throw new Error('replacementSerialNumber is required: the serial number of the unit being shipped.');
        }
        if (normalizeSerial(cmd.replacementSerialNumber) === normalizeSerial(input.serialNumber)) {
          throw new Error("replacementSerialNumber is the customer's original unit; enter the serial of the replacement unit.");
        }
      },
    },
  );

  setHandler(
    reviewUpdate,
    async (cmd) => {
      const decidedAt = new Date(Date.now()).toISOString();
      review = { ...review!, state: cmd.decision === 'approve' ? 'approved' : 'rejected', decidedBy: cmd.actor.sub, decidedAt };
      if (cmd.decision === 'approve') {
        flags.delete('review_required');
        note('review_approved', { actor: cmd.actor, detail: cmd.note });
        publish();
        return view();
      }
      note('review_rejected', { actor: cmd.actor, detail: cmd.note });
      // A rejection cancels: the main flow gives the unit and the hold back.
      cancelRequest = { actor: cmd.actor, reason: `rejected in review${cmd.note ? `: ${cmd.note}` : ''}` };
      await condition(() => status === 'cancelled');
      return view();
    },
    {
      validator: (cmd) => {
        const refusal = reviewDecisionRefusal(review, cancelRequest !== null || busy === 'dispatch');
        if (refusal) throw new Error(refusal);
        if (cmd.decision !== 'approve' && cmd.decision !== 'reject') throw new Error(`Unknown review decision ${JSON.stringify(cmd.decision)}.`);
      },
    },
  );

  setHandler(
    receiptUpdate,
    async (cmd) => {
      receivedAt = Date.now();
      if (status === 'completed') {
        lateArrival = true;
        note('late_return_received', { actor: cmd.actor });
        await condition(() => lateRefundDone);
      } else {
        note('return_received', { actor: cmd.actor });
        setStatus('awaiting_inspection');
        notify('return_received', 'return-received', { receivedAt: receivedAt! });
      }
      return view();
    },
    {
      validator: (cmd) => {
        const lateWindowOpen =
          status === 'completed' && resolution === 'not_returned_charged' && lateUntil !== null && Date.now() <= lateUntil && !lateArrival;
        if (status !== 'dispatched' && status !== 'return_in_transit' && !lateWindowOpen) {
          if (status === 'completed' && resolution === 'not_returned_charged') {
            throw new Error('The late-return window has closed; the retail price stays charged. Contact finance.');
          }
          throw new Error(`Cannot record a receipt: the replacement is ${status}.`);
        }
        if (!cmd.serialNumber || normalizeSerial(cmd.serialNumber) !== normalizeSerial(input.serialNumber)) {
          throw new Error(
            `Serial number ${JSON.stringify(cmd.serialNumber ?? '')} does not match the original unit registered for ${replacementId}; check the unit and the service number.`,
          );
        }
      },
    },
  );

  setHandler(
    inspectionUpdate,
    async (cmd) => {
      busy = 'inspection';
      try {
        const outcome = settle({
          terms: terms!,
          outcome: cmd.outcome,
          coverage: input.coverage,
          beyondRepair: cmd.beyondRepair ?? false,
          labourMinutes: cmd.labourMinutes,
          holdAmount,
        });
        inspection = {
          outcome: cmd.outcome,
          notes: cmd.notes,
          beyondRepair: cmd.beyondRepair ?? false,
          labourMinutes: cmd.labourMinutes,
          inspectedAt: new Date(Date.now()).toISOString(),
          inspectedBy: cmd.actor.sub,
          basis: outcome.basis,
        };
        note('inspected', { actor: cmd.actor, detail: `${cmd.outcome}: ${outcome.basis}` });
        await collect(outcome.capture, 'settle');
        resolution = outcome.resolution;
        note('settled', { amount: capturedAmount, detail: outcome.resolution });
        setStatus('completed');
      } finally {
        busy = null;
      }
      return view();
    },
    {
      validator: (cmd) => {
        if (busy === 'inspection') throw new Error('An inspection is already being recorded for this replacement.');
        if (status !== 'awaiting_inspection') {
          throw new Error(
            status === 'dispatched' || status === 'return_in_transit'
              ? 'The original unit has not been received yet; record the receipt first.'
              : `Cannot record an inspection: the replacement is ${status}.`,
          );
        }
        if (!(INSPECTION_OUTCOMES as readonly string[]).includes(cmd.outcome)) {
          throw new Error(`Unknown inspection outcome ${JSON.stringify(cmd.outcome)}.`);
        }
        const problem = validateInspection({
          terms: terms!,
          outcome: cmd.outcome as InspectionOutcome,
          beyondRepair: cmd.beyondRepair ?? false,
          labourMinutes: cmd.labourMinutes,
        });
        if (problem) throw new Error(problem);
      },
    },
  );

  // ---- the flow ---------------------------------------------------------------------------
  note('requested', { actor: customerActor, detail: input.issueDescription.slice(0, 200) });
  publish();

  try {
    const assessment = await rules.assessRequest({
      sku: input.sku,
      purchaseDate: input.purchaseDate,
      coverage: input.coverage,
      at: createdAt,
    });
    terms = assessment.terms;
    if (!assessment.eligible) {
      ineligibleReason = assessment.reason;
      note('ineligible', { detail: `${assessment.code}: ${assessment.reason}` });
      setStatus('ineligible');
      notify('ineligible', 'ineligible', { reason: assessment.reason });
      await finishBackground();
      return view();
    }
    const pinned = assessment.terms;
    holdAmount = assessment.holdAmount;
    note('eligibility_checked', { detail: `policy ${assessment.terms.policyVersion}` });
    notify('request_received', 'request-received', { serialNumber: input.serialNumber });

    // Authorize the hold.
    holdState = 'pending';
    try {
      hold = await payments.authorizeHold({
        replacementId,
        step: 'authorize',
        amount: holdAmount,
        paymentMethodId: input.paymentMethodId,
        email: input.customer.email,
        serviceNumber: replacementId,
      });
    } catch (err) {
      if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentDeclined)) throw err;
      holdState = 'none';
      declineReason = (err instanceof ActivityFailure && err.cause?.message) || 'card declined';
      note('hold_declined', { amount: holdAmount, detail: declineReason });
      setStatus('declined');
      notify('declined', 'declined', { holdAmount });
      await finishBackground();
      return view();
    }
    lastHold = hold;
    holdState = 'active';
    note('hold_authorized', { amount: hold.amount, detail: hold.authorizationId });
    compensations.push({ name: 'release hold', run: () => releaseHold('compensate-release') });
    publish();
    notify('hold_placed', 'hold-placed', { holdAmount });
    const keeper = keepHoldValid();
    let keeperFailure: unknown = null;
    keeper.catch((err) => (keeperFailure = err));

    if (cancelRequested()) return await finishCancelled();

    // Reserve stock, or wait for a restock.
    let reserved = await shipping.reserveStock({ sku: input.sku, reservationId: workflowId });
    // A pinned term; terms pinned before it was one carry none and get the same 30 days as then.
    const maxStockWaitDays = maxStockWaitDaysOf(terms);
    const stockWaitEnds = stockWaitEndsAt(Date.now(), maxStockWaitDays);
    while (!reserved) {
      if (status !== 'awaiting_stock') {
        setStatus('awaiting_stock');
        note('out_of_stock');
        notify('awaiting_stock', 'awaiting-stock', { holdAmount, waitEndsAt: stockWaitEnds });
      }
      const recheckAt = Math.min(Date.now() + STOCK_RECHECK_MS, stockWaitEnds);
      await waitUntil(() => restocked || cancelRequest !== null || keeperFailure !== null, recheckAt);
      if (keeperFailure) throw keeperFailure;
      if (cancelRequested()) return await finishCancelled();
      if (!restocked && Date.now() >= stockWaitEnds) {
        return await finishCancelled(SYSTEM, `no replacement unit came into stock within ${maxStockWaitDays} days`);
      }
      restocked = false;
      reserved = await shipping.reserveStock({ sku: input.sku, reservationId: workflowId });
    }
    compensations.push({
      name: 'release stock',
      run: async () => {
        await shipping.releaseStock({ reservationId: workflowId });
        note('stock_released');
      },
    });
    note('stock_reserved');
    if (cancelRequested()) return await finishCancelled();
    // Introduced by a patch: replacements started before it were never screened.
    if (patched('device-screening')) await screenForReview();

    // In the dispatch queue; the SLA clock starts when a unit is reserved.
    dispatchDue = await rules.computeDispatchDue({ requestedAt: Date.now(), serviceLevel: input.serviceLevel });
    setStatus('awaiting_dispatch');
    const leftQueue = () => status !== 'awaiting_dispatch' || (cancelRequest !== null && busy !== 'dispatch') || keeperFailure !== null;
    if (!(await waitUntil(leftQueue, dispatchDue))) {
      flag('sla_breached');
      note('sla_breached', { detail: `due ${iso(dispatchDue)}` });
      background.push(
        mail
          .sendWarehouseAlert({
            template: 'sla_breach',
            step: 'sla-breach',
            locale: 'nb',
            data: {
              serviceNumber: replacementId,
              productName: pinned.item.name,
              sku: input.sku,
              dueBy: dispatchDue,
              serviceLevel: input.serviceLevel,
            } satisfies TemplateData['sla_breach'],
          })
          .then(() => undefined)
          .catch(() => flag('email_undelivered')),
      );
      await condition(leftQueue);
    }
    if (keeperFailure) throw keeperFailure;
    if (status === 'awaiting_dispatch' && cancelRequested()) return await finishCancelled();

    // Dispatched: the return deadline runs.
    notify('dispatched', 'dispatched', {
      holdAmount,
      returnDeadline: deadline!,
      returnLabelUrl: returnLabel!.url,
      carrier: dispatch!.carrier,
      trackingNumber: dispatch!.trackingNumber,
    });

    let nextReminder = 0;
    for (;;) {
      if (status === 'awaiting_inspection') break;
      if (keeperFailure) throw keeperFailure;
      if (firstScanAtMs !== null && firstScanAtMs <= deadline! && graceUntil === null) {
        graceUntil = await rules.computeBusinessDeadline({ from: deadline!, businessDays: pinned.inTransitGraceBusinessDays });
      }
      // A return scanned before the deadline is on time: the limit moves to the end of the grace.
      const limit = graceUntil ?? deadline!;
      const now = Date.now();
      if (now >= limit) break;
      while (nextReminder < reminders.length && reminders[nextReminder] <= now) {
        if (status === 'dispatched') {
          const day = nextReminder;
          notify('return_reminder', `reminder-${day}`, { holdAmount, returnDeadline: deadline!, returnLabelUrl: returnLabel!.url });
          note('reminder_sent', { detail: `reminder ${day + 1}` });
        }
        nextReminder += 1;
      }
      const wakeAt = Math.min(limit, reminders[nextReminder] ?? Number.POSITIVE_INFINITY);
      trackingChanged = false;
      await waitUntil(() => status === 'awaiting_inspection' || trackingChanged || keeperFailure !== null, wakeAt);
    }

    if (status === 'awaiting_inspection') {
      // Warehouse inspects; the inspection update settles the money.
      await condition(() => status === 'completed' || keeperFailure !== null);
      if (keeperFailure) throw keeperFailure;
      notify('settled', 'settled', {
        holdAmount,
        capturedAmount,
        releasedAmount: Math.max(holdAmount - capturedAmount, 0),
        outcome: inspection!.outcome,
        beyondRepair: inspection!.beyondRepair,
        labourMinutes: inspection!.labourMinutes,
        notes: inspection!.notes.trim() || undefined,
      });
    } else {
      // Not returned (or in transit past the grace): the full hold is captured.
      note('not_returned', { detail: `deadline ${iso(deadline)}` });
      await collect(holdAmount, 'not-returned');
      resolution = 'not_returned_charged';
      setStatus('completed');
      lateUntil = await rules.computeBusinessDeadline({ from: Date.now(), businessDays: pinned.lateReturnWindowBusinessDays });
      notify('not_returned_charged', 'not-returned', {
        capturedAmount,
        returnDeadline: deadline!,
        lateReturnUntil: lateUntil,
        lateReturnFee: pinned.category.lateReturnFee,
      });
      if (await waitUntil(() => lateArrival, lateUntil)) {
        busy = 'late_refund';
        const refund = lateReturnRefund({ captured: capturedAmount, lateFee: pinned.category.lateReturnFee });
        if (refund > 0 && paymentRef) {
          const r = await payments.refundPayment({ replacementId, step: 'late-return-refund', paymentId: paymentRef, amount: refund });
          refundedAmount += r.amount;
          note('refunded', { amount: r.amount, detail: `late return; fee ${pinned.category.lateReturnFee} kept` });
        }
        flag('late_return');
        lateRefundDone = true;
        busy = null;
        notify('late_return_refund', 'late-return-refund', {
          capturedAmount,
          lateReturnFee: pinned.category.lateReturnFee,
          refundAmount: lateReturnRefund({ captured: capturedAmount, lateFee: pinned.category.lateReturnFee }),
        });
      }
    }
    await finishBackground();
    return view();
  } catch (err) {
    if (isCancellation(err)) {
      // Cancelled by an operator through Temporal: undo what is undoable and end cancelled.
      return await CancellationScope.nonCancellable(() => finishCancelled(SYSTEM, 'cancelled by an operator'));
    }
    note('failed', { detail: err instanceof Error ? err.message : String(err) });
    await compensate();
    throw err;
  }
}
