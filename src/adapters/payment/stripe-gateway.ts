// The payment port on Stripe: a hold is a PaymentIntent with manual capture, confirmed at once
// with the customer's card, which is saved for the off-session re-authorizations and charges that
// keep the hold valid (DESIGN.md §5). Every POST carries the caller's idempotency key, so a retried
// or replayed activity gets Stripe's stored result instead of a second side effect.
import Stripe from 'stripe';

import type { MinorUnits } from '../../domain/types';
import {
  type Authorization,
  type AuthorizationStatus,
  type CaptureResult,
  type ChargeResult,
  type HoldRequest,
  type PaymentGateway,
  type ProviderMovement,
  type RefundResult,
  PaymentConfigurationError,
  PaymentDeclinedError,
  PaymentInvalidRequestError,
  PaymentTransientError,
} from '../../ports/payment-gateway';
import { MOVEMENT_EVENT_TYPES, movementsFromEvent, type MovementLookups } from './stripe-movements';

export interface StripeGatewayOptions {
  secretKey: string;
  /** Point at stripe-mock or a proxy; defaults to api.stripe.com over https. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** Per-request timeout; keep it below the activity's start-to-close timeout. Default 20 s. */
  timeoutMs?: number;
  /** The SDK's own quick retries (same idempotency key). Default 1; Temporal retries beyond that. */
  maxNetworkRetries?: number;
  /** Replace the SDK's HTTP client (proxies, request recording in tests). */
  httpClient?: Stripe.HttpClient;
}

/** Stripe's authorization window when the charge does not report `capture_before`: the shortest one (Visa MIT). */
const FALLBACK_WINDOW_MS = (4 * 24 + 18) * 60 * 60 * 1000;

const AUTHORIZATION_STATUSES: readonly AuthorizationStatus[] = ['requires_capture', 'requires_action', 'canceled', 'succeeded', 'processing'];

type ExpandedIntent = Stripe.PaymentIntent & { latest_charge: Stripe.Charge | string | null };

export class StripePaymentGateway implements PaymentGateway {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(options: StripeGatewayOptions) {
    if (!options.secretKey) throw new Error('StripePaymentGateway: secretKey is required');
    this.stripe = new Stripe(options.secretKey, {
      host: options.host,
      port: options.port,
      protocol: options.protocol,
      timeout: options.timeoutMs ?? 20_000,
      maxNetworkRetries: options.maxNetworkRetries ?? 1,
      httpClient: options.httpClient,
      appInfo: { name: 'express-replacement' },
    });
  }

  async authorizeHold(req: HoldRequest): Promise<Authorization> {
    requireKey(req.idempotencyKey);
    return this.map(async () => {
      const customerId = req.customerId ?? (await this.customerFor(req.email, req.idempotencyKey));
      const intent = await this.stripe.paymentIntents.create(
        {
          ...this.intentParams(req, customerId),
          capture_method: 'manual',
          confirm: true,
          setup_future_usage: 'off_session', // saves the card for re-authorization and off-session charges
        },
        { idempotencyKey: req.idempotencyKey },
      );
      return this.authorized(intent as ExpandedIntent, req.idempotencyKey, req.allowAuthentication === true);
    });
  }

