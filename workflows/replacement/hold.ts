// The hold's life: authorize it, keep one capturable authorization alive until settlement
// (renewing before capture-before passes), then capture, charge or release it exactly once.
import { ActivityFailure, ApplicationFailure, condition, patched } from '@temporalio/workflow';
import type { HoldSnapshot, PendingAuthentication } from '../../activities';
import { authenticationEndsAt, authenticationWaitMinutesOf } from '../../src/domain/authentication';
import type { MinorUnits, PinnedTerms } from '../../src/domain/types';
import { NON_RETRYABLE_ERRORS } from '../definitions';
import { flag, note, notify, publish, setStatus, waitUntil } from './effects';
import { isFailureOfType, payments } from './proxies';
import type { Run } from './state';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Authorizes the hold; null when there is none (the run has then ended declined, or a cancellation
 * came while the customer was authenticating). A card that asks for 3-D Secure waits for the
 * customer (patched in: older runs were declined by the adapter).
 */
export async function placeHold(run: Run, amount: MinorUnits): Promise<HoldSnapshot | null> {
  const { state, input } = run;
  state.holdState = 'pending';
  const allowAuthentication = patched('hold-authentication');
  let attempt: HoldSnapshot | PendingAuthentication;
  try {
    const req = {
      replacementId: run.id,
      step: 'authorize',
      amount,
      paymentMethodId: input.paymentMethodId,
      email: input.customer.email,
      serviceNumber: run.id,
    };
    attempt = allowAuthentication ? await payments.requestHold(req) : await payments.authorizeHold(req);
  } catch (err) {
    if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentDeclined)) throw err;
    declined(run, amount, (err instanceof ActivityFailure && err.cause?.message) || 'card declined');
    return null;
  }
  const hold = 'nextAction' in attempt ? await awaitAuthentication(run, amount, attempt) : attempt;
  return hold && holdPlaced(run, hold, amount);
}

function declined(run: Run, amount: MinorUnits, reason: string): void {
  const { state } = run;
  state.holdState = 'none';
  state.declineReason = reason;
  note(run, 'hold_declined', { amount, detail: reason });
  setStatus(run, 'declined');
  notify(run, 'declined', 'declined', { holdAmount: amount });
}

const AUTHENTICATION_DECLINES: Record<string, string> = {
  authentication_failed: 'The card could not be authenticated (3-D Secure failed or was refused).',
  authentication_abandoned: 'The card’s authentication (3-D Secure) was not completed in time.',
};

/**
 * The card wants the customer to authenticate: the view says what the browser must do, and the
 * run waits for the provider's word (a webhook), a cancellation, or the pinned wait to pass. Then
 * the intent becomes the hold, or it is cancelled and the request declined (or cancelled).
 */
async function awaitAuthentication(run: Run, amount: MinorUnits, pending: PendingAuthentication): Promise<HoldSnapshot | null> {
  const { state, sync } = run;
  state.pendingAuthentication = pending;
  state.holdState = 'requires_authentication';
  note(run, 'hold_authentication_required', { amount, detail: pending.authorizationId });
  publish(run);
  const waitMinutes = authenticationWaitMinutesOf(state.terms);
  await waitUntil(() => sync.authentication !== null || sync.cancelRequest !== null, authenticationEndsAt(Date.now(), waitMinutes));
  const cancel = sync.authentication === null && sync.cancelRequest !== null;
  const conclusion = await payments.concludeAuthentication({
    replacementId: run.id,
    step: 'authenticate',
    authorizationId: pending.authorizationId,
    amount,
    ...(cancel ? { cancel } : {}),
    ...(sync.authentication === 'failed' ? { heardFailure: true } : {}),
  });
  state.pendingAuthentication = null;
  if (conclusion.hold) {
    note(run, 'hold_authenticated', { amount, detail: pending.authorizationId });
    return conclusion.hold;
  }
  if (cancel) {
    state.holdState = 'none';
    publish(run);
    return null;
  }
  declined(run, amount, AUTHENTICATION_DECLINES[conclusion.reason] ?? `card authentication ended: ${conclusion.reason}`);
  return null;
}

function holdPlaced(run: Run, hold: HoldSnapshot, amount: MinorUnits): HoldSnapshot {
  const { state } = run;
  state.hold = hold;
  state.lastHold = hold;
  state.holdState = 'active';
  note(run, 'hold_authorized', { amount: hold.amount, detail: hold.authorizationId });
  run.compensations.push({ name: 'release hold', run: () => releaseHold(run, 'compensate-release') });
  publish(run);
  notify(run, 'hold_placed', 'hold-placed', { holdAmount: amount });
  keepHoldValid(run, state.terms).catch((error: unknown) => (run.sync.keeperFailure = { error }));
  return hold;
}

