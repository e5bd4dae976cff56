// Money movements at the payment provider, each with an idempotency key and a ledger row.
import { ApplicationFailure } from '@temporalio/activity';
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

export function createPaymentActivities(deps: { payment: PaymentGateway; ledger: Ledger }, now: () => number) {
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

  return {
    async authorizeHold(req: PaymentStep & { amount: MinorUnits; paymentMethodId: string; email: string; serviceNumber: string }): Promise<HoldSnapshot> {
      try {
        const auth = await deps.payment.authorizeHold({
          amount: req.amount,
          currency: CURRENCY,
          paymentMethodId: req.paymentMethodId,
          email: req.email,
          description: `Express replacement ${req.serviceNumber} (temporary hold)`,
          metadata: { replacement_id: req.replacementId, step: req.step },
          idempotencyKey: idempotencyKey(req.step),
        });
        await record(req.replacementId, req.step, 'authorized', auth.amount, auth.id);
        return snapshot(auth);
      } catch (err) {
        if (err instanceof PaymentDeclinedError) {
          await record(req.replacementId, req.step, 'authorization_failed', req.amount, undefined, err.declineCode ?? err.code);
        }
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