  async getAuthorization(id: string): Promise<Authorization> {
    return this.map(async () => {
      const intent = await this.stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] });
      return toAuthorization(intent as ExpandedIntent);
    });
  }

  async reauthorize(req: HoldRequest & { customerId: string }): Promise<Authorization> {
    requireKey(req.idempotencyKey);
    return this.map(async () => {
      // Merchant-initiated with the saved card: Stripe declines with authentication_required rather
      // than asking for 3-D Secure, since the customer is not there to complete it.
      const intent = await this.stripe.paymentIntents.create(
        { ...this.intentParams(req, req.customerId), capture_method: 'manual', confirm: true, off_session: true },
        { idempotencyKey: req.idempotencyKey },
      );
      return this.authorized(intent as ExpandedIntent, req.idempotencyKey);
    });
  }

  async capture(req: { authorizationId: string; amount: MinorUnits; idempotencyKey: string }): Promise<CaptureResult> {
    requireKey(req.idempotencyKey);
    return this.map(async () => {
      const intent = await this.stripe.paymentIntents.capture(req.authorizationId, { amount_to_capture: req.amount }, { idempotencyKey: req.idempotencyKey });
      // A single capture closes the authorization; whatever was not captured is released.
      return { authorizationId: intent.id, captured: intent.amount_received, released: intent.amount - intent.amount_received };
    });
  }

  /** Releases the hold; an authorization that is already canceled (by us or by expiry) returns `released: 0`. */
  async cancel(req: { authorizationId: string; idempotencyKey: string }): Promise<{ released: MinorUnits }> {
    requireKey(req.idempotencyKey);
    return this.map(async () => {
      try {
        const intent = await this.stripe.paymentIntents.cancel(req.authorizationId, {}, { idempotencyKey: req.idempotencyKey });
        return { released: intent.amount - intent.amount_received };
      } catch (err) {
        if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_intent_unexpected_state') {
          // Stripe embeds the intent in the error; read it if not, to tell "already canceled" from "captured".
          const status = err.payment_intent?.status ?? (await this.stripe.paymentIntents.retrieve(req.authorizationId)).status;
          if (status === 'canceled') return { released: 0 };
        }
        throw err;
      }
    });
  }

  async chargeOffSession(req: HoldRequest & { customerId: string }): Promise<ChargeResult> {
    requireKey(req.idempotencyKey);
    return this.map(async () => {
      const intent = await this.stripe.paymentIntents.create(
        { ...this.intentParams(req, req.customerId), capture_method: 'automatic', confirm: true, off_session: true },
        { idempotencyKey: req.idempotencyKey },
      );
      if (intent.status === 'succeeded' || intent.status === 'processing') {
        return { paymentId: intent.id, amount: intent.amount_received || intent.amount };
      }
      throw unexpectedState(intent);
    });
  }

  /** Money movements in `[from, to)` from Stripe's event log (see stripe-movements.ts); read-only. */
  async listMovements(range: { from: number; to: number }): Promise<ProviderMovement[]> {
    return this.map(async () => {
      const replacements = new Map<string, Promise<string | undefined>>();
      const charges = new Map<string, Promise<boolean>>();
      const lookups: MovementLookups = {
        replacementOf: (id) => cached(replacements, id, async () => (await this.stripe.paymentIntents.retrieve(id)).metadata?.replacement_id),
        chargeSucceeded: (id) => cached(charges, id, async () => (await this.stripe.charges.retrieve(id)).status === 'succeeded'),
      };
      const out: ProviderMovement[] = [];
      const events = this.stripe.events.list({
        created: { gte: Math.floor(range.from / 1000), lt: Math.ceil(range.to / 1000) },
        types: [...MOVEMENT_EVENT_TYPES],
        limit: 100,
      });
      for await (const event of events) out.push(...(await movementsFromEvent(event, lookups)));
      return out.filter((m) => m.at >= range.from && m.at < range.to).sort((a, b) => a.at - b.at);
    });
  }

  async refund(req: { paymentId: string; amount: MinorUnits; idempotencyKey: string }): Promise<RefundResult> {
    requireKey(req.idempotencyKey);
    return this.map(async () => {
      const refund = await this.stripe.refunds.create({ payment_intent: req.paymentId, amount: req.amount }, { idempotencyKey: req.idempotencyKey });
      if (refund.status === 'failed' || refund.status === 'canceled') {
        throw new PaymentInvalidRequestError(`Refund ${refund.id} ${refund.status}.`, 'refund_failed');
      }
      return { refundId: refund.id, amount: refund.amount };
    });
  }

  // --- internals -----------------------------------------------------------------------------

  private intentParams(req: HoldRequest, customerId: string): Stripe.PaymentIntentCreateParams {
    return {
      amount: req.amount,
      currency: req.currency.toLowerCase(),
      customer: customerId,
      payment_method: req.paymentMethodId,
      // Cards only: with confirm=true and no return_url, redirect-based methods would be refused.
      allowed_payment_method_types: ['card'],
      description: req.description,
      metadata: req.metadata,
      payment_method_options: {
        card: { request_extended_authorization: req.requestExtendedAuthorization === false ? 'never' : 'if_available' },
      },
      expand: ['latest_charge'],
    };
  }

  /** The oldest customer with this email, or a new one (keyed off the hold's key, so a retry reuses it). */
  private async customerFor(email: string, idempotencyKey: string): Promise<string> {
    // list, not search: search is eventually consistent and would miss a customer created a moment ago
    const existing = await this.stripe.customers.list({ email, limit: 100 });
    const oldest = [...existing.data].sort((a, b) => a.created - b.created)[0];
    if (oldest) return oldest.id;
    const created = await this.stripe.customers.create({ email }, { idempotencyKey: `${idempotencyKey}:customer` });
    return created.id;
  }

  /** A confirmed manual-capture intent must be holding funds; anything else is not a hold. */
  private async authorized(intent: ExpandedIntent, idempotencyKey: string, allowAuthentication = false): Promise<Authorization> {
    if (intent.status === 'requires_capture') return toAuthorization(intent);
    if (intent.status === 'requires_action' && allowAuthentication && intent.client_secret) {
      // The card wants 3-D Secure: the customer's browser completes it with Stripe.js
      // (`handleNextAction` with the client secret); the webhook then tells how it went.
      return { ...toAuthorization(intent), nextAction: { type: 'stripe_sdk', clientSecret: intent.client_secret } };
    }
    if (intent.status === 'requires_action') {
      // The card wants 3-D Secure and the caller cannot wait for the customer. Cancel the dangling
      // intent (it holds no funds) and report the decline the customer can act on.
      await this.stripe.paymentIntents.cancel(intent.id, {}, { idempotencyKey: `${idempotencyKey}:abandon` }).catch(() => undefined);
      throw new PaymentDeclinedError('This card requires authentication.', 'authentication_required', 'authentication_required');
    }
    const error = intent.last_payment_error;
    if (intent.status === 'requires_payment_method' && error) {
      throw new PaymentDeclinedError(error.message ?? 'The card was declined.', error.code ?? 'card_declined', error.decline_code);
    }
    throw unexpectedState(intent);
  }

  /** Runs a Stripe call and translates its errors into the port's error classes. */
  private async map<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw mapStripeError(err);
    }
  }
}

function cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) cache.set(key, (hit = load()));
  return hit;
}

/** Stripe's errors → the port's. Declines and bad requests are final; the rest is worth retrying. */
export function mapStripeError(err: unknown): unknown {
  if (!(err instanceof Stripe.errors.StripeError)) return err;
  const E = Stripe.errors;
  if (err instanceof E.StripeCardError) {
    return new PaymentDeclinedError(err.message, err.code ?? 'card_declined', err.decline_code ?? undefined);
  }
  if (err instanceof E.StripeIdempotencyError) return new PaymentInvalidRequestError(err.message, 'idempotency_error');
  if (err instanceof E.StripeRateLimitError) return new PaymentTransientError(err.message, 'rate_limit');
  if (err instanceof E.StripeConnectionError) return new PaymentTransientError(err.message, 'connection_error');
  if (err instanceof E.StripeAuthenticationError || err instanceof E.StripePermissionError) {
    return new PaymentConfigurationError(err.message);
  }
  if (err instanceof E.StripeInvalidRequestError) {
    // Stripe answers 400 `lock_timeout` when another request holds the same object: transient.
    if (err.code === 'lock_timeout') return new PaymentTransientError(err.message, err.code);
    return new PaymentInvalidRequestError(err.message, err.code);
  }
  // StripeAPIError: 5xx, and 409 for an idempotent request still in flight.
  return new PaymentTransientError(err.message, err.code ?? `http_${err.statusCode ?? 'unknown'}`);
}

export function toAuthorization(intent: ExpandedIntent): Authorization {
  const status = intent.status as string;
  if (!AUTHORIZATION_STATUSES.includes(status as AuthorizationStatus)) throw unexpectedState(intent);
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const card = charge?.payment_method_details?.card ?? null;
  const captureBefore = card?.capture_before ? card.capture_before * 1000 : intent.created * 1000 + FALLBACK_WINDOW_MS;
  return {
    id: intent.id,
    status: status as AuthorizationStatus,
    amount: intent.amount,
    amountCapturable: intent.amount_capturable,
    amountReceived: intent.amount_received,
    currency: intent.currency,
    captureBefore,
    extendedAuthorization: card?.extended_authorization?.status === 'enabled',
    customerId: idOf(intent.customer) ?? '',
    paymentMethodId: idOf(intent.payment_method) ?? '',
    network: card?.network ?? card?.brand ?? undefined,
  };
}

function idOf(ref: string | { id: string } | null | undefined): string | undefined {
  if (!ref) return undefined;
  return typeof ref === 'string' ? ref : ref.id;
}

function unexpectedState(intent: Stripe.PaymentIntent): PaymentInvalidRequestError {
  return new PaymentInvalidRequestError(
    `PaymentIntent ${intent.id} is in status ${intent.status}, not an authorization this service can use.`,
    'payment_intent_unexpected_state',
  );
}

function requireKey(key: string): void {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new PaymentInvalidRequestError('An idempotency key is required for every payment call.', 'idempotency_key_required');
  }
}
