// Money movements at the payment provider, each with an idempotency key and a ledger row.
import { ApplicationFailure } from '@temporalio/activity';
import type { NextAction } from '../src/domain/replacement';
import type { MinorUnits } from '../src/domain/types';
import type { Ledger, LedgerKind } from '../src/ports/ledger';
import { PaymentDeclinedError, PaymentInvalidRequestError, type Authorization, type PaymentGateway } from '../src/ports/payment-gateway';
import { NON_RETRYABLE_ERRORS } from '../workflows/definitions';
import { idempotencyKey } from './context';

/** What the workflow keeps of an authorization: enough to renew, capture or release it. */
export interface HoldSnapshot {
  authorizationId: string;
  amount: MinorUnits;
  captureBefore: number;
  extendedAuthorization: boolean;
  customerId: string;
  paymentMethodId: string;
  network?: string;
}

/** A hold the card's issuer wants the customer to authenticate first: nothing is held yet. */
export interface PendingAuthentication {
  authorizationId: string;
  nextAction: NextAction;
}

/** How a customer's authentication ended: the hold now exists, or the intent was cancelled (with why). */
export type AuthenticationConclusion = { hold: HoldSnapshot } | { hold: null; reason: string };

type HoldStepRequest = PaymentStep & { amount: MinorUnits; paymentMethodId: string; email: string; serviceNumber: string };

export interface PaymentStep {
  replacementId: string;
  /** Unique per logical money movement within the replacement; part of the idempotency key. */
  step: string;
}

const CURRENCY = 'nok';

function snapshot(a: Authorization): HoldSnapshot {
  return {
    authorizationId: a.id,
    amount: a.amount,
    captureBefore: a.captureBefore,
    extendedAuthorization: a.extendedAuthorization,
    customerId: a.customerId,
    paymentMethodId: a.paymentMethodId,
    network: a.network,
  };
}

/** Business outcomes become non-retryable failures; everything else is retried by Temporal. */
function mapPaymentError(err: unknown): never {
  if (err instanceof PaymentDeclinedError) {
    throw ApplicationFailure.create({
      message: err.message,
      type: NON_RETRYABLE_ERRORS.paymentDeclined,
      nonRetryable: true,
      details: [{ code: err.code, declineCode: err.declineCode ?? null }],
    });
  }
  if (err instanceof PaymentInvalidRequestError) {
    throw ApplicationFailure.create({
      message: err.message,
      type: NON_RETRYABLE_ERRORS.paymentInvalid,
      nonRetryable: true,
      details: [{ code: err.code ?? null }],
    });
  }
  throw err;
}

type PaymentDeps = { payment: PaymentGateway; ledger: Ledger };

/** Ledger rows for one provider, keyed from the activity's idempotency key and the movement's kind. */
function ledgerRecorder(deps: PaymentDeps, now: () => number) {
  const provider = deps.payment.name;
  async function record(replacementId: string, step: string, kind: LedgerKind, amount: MinorUnits, providerRef?: string, note?: string) {
    await deps.ledger.append({
      idempotencyKey: `${idempotencyKey(step)}:${kind}`,
      replacementId,
      kind,
      amount,
      currency: 'NOK',
      provider,
      providerRef,
      at: now(),
      note,
    });
  }

  return record;
}

function holdAuthorizer(deps: PaymentDeps, record: ReturnType<typeof ledgerRecorder>) {
  return async function authorize(req: HoldStepRequest, allowAuthentication: boolean): Promise<HoldSnapshot | PendingAuthentication> {
    try {
      const auth = await deps.payment.authorizeHold({
        ...(allowAuthentication ? { allowAuthentication } : {}),
        amount: req.amount,
        currency: CURRENCY,
        paymentMethodId: req.paymentMethodId,
        email: req.email,
        description: `Express replacement ${req.serviceNumber} (temporary hold)`,
        metadata: { replacement_id: req.replacementId, step: req.step },
        idempotencyKey: idempotencyKey(req.step),
      });
      // Waiting for the customer's authentication holds nothing yet: the ledger records it once it does.
      if (auth.status === 'requires_action' && auth.nextAction) return { authorizationId: auth.id, nextAction: auth.nextAction };
      await record(req.replacementId, req.step, 'authorized', auth.amount, auth.id);
      return snapshot(auth);
    } catch (err) {
      if (err instanceof PaymentDeclinedError) {
        await record(req.replacementId, req.step, 'authorization_failed', req.amount, undefined, err.declineCode ?? err.code);
      }
      return mapPaymentError(err);
    }
  };
}

