// The narrow port the workflow's payment activities use. Implementations: the Stripe adapter and
// the sandbox that mirrors Stripe's semantics for the embedded default and tests.
import type { NextAction } from '../domain/replacement';
import type { MinorUnits } from '../domain/types';
import type { ProviderMovementKind } from '../domain/vocabulary';

/**
 * `requires_action`: the card asked for strong customer authentication; nothing is held until the
 * customer completes it (only `authorizeHold` with `allowAuthentication` returns it).
 */
export type AuthorizationStatus = 'requires_capture' | 'requires_action' | 'canceled' | 'succeeded' | 'processing';

export interface Authorization {
  /** Provider id of the authorization (a PaymentIntent id on Stripe). */
  id: string;
  status: AuthorizationStatus;
  amount: MinorUnits;
  amountCapturable: MinorUnits;
  amountReceived: MinorUnits;
  currency: string; // lower-case ISO code, as Stripe reports it
  /** Epoch ms after which the authorization can no longer be captured. */
  captureBefore: number;
  extendedAuthorization: boolean;
  customerId: string;
  paymentMethodId: string;
  /** Card network, when known ('visa', 'mastercard', …). */
  network?: string;
  /** With status `requires_action`: what the customer's browser must do. */
  nextAction?: NextAction;
}

export interface HoldRequest {
  amount: MinorUnits;
  currency: string;
  paymentMethodId: string;
  /** Reused when known (re-authorization); created from email otherwise. */
  customerId?: string;
  email: string;
  description: string;
  metadata: Record<string, string>;
  /** Derived from workflow id + step; never random. */
  idempotencyKey: string;
  /**
   * Ask the network for an extended authorization window where the card supports it (Stripe's
   * `request_extended_authorization: 'if_available'`). Default true: holds must outlive the return window.
   */
  requestExtendedAuthorization?: boolean;
  /**
   * The caller can wait for the customer to authenticate (3-D Secure): an intent that asks for it
   * comes back `requires_action` with its `nextAction` instead of being cancelled and declined.
   */
  allowAuthentication?: boolean;
}

export interface CaptureResult {
  authorizationId: string;
  captured: MinorUnits;
  released: MinorUnits;
}

export interface ChargeResult {
  paymentId: string;
  amount: MinorUnits;
}

export interface RefundResult {
  refundId: string;
  amount: MinorUnits;
}

export type MovementKind = ProviderMovementKind;

/** One money movement as the provider records it, for reconciliation against the ledger. */
export interface ProviderMovement {
  replacementId: string;
  kind: MovementKind;
  amount: MinorUnits;
  /** The id the ledger records for the same movement (authorization, payment or refund id). */
  providerRef: string;
  at: number; // epoch ms
}

export interface PaymentGateway {
  readonly name: string;
  /** Customer-initiated authorization with manual capture; saves the method for off-session use. */
  authorizeHold(req: HoldRequest): Promise<Authorization>;
  getAuthorization(id: string): Promise<Authorization>;
  /** Merchant-initiated (off-session) authorization with the saved method. */
  reauthorize(req: HoldRequest & { customerId: string }): Promise<Authorization>;
  /** Capture `amount` (≤ capturable); the rest is released by the provider. */
  capture(req: { authorizationId: string; amount: MinorUnits; idempotencyKey: string }): Promise<CaptureResult>;
  /** Release the whole hold. Cancelling an already-cancelled authorization is not an error. */
  cancel(req: { authorizationId: string; idempotencyKey: string }): Promise<{ released: MinorUnits }>;
  /** Off-session charge with the saved method (used when a hold could not be kept valid). */
  chargeOffSession(req: HoldRequest & { customerId: string }): Promise<ChargeResult>;
  refund(req: { paymentId: string; amount: MinorUnits; idempotencyKey: string }): Promise<RefundResult>;
  /**
   * Movements with `from ≤ at < to` (epoch ms). Optional: a provider without a listing API cannot
   * be reconciled automatically, and the reconciliation says so instead of reporting false findings.
   */
  listMovements?(range: { from: number; to: number }): Promise<ProviderMovement[]>;
}

/** A business outcome, not a fault: never retried. */
export class PaymentDeclinedError extends Error {
  override readonly name = 'PaymentDeclinedError';
  constructor(
    message: string,
    readonly code: string,
    readonly declineCode?: string,
  ) {
    super(message);
  }
}

/** The request itself is wrong (bad amount, unknown id, state conflict): never retried. */
export class PaymentInvalidRequestError extends Error {
  override readonly name = 'PaymentInvalidRequestError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * The provider could not be reached or asked us to back off (rate limit, connection failure, 5xx,
 * idempotent request still in flight). Retry with the same idempotency key: the provider either
 * never ran the request or returns the stored result.
 */
export class PaymentTransientError extends Error {
  override readonly name = 'PaymentTransientError';
  readonly retryable = true;
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * The provider rejected our credentials or permissions. Retryable on purpose: an operator fixes the
 * key and the activity carries on, instead of failing a customer's replacement over an ops error.
 */
export class PaymentConfigurationError extends Error {
  override readonly name = 'PaymentConfigurationError';
  readonly retryable = true;
  constructor(message: string) {
    super(message);
  }
}

/** Error names an activity retry policy must not retry (Temporal matches on `error.name`). */
export const NON_RETRYABLE_PAYMENT_ERRORS = ['PaymentDeclinedError', 'PaymentInvalidRequestError'] as const;
