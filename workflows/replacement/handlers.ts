// The replacement's messages. Validators ask the lifecycle rules whether the command may happen
// now (the refusal is what the caller reads); handlers record signals or delegate to the step.
import { condition, setHandler } from '@temporalio/workflow';
import { authenticationOutcomeOf } from '../../src/domain/authentication';
import { cancelRefusal, dispatchRefusal, holdDecisionReached, inspectionRefusal, receiptRefusal, reviewRefusal } from '../../src/domain/lifecycle';
import {
  cancelUpdate,
  carrierEventSignal,
  dispatchUpdate,
  getReplacementQuery,
  getSettlementContextQuery,
  holdDecisionUpdate,
  inspectionUpdate,
  paymentEventSignal,
  receiptUpdate,
  restockedSignal,
  reviewUpdate,
  type PaymentEvent,
} from '../definitions';
import { recordCarrierEvent, recordInspection, recordReceipt } from './return-and-settle';
import { iso, view, type Run } from './state';
import { recordDispatch, recordReview } from './to-dispatch';

function refuse(refusal: string | null): void {
  if (refusal) throw new Error(refusal);
}

/** Carrier and payment events may be delivered more than once; each counts once. */
function firstTime(run: Run, eventId: string): boolean {
  if (run.seenEvents.has(eventId)) return false;
  run.seenEvents.add(eventId);
  return true;
}

/**
 * The provider's word on a pending authentication ends the wait for it; the provider says the
 * current authorization is gone: the hold keeper renews at once.
 */
function recordPaymentEvent({ state, sync }: Run, ev: PaymentEvent): void {
  if (state.pendingAuthentication && ev.authorizationId === state.pendingAuthentication.authorizationId) {
    sync.authentication ??= authenticationOutcomeOf(ev.kind);
    return;
  }
  const gone = ev.kind === 'authorization_canceled' || ev.kind === 'authorization_expired';
  if (gone && state.hold && ev.authorizationId === state.hold.authorizationId && !sync.holdClosed && !sync.renewing) sync.holdLost = true;
}

export function registerHandlers(run: Run): void {
  const { state, sync, input } = run;

  setHandler(getReplacementQuery, () => view(run));
  // A query issues no command: histories recorded before it existed replay unchanged.
  setHandler(getSettlementContextQuery, () => ({
    status: state.status,
    inFlight: sync.inFlight,
    terms: state.terms,
    coverage: input.coverage,
    holdAmount: state.holdAmount,
  }));

  setHandler(restockedSignal, ({ sku }) => {
    if (sku === input.sku) sync.restocked = true;
  });

  setHandler(paymentEventSignal, (ev) => {
    if (firstTime(run, ev.eventId)) recordPaymentEvent(run, ev);
  });

  setHandler(carrierEventSignal, (ev) => {
    if (firstTime(run, ev.eventId)) recordCarrierEvent(run, ev);
  });

  setHandler(
    cancelUpdate,
    async (cmd) => {
      // The main flow gives the unit and the hold back at its next wait.
      sync.cancelRequest = cmd;
      await condition(() => state.status === 'cancelled');
      return view(run);
    },
    {
      validator: (_cmd) =>
        refuse(
          cancelRefusal({
            status: state.status,
            cancelling: sync.cancelRequest !== null,
            inFlight: sync.inFlight,
            dispatchedAt: state.shipment?.dispatch.dispatchedAt ?? null,
            returnDeadline: iso(state.shipment?.deadline),
          }),
        ),
    },
  );

  // Read-only: issues no command, so histories recorded before it existed replay unchanged. A run
  // that fails before deciding leaves it waiting; the caller then gets the update's failure.
  setHandler(holdDecisionUpdate, async () => {
    await condition(() => holdDecisionReached(state.status, state.holdState));
    return view(run);
  });

  setHandler(dispatchUpdate, (cmd) => recordDispatch(run, cmd), {
    validator: (cmd) =>
      refuse(
        dispatchRefusal({
          status: state.status,
          cancelling: sync.cancelRequest !== null,
          inFlight: sync.inFlight,
          reviewRequired: state.flags.has('review_required'),
          replacementSerialNumber: cmd.replacementSerialNumber,
          originalSerialNumber: input.serialNumber,
        }),
      ),
  });

  setHandler(reviewUpdate, (cmd) => recordReview(run, cmd), {
    validator: (cmd) =>
      refuse(reviewRefusal({ review: state.review, cancelling: sync.cancelRequest !== null, inFlight: sync.inFlight, decision: cmd.decision })),
  });

  setHandler(receiptUpdate, (cmd) => recordReceipt(run, cmd), {
    validator: (cmd) =>
      refuse(
        receiptRefusal({
          status: state.status,
          resolution: state.resolution,
          lateUntil: state.lateUntil,
          lateArrivalReceived: sync.lateReturn !== 'none',
          now: Date.now(),
          replacementId: run.id,
          serialNumber: cmd.serialNumber,
          originalSerialNumber: input.serialNumber,
        }),
      ),
  });

  setHandler(inspectionUpdate, (cmd) => recordInspection(run, cmd), {
    validator: (cmd) =>
      refuse(
        inspectionRefusal({
          status: state.status,
          inFlight: sync.inFlight,
          terms: state.terms,
          outcome: cmd.outcome,
          beyondRepair: cmd.beyondRepair ?? false,
          labourMinutes: cmd.labourMinutes,
        }),
      ),
  });
}