/** Keeps one capturable authorization alive until settlement: renew before capture-before passes. */
async function keepHoldValid(run: Run, terms: PinnedTerms | null): Promise<void> {
  const { state, sync } = run;
  while (state.hold && !sync.holdClosed) {
    const margin = terms?.authorizationRenewalMarginMs ?? DAY_MS;
    await waitUntil(() => sync.holdClosed || sync.holdLost, state.hold.captureBefore - margin);
    if (sync.holdClosed) return;
    const previous = state.hold;
    sync.renewing = true;
    try {
      const attempt = state.renewals + 1;
      const next = await payments.reauthorizeHold({
        replacementId: run.id,
        step: `renew-${attempt}`,
        previous,
        email: run.input.customer.email,
        serviceNumber: run.id,
      });
      state.hold = next;
      state.lastHold = next;
      state.renewals = attempt;
      note(run, 'hold_renewed', { amount: next.amount, detail: `${previous.authorizationId} → ${next.authorizationId}` });
      // Release the old one only after the new one exists: never a moment without cover.
      await payments.releaseHold({ replacementId: run.id, step: `release-${previous.authorizationId}`, authorizationId: previous.authorizationId });
      sync.holdLost = false;
    } catch (err) {
      if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentDeclined)) throw err;
      return await renewalDeclined(run, previous);
    } finally {
      sync.renewing = false;
    }
  }
}

/** A declined renewal: the customer is asked to act; the old authorization covers until it lapses. */
async function renewalDeclined(run: Run, previous: HoldSnapshot): Promise<void> {
  const { state, sync } = run;
  flag(run, 'renewal_failed');
  flag(run, 'unsecured');
  note(run, 'hold_renewal_failed', { detail: 'off-session re-authorization declined' });
  notify(run, 'hold_action_needed', 'hold-action-needed', { holdAmount: state.holdAmount, returnDeadline: state.shipment?.deadline ?? undefined });
  sync.renewing = false;
  if (!sync.holdLost) await waitUntil(() => sync.holdClosed || sync.holdLost, previous.captureBefore);
  if (sync.holdClosed && !sync.holdLost && previous.captureBefore > Date.now()) return;
  state.hold = null;
  state.holdState = 'unsecured';
  note(run, 'hold_expired');
  publish(run);
}

/** Takes the hold away from the keeper; waits for a renewal in flight to finish. */
async function closeHold(run: Run): Promise<void> {
  run.sync.holdClosed = true;
  await condition(() => !run.sync.renewing);
}

function liveHold({ state, sync }: Run): HoldSnapshot | null {
  const { hold } = state;
  return hold !== null && state.holdState === 'active' && !sync.holdLost && hold.captureBefore > Date.now() ? hold : null;
}

export async function releaseHold(run: Run, step: string): Promise<void> {
  const { state } = run;
  await closeHold(run);
  const hold = liveHold(run);
  if (hold) {
    const { released } = await payments.releaseHold({ replacementId: run.id, step, authorizationId: hold.authorizationId });
    note(run, 'hold_released', { amount: released });
  }
  state.holdState = state.capturedAmount > 0 ? state.holdState : 'released';
  state.hold = null;
  publish(run);
}

/**
 * Collects `amount` (0 releases the hold): capture on the live hold, or — when the hold lapsed
 * or the provider refuses the capture — an off-session charge on the saved card.
 */
export async function collect(run: Run, amount: MinorUnits, step: string): Promise<void> {
  const { state } = run;
  await closeHold(run);
  if (amount === 0) return releaseHold(run, `${step}-release`);
  const hold = liveHold(run);
  if (hold) {
    try {
      const r = await payments.captureHold({ replacementId: run.id, step: `${step}-capture`, authorizationId: hold.authorizationId, amount });
      state.capturedAmount += r.captured;
      state.paymentRef = hold.authorizationId;
      state.holdState = 'captured';
      note(run, 'hold_captured', { amount: r.captured, detail: r.released > 0 ? `remainder ${r.released} released` : undefined });
      state.hold = null;
      publish(run);
      return;
    } catch (err) {
      // The provider no longer honours this authorization: fall through to an off-session charge.
      if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentInvalid)) throw err;
      note(run, 'hold_expired', { detail: 'capture refused by the payment provider' });
    }
  }
  // The off-session charge; a decline leaves the collection to finance.
  const card = state.hold ?? state.lastHold;
  state.hold = null;
  if (!card) throw ApplicationFailure.nonRetryable('no saved payment method to charge');
  try {
    const r = await payments.chargeOffSession({
      replacementId: run.id,
      step: `${step}-charge`,
      hold: card,
      amount,
      email: run.input.customer.email,
      serviceNumber: run.id,
    });
    state.capturedAmount += r.amount;
    state.paymentRef = r.paymentId;
    state.holdState = 'charged';
    note(run, 'charged_off_session', { amount: r.amount });
  } catch (err) {
    if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentDeclined)) throw err;
    state.holdState = 'unsecured';
    flag(run, 'collection_required');
    note(run, 'charge_failed', { amount, detail: 'off-session charge declined; finance must collect' });
  }
  publish(run);
}