export function createPaymentActivities(deps: PaymentDeps, now: () => number) {
  const record = ledgerRecorder(deps, now);
  const authorize = holdAuthorizer(deps, record);

  return {
    ...authenticationActivities(deps, record),
    async authorizeHold(req: HoldStepRequest): Promise<HoldSnapshot> {
      const attempt = await authorize(req, false);
      if ('nextAction' in attempt) throw new Error('unreachable: an authorization without allowAuthentication never waits for the customer');
      return attempt;
    },
    /** The hold, or — when the card asks for 3-D Secure — the intent waiting for the customer and what the browser must do. */
    async requestHold(req: HoldStepRequest): Promise<HoldSnapshot | PendingAuthentication> {
      return authorize(req, true);
    },
    async releaseHold(req: PaymentStep & { authorizationId: string }): Promise<{ released: MinorUnits }> {
      try {
        const r = await deps.payment.cancel({ authorizationId: req.authorizationId, idempotencyKey: idempotencyKey(req.step) });
        if (r.released > 0) await record(req.replacementId, req.step, 'released', r.released, req.authorizationId);
        return r;
      } catch (err) {
        return mapPaymentError(err);
      }
    },
    /** Captures `amount`; the provider releases the remainder of the hold. */
    async captureHold(req: PaymentStep & { authorizationId: string; amount: MinorUnits }): Promise<{ captured: MinorUnits; released: MinorUnits }> {
      try {
        const r = await deps.payment.capture({ authorizationId: req.authorizationId, amount: req.amount, idempotencyKey: idempotencyKey(req.step) });
        await record(req.replacementId, req.step, 'captured', r.captured, req.authorizationId);
        if (r.released > 0) await record(req.replacementId, req.step, 'released', r.released, req.authorizationId, 'remainder after partial capture');
        return { captured: r.captured, released: r.released };
      } catch (err) {
        return mapPaymentError(err);
      }
    },
    /** Used when no valid hold is left: charges the saved card without the customer present. */
    async chargeOffSession(
      req: PaymentStep & { hold: HoldSnapshot; amount: MinorUnits; email: string; serviceNumber: string },
    ): Promise<{ paymentId: string; amount: MinorUnits }> {
      try {
        const r = await deps.payment.chargeOffSession({
          amount: req.amount,
          currency: CURRENCY,
          paymentMethodId: req.hold.paymentMethodId,
          customerId: req.hold.customerId,
          email: req.email,
          description: `Express replacement ${req.serviceNumber}`,
          metadata: { replacement_id: req.replacementId, step: req.step },
          idempotencyKey: idempotencyKey(req.step),
        });
        await record(req.replacementId, req.step, 'charged', r.amount, r.paymentId);
        return r;
      } catch (err) {
        if (err instanceof PaymentDeclinedError) {
          await record(req.replacementId, req.step, 'charge_failed', req.amount, undefined, err.declineCode ?? err.code);
        }
        return mapPaymentError(err);
      }
    },
    async refundPayment(req: PaymentStep & { paymentId: string; amount: MinorUnits }): Promise<{ refundId: string; amount: MinorUnits }> {
      try {
        const r = await deps.payment.refund({ paymentId: req.paymentId, amount: req.amount, idempotencyKey: idempotencyKey(req.step) });
        await record(req.replacementId, req.step, 'refunded', r.amount, r.refundId);
        return r;
      } catch (err) {
        return mapPaymentError(err);
      }
    },
  };
}

function authenticationActivities(deps: PaymentDeps, record: ReturnType<typeof ledgerRecorder>) {
  return {
    /**
     * After the customer's authentication (or the end of the wait for it): an intent holding funds
     * becomes the hold, whatever the workflow last heard; anything else is cancelled (never left
     * dangling) and recorded as a failed authorization. `cancel` cancels it even if it holds funds.
     */
    async concludeAuthentication(
      req: PaymentStep & { authorizationId: string; amount: MinorUnits; cancel?: boolean; heardFailure?: boolean },
    ): Promise<AuthenticationConclusion> {
      try {
        const auth = await deps.payment.getAuthorization(req.authorizationId).catch((err: unknown) => {
          if (err instanceof PaymentInvalidRequestError) return null; // never authorized (the authentication failed)
          throw err;
        });
        if (auth?.status === 'requires_capture' && !req.cancel) {
          await record(req.replacementId, req.step, 'authorized', auth.amount, auth.id);
          return { hold: snapshot(auth) };
        }
        const held = auth?.status === 'requires_capture';
        // Held a moment ago and given back at once: both movements are the ledger's, as the provider reports them.
        if (held) await record(req.replacementId, req.step, 'authorized', auth.amount, auth.id);
        const { released } = await deps.payment.cancel({ authorizationId: req.authorizationId, idempotencyKey: idempotencyKey(`${req.step}-cancel`) });
        if (held && released > 0) await record(req.replacementId, `${req.step}-cancel`, 'released', released, auth.id);
        if (held) return { hold: null, reason: 'cancelled' };
        // Still waiting when the provider already said it failed, or the wait ran out: failed, or abandoned.
        const abandoned = auth?.status === 'requires_action' && !req.heardFailure;
        const reason = req.cancel ? 'cancelled' : abandoned ? 'authentication_abandoned' : 'authentication_failed';
        await record(req.replacementId, req.step, 'authorization_failed', req.amount, undefined, reason);
        return { hold: null, reason };
      } catch (err) {
        return mapPaymentError(err);
      }
    },
    /** Merchant-initiated re-authorization with the saved method (keeps the hold valid). */
    async reauthorizeHold(req: PaymentStep & { previous: HoldSnapshot; email: string; serviceNumber: string }): Promise<HoldSnapshot> {
      try {
        const auth = await deps.payment.reauthorize({
          amount: req.previous.amount,
          currency: CURRENCY,
          paymentMethodId: req.previous.paymentMethodId,
          customerId: req.previous.customerId,
          email: req.email,
          description: `Express replacement ${req.serviceNumber} (renewed hold)`,
          metadata: { replacement_id: req.replacementId, step: req.step, replaces: req.previous.authorizationId },
          idempotencyKey: idempotencyKey(req.step),
        });
        await record(req.replacementId, req.step, 're_authorized', auth.amount, auth.id, `replaces ${req.previous.authorizationId}`);
        return snapshot(auth);
      } catch (err) {
        if (err instanceof PaymentDeclinedError) {
          await record(req.replacementId, req.step, 'authorization_failed', req.previous.amount, undefined, err.declineCode ?? err.code);
        }
        return mapPaymentError(err);
      }
    },
  };
}
