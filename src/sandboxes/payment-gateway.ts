// A local payment provider with Stripe's semantics, for the embedded default (no account, no keys)
// and for tests. It keeps state (customers, saved cards, authorizations, refunds, idempotency keys)
// in a JSON file so holds survive restarts, expires authorizations on an injectable clock, and can
// inject the faults a real network produces. It is deliberately stricter than Stripe in one place:
// a mutating call without an idempotency key is rejected, because our code must always send one.
//
// Test payment methods (Stripe's ids, plus one of ours):
//   pm_card_visa, pm_card_mastercard, pm_card_amex          authorize and charge normally
//   pm_card_chargeDeclined                                   declined: card_declined / generic_decline
//   pm_card_chargeDeclinedInsufficientFunds                  declined: card_declined / insufficient_funds
//   pm_card_authenticationRequired                           needs 3-D Secure on every on-session payment:
//                                                            with `allowAuthentication` the intent comes
//                                                            back requires_action with a challenge page
//                                                            (`nextAction.url`) where the customer
//                                                            approves or fails it; without, declined:
//                                                            authentication_required. Once authenticated
//                                                            and saved, off-session payments succeed;
//                                                            off-session before that: authentication_required
//   pm_card_{visa,mastercard,amex}_chargeDeclinedOffSession  authorizes on-session; every off-session
//                                                            payment (re-authorization, charge) is
//                                                            declined: card_declined / generic_decline
//
// Like Stripe, a successful on-session authorization saves the card to the customer under a new
// id (`Authorization.paymentMethodId`); off-session calls must use that saved id and its customer.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { MinorUnits } from '../domain/types';
import {
  type Authorization,
  type AuthorizationStatus,
  type CaptureResult,
  type ChargeResult,
  type HoldRequest,
  type PaymentGateway,
  type ProviderMovement,
  type RefundResult,
  PaymentDeclinedError,
  PaymentInvalidRequestError,
  PaymentTransientError,
} from '../ports/payment-gateway';
import type { ChallengeInfo, PaymentChallenge } from '../ports/payment-challenge';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** How long an uncaptured authorization stays capturable, by network and initiator. */
export const AUTHORIZATION_WINDOWS_MS = {
  visa: { customer: 7 * DAY, merchant: 4 * DAY + 18 * HOUR },
  mastercard: { customer: 7 * DAY, merchant: 7 * DAY, extended: 30 * DAY },
  amex: { customer: 7 * DAY, merchant: 7 * DAY },
} as const;

type Network = keyof typeof AUTHORIZATION_WINDOWS_MS;
type Initiator = 'customer' | 'merchant';

interface DeclineSpec {
  code: string;
  declineCode: string;
  message: string;
}

interface TestCard {
  network: Network;
  brand: Network;
  last4: string;
  onSession?: DeclineSpec;
  offSession?: DeclineSpec;
}

const GENERIC_DECLINE: DeclineSpec = {
  code: 'card_declined',
  declineCode: 'generic_decline',
  message: 'Your card was declined.',
};
const AUTHENTICATION_REQUIRED: DeclineSpec = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

const AUTHENTICATION_FAILED: DeclineSpec = {
  code: 'payment_intent_authentication_failure',
  declineCode: 'authentication_failed',
  message: 'The card could not be authenticated.',
};

/** The test payment-method ids the sandbox understands and how each behaves. */
export const SANDBOX_TEST_PAYMENT_METHODS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { network: 'visa', brand: 'visa', last4: '4242' },
  pm_card_mastercard: { network: 'mastercard', brand: 'mastercard', last4: '4444' },
  pm_card_amex: { network: 'amex', brand: 'amex', last4: '8431' },
  pm_card_chargeDeclined: { network: 'visa', brand: 'visa', last4: '0002', onSession: GENERIC_DECLINE, offSession: GENERIC_DECLINE },
  pm_card_chargeDeclinedInsufficientFunds: {
    network: 'visa',
    brand: 'visa',
    last4: '9995',
    onSession: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    offSession: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  pm_card_authenticationRequired: {
    network: 'visa',
    brand: 'visa',
    last4: '3184',
    onSession: AUTHENTICATION_REQUIRED,
    offSession: AUTHENTICATION_REQUIRED,
  },
  pm_card_visa_chargeDeclinedOffSession: { network: 'visa', brand: 'visa', last4: '0341', offSession: GENERIC_DECLINE },
  pm_card_mastercard_chargeDeclinedOffSession: { network: 'mastercard', brand: 'mastercard', last4: '0341', offSession: GENERIC_DECLINE },
  pm_card_amex_chargeDeclinedOffSession: { network: 'amex', brand: 'amex', last4: '0341', offSession: GENERIC_DECLINE },
};

/** Stripe's minimum charge amounts, in minor units, for the currencies we are likely to see. */
const MINIMUM_AMOUNT: Record<string, number> = { nok: 300, sek: 300, dkk: 250, eur: 50, usd: 50, gbp: 30 };

const DEFAULT_IDEMPOTENCY_TTL_MS = DAY; // Stripe prunes keys after at least 24 hours
const MAX_EVENTS = 2000;
const MAX_JOURNAL = 5000;

// ---------------------------------------------------------------------------------------------
// Stripe-shaped objects: the events carry these so one normalizer serves Stripe and the sandbox.

export interface SandboxPaymentIntentObject {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  status: IntentStatus;
  capture_method: 'manual' | 'automatic';
  cancellation_reason: string | null;
  canceled_at: number | null;
  created: number;
  customer: string;
  payment_method: string;
  latest_charge: string | null;
  description: string;
  metadata: Record<string, string>;
}

export interface SandboxChargeObject {
  id: string;
  object: 'charge';
  payment_intent: string;
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  refunded: boolean;
  currency: string;
  created: number;
  customer: string;
  metadata: Record<string, string>;
  payment_method_details: {
    type: 'card';
    card: {
      brand: string;
      network: string;
      last4: string;
      capture_before: number | null;
      extended_authorization: { status: 'enabled' | 'disabled' };
    };
  };
}

export type SandboxEventType =
  | 'payment_intent.amount_capturable_updated'
  | 'payment_intent.canceled'
  | 'payment_intent.succeeded'
  | 'payment_intent.payment_failed'
  | 'charge.expired'
  | 'charge.captured'
  | 'charge.refunded';

/** Shaped like a Stripe event (`id`, `type`, `created` in seconds, `data.object`). */
export interface SandboxEvent {
  id: string;
  object: 'event';
  type: SandboxEventType;
  created: number;
  livemode: false;
  data: { object: SandboxPaymentIntentObject | SandboxChargeObject };
}

// ---------------------------------------------------------------------------------------------
// Persistent state

type IntentStatus = 'requires_payment_method' | 'requires_action' | 'requires_capture' | 'canceled' | 'succeeded';

interface CustomerRecord {
  id: string;
  email: string;
  created: number;
}

interface PaymentMethodRecord {
  id: string;
  /** The test id it was created from; carries the card's behaviour. */
  testCard: string;
  customerId: string;
  created: number;
  /** Saved by a payment the customer authenticated (3-D Secure): off-session use needs no new authentication. */
  authenticated?: boolean;
}

interface IntentRecord {
  id: string;
  chargeId: string;
  created: number;
  amount: number;
  amountCapturable: number;
  amountReceived: number;
  amountRefunded: number;
  currency: string;
  status: IntentStatus;
  captureMethod: 'manual' | 'automatic';
  initiator: Initiator;
  customerId: string;
  paymentMethodId: string;
  testCard: string;
  network: Network;
  captureBefore: number | null;
  extendedAuthorization: boolean;
  cancellationReason: string | null;
  canceledAt: number | null;
  capturedAt: number | null;
  /** Captures that executed; a second one would be a duplicated capture. */
  captureCount: number;
  description: string;
  metadata: Record<string, string>;
  lastPaymentError: DeclineSpec | null;
}

interface RefundRecord {
  id: string;
  paymentIntentId: string;
  amount: number;
  created: number;
}

interface SerializedError {
  name: 'PaymentDeclinedError' | 'PaymentInvalidRequestError';
  message: string;
  code?: string;
  declineCode?: string;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: SerializedError };

interface IdempotencyRecord {
  fingerprint: string;
  method: SandboxMethod;
  createdAt: number;
  outcome: Outcome;
}

export interface JournalEntry {
  at: number;
  method: SandboxMethod;
  idempotencyKey: string | null;
  /** True when the call was answered from a stored idempotent result (no side effect). */
  replayed: boolean;
  outcome: 'ok' | 'declined' | 'invalid_request' | 'transient';
  /** The PaymentIntent the call created or acted on, when there is one. */
  intentId?: string;
}

interface SandboxState {
  version: 1;
  customers: Record<string, CustomerRecord>;
  paymentMethods: Record<string, PaymentMethodRecord>;
  intents: Record<string, IntentRecord>;
  refunds: Record<string, RefundRecord>;
  idempotency: Record<string, IdempotencyRecord>;
  events: SandboxEvent[];
  journal: JournalEntry[];
}

function emptyState(): SandboxState {
  return { version: 1, customers: {}, paymentMethods: {}, intents: {}, refunds: {}, idempotency: {}, events: [], journal: [] };
}

// ---------------------------------------------------------------------------------------------
// Options and inspection types

export type SandboxMethod =
  'authorizeHold' | 'reauthorize' | 'getAuthorization' | 'capture' | 'cancel' | 'chargeOffSession' | 'refund' | 'completeAuthentication';

/** An intent as its 3-D Secure challenge page shows it. */
export type SandboxChallenge = ChallengeInfo;

export interface SandboxFaults {
  /** Probability (0–1) that a call fails with PaymentTransientError before doing anything. */
  transientErrorRate?: number;
  /** Probability (0–1) that a call executes and commits, then loses its response (PaymentTransientError). */
  lostResponseRate?: number;
  /** Added to every call: a fixed delay or a uniform range. */
  latencyMs?: number | { min: number; max: number };
  /** Source of randomness for the rates and the latency range; inject for reproducible tests. */
  random?: () => number;
}

export interface SandboxGatewayOptions {
  /** JSON state file. Required unless `inMemory` is true. */
  path?: string;
  /** Keep state in memory only (tests). */
  inMemory?: boolean;
  /** Epoch ms; inject when the caller's notion of time is not the wall clock (time-skipping tests). */
  clock?: () => number;
  /** Called after each event is committed; delivery is best-effort, like a webhook without retries. */
  onEvent?: (event: SandboxEvent) => void | Promise<void>;
  /**
   * Where the API serves the challenge page of a card asking for 3-D Secure (`/sandbox/3ds/:id`
   * under it). Default '': a path on the same origin as the portal.
   */
  challengeBaseUrl?: string;
  /** How long an idempotency key is remembered. Default 24 h, as on Stripe. */
  idempotencyKeyTtlMs?: number;
  faults?: SandboxFaults;
}

/** An authorization plus what tests and operators need to see about it. */
export interface SandboxAuthorization extends Authorization {
  initiator: Initiator;
  createdAt: number;
  canceledAt: number | null;
  cancellationReason: string | null;
  capturedAt: number | null;
  captureCount: number;
  amountRefunded: MinorUnits;
  description: string;
  metadata: Record<string, string>;
}

export interface AuthorizationFilter {
  metadata?: Record<string, string>;
  customerId?: string;
  status?: AuthorizationStatus | AuthorizationStatus[];
}

interface PlannedFault {
  method: SandboxMethod | '*';
  remaining: number;
  phase: 'before' | 'after';
}

/** Thrown inside an operation when the request is malformed: Stripe stores no idempotent result for those. */
class ValidationFailure extends PaymentInvalidRequestError {}

// ---------------------------------------------------------------------------------------------

export class SandboxPaymentGateway implements PaymentGateway {
  readonly name = 'sandbox';

  private state: SandboxState;
  private readonly file: string | null;
  private fileStamp: string | null = null;
  private readonly clock: () => number;
  private readonly onEvent?: (event: SandboxEvent) => void | Promise<void>;
  private readonly idempotencyTtlMs: number;
  private readonly challengeBaseUrl: string;
  private faults: SandboxFaults;
  private planned: PlannedFault[] = [];

  constructor(options: SandboxGatewayOptions) {
    if (options.inMemory && options.path) throw new Error('SandboxPaymentGateway: give either path or inMemory, not both');
    if (!options.inMemory && !options.path) throw new Error('SandboxPaymentGateway: a state file path is required (or inMemory: true)');
    this.file = options.inMemory ? null : path.resolve(options.path!);
    this.clock = options.clock ?? Date.now;
    this.onEvent = options.onEvent;
    this.idempotencyTtlMs = options.idempotencyKeyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
    this.challengeBaseUrl = (options.challengeBaseUrl ?? '').replace(/\/+$/, '');
    this.faults = { ...options.faults };
    this.state = emptyState();
    this.reloadIfChanged();
  }

  // --- the port ------------------------------------------------------------------------------

  async authorizeHold(req: HoldRequest): Promise<Authorization> {
    return this.call('authorizeHold', req.idempotencyKey, holdParams(req), (now, events) => this.authorize(req, 'customer', now, events));
  }

  async reauthorize(req: HoldRequest & { customerId: string }): Promise<Authorization> {
    return this.call('reauthorize', req.idempotencyKey, holdParams(req), (now, events) => this.authorize(req, 'merchant', now, events));
  }

  async getAuthorization(id: string): Promise<Authorization> {
    return this.call('getAuthorization', null, { id }, () => {
      const intent = this.intent(id);
      if (intent.status === 'requires_payment_method') {
        throw new PaymentInvalidRequestError(`PaymentIntent ${id} was never authorized (status requires_payment_method).`, 'payment_intent_unexpected_state');
      }
      return { value: toAuthorization(intent), intentId: intent.id };
    });
  }

  async capture(req: { authorizationId: string; amount: MinorUnits; idempotencyKey: string }): Promise<CaptureResult> {
    const params = { authorizationId: req.authorizationId, amount: req.amount };
    return this.call('capture', req.idempotencyKey, params, (now, events) => {
      validateAmount(req.amount, 'amount_to_capture');
      const intent = this.intent(req.authorizationId);
      if (intent.captureMethod !== 'manual') {
        throw new PaymentInvalidRequestError(`PaymentIntent ${intent.id} does not use manual capture.`, 'payment_intent_unexpected_state');
      }
      if (intent.status === 'canceled' && intent.cancellationReason === 'automatic') {
        throw new PaymentInvalidRequestError('The charge cannot be captured as the authorization has expired.', 'charge_expired_for_capture');
      }
      if (intent.status !== 'requires_capture') {
        throw new PaymentInvalidRequestError(
          `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
          'payment_intent_unexpected_state',
        );
      }
      if (req.amount > intent.amountCapturable) {
        throw new PaymentInvalidRequestError(
          `The amount to capture (${req.amount}) is greater than the amount capturable (${intent.amountCapturable}).`,
          'amount_too_large',
        );
      }
      const released = intent.amountCapturable - req.amount;
      intent.amountReceived = req.amount;
      intent.amountCapturable = 0;
      intent.status = 'succeeded';
      intent.capturedAt = now;
      intent.captureCount += 1;
      events.push(this.event('charge.captured', chargeObject(intent), now));
      events.push(this.event('payment_intent.succeeded', intentObject(intent), now));
      return { value: { authorizationId: intent.id, captured: req.amount, released }, intentId: intent.id };
    });
  }

  /**
   * Releases the hold. An authorization that is already canceled (by us, or automatically on expiry)
   * returns `released: 0` instead of Stripe's error: the port promises cancel is safe to repeat.
   */
  async cancel(req: { authorizationId: string; idempotencyKey: string }): Promise<{ released: MinorUnits }> {
    return this.call('cancel', req.idempotencyKey, { authorizationId: req.authorizationId }, (now, events) => {
      const intent = this.intent(req.authorizationId);
      if (intent.status === 'canceled') return { value: { released: 0 }, intentId: intent.id };
      if (intent.status === 'succeeded') {
        throw new PaymentInvalidRequestError('You cannot cancel this PaymentIntent because it has a status of succeeded.', 'payment_intent_unexpected_state');
      }
      const released = intent.amountCapturable;
      intent.status = 'canceled';
      intent.amountCapturable = 0;
      intent.canceledAt = now;
      intent.cancellationReason = null; // Stripe leaves it null unless the caller gives a reason
      events.push(this.event('payment_intent.canceled', intentObject(intent), now));
      return { value: { released }, intentId: intent.id };
    });
  }

  async chargeOffSession(req: HoldRequest & { customerId: string }): Promise<ChargeResult> {
    return this.call('chargeOffSession', req.idempotencyKey, holdParams(req), (now, events) => {
      const { customer, method, card } = this.resolvePayment(req, 'merchant', now);
      const intent = this.newIntent(req, customer.id, method, card, 'automatic', 'merchant', now);
      const decline = this.offSessionDecline(card, req.paymentMethodId);
      if (decline) return this.decline(intent, decline, now, events);
      intent.status = 'succeeded';
      intent.amountReceived = intent.amount;
      intent.capturedAt = now;
      events.push(this.event('payment_intent.succeeded', intentObject(intent), now));
      return { value: { paymentId: intent.id, amount: intent.amount }, intentId: intent.id };
    });
  }

  async refund(req: { paymentId: string; amount: MinorUnits; idempotencyKey: string }): Promise<RefundResult> {
    const params = { paymentId: req.paymentId, amount: req.amount };
    return this.call('refund', req.idempotencyKey, params, (now, events) => {
      validateAmount(req.amount, 'amount');
      const intent = this.intent(req.paymentId);
      if (intent.status !== 'succeeded') {
        throw new PaymentInvalidRequestError(`PaymentIntent ${intent.id} has no captured charge to refund (status ${intent.status}).`, 'charge_not_refundable');
      }
      const refundable = intent.amountReceived - intent.amountRefunded;
      if (req.amount > refundable) {
        throw new PaymentInvalidRequestError(`Refund amount (${req.amount}) is greater than unrefunded amount on charge (${refundable}).`, 'amount_too_large');
      }
      const refund: RefundRecord = { id: newId('re'), paymentIntentId: intent.id, amount: req.amount, created: now };
      this.state.refunds[refund.id] = refund;
      intent.amountRefunded += req.amount;
      events.push(this.event('charge.refunded', chargeObject(intent), now));
      return { value: { refundId: refund.id, amount: req.amount }, intentId: intent.id };
    });
  }

  // --- 3-D Secure ----------------------------------------------------------------------------

  /** What the challenge page shows of an intent waiting for the customer; undefined for an unknown id. */
  pendingAuthentication(id: string): SandboxChallenge | undefined {
    this.touch();
    const intent = typeof id === 'string' ? this.state.intents[id] : undefined;
    if (!intent) return undefined;
    const card = SANDBOX_TEST_PAYMENT_METHODS[intent.testCard];
    return {
      authorizationId: intent.id,
      status: intent.status,
      amount: intent.amount,
      currency: intent.currency,
      description: intent.description,
      brand: card?.brand ?? intent.network,
      last4: card?.last4 ?? '0000',
    };
  }

  /**
   * The customer's answer on the challenge page, with Stripe's consequences: approved, the funds
   * are held and the card saved for off-session use (`payment_intent.amount_capturable_updated`);
   * failed, the intent needs another payment method (`payment_intent.payment_failed`).
   */
  async completeAuthentication(id: string, outcome: 'approve' | 'fail'): Promise<Authorization> {
    this.reloadIfChanged();
    const now = this.clock();
    const events: SandboxEvent[] = [];
    this.expireDue(now, events);
    const intent = this.intent(id);
    if (intent.status !== 'requires_action') {
      this.commit(events, events.length > 0);
      throw new PaymentInvalidRequestError(
        `PaymentIntent ${intent.id} is not waiting for authentication (status ${intent.status}).`,
        'payment_intent_unexpected_state',
      );
    }
    if (outcome === 'approve') {
      const network = intent.network;
      this.hold(intent, intent.testCard, AUTHORIZATION_WINDOWS_MS[network].customer, false, now, events, true);
    } else {
      intent.status = 'requires_payment_method';
      intent.lastPaymentError = AUTHENTICATION_FAILED;
      events.push(this.event('payment_intent.payment_failed', intentObject(intent), now));
    }
    this.log({
      at: now,
      method: 'completeAuthentication',
      idempotencyKey: null,
      replayed: false,
      outcome: outcome === 'approve' ? 'ok' : 'declined',
      intentId: intent.id,
    });
    this.commit(events, true);
    return toAuthorization(intent);
  }

  // --- expiry --------------------------------------------------------------------------------

  /** Cancels every authorization whose window has passed; returns those it expired now. */
  async sweepExpired(): Promise<Authorization[]> {
    this.reloadIfChanged();
    const events: SandboxEvent[] = [];
    const expired = this.expireDue(this.clock(), events);
    this.commit(events, expired.length > 0);
    return expired.map(toAuthorization);
  }

  /** Runs `sweepExpired` on an interval (unref'd, so it never keeps a process alive). Returns a stop function. */
  startExpirySweeper(intervalMs: number): () => void {
    const timer = setInterval(() => {
      this.sweepExpired().catch(() => undefined);
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  // --- inspection ----------------------------------------------------------------------------

  /** Authorizations (manual-capture PaymentIntents that were authorized), oldest first. Applies expiry. */
  listAuthorizations(filter: AuthorizationFilter = {}): SandboxAuthorization[] {
    this.touch();
    const statuses = filter.status === undefined ? null : new Set([filter.status].flat());
    return Object.values(this.state.intents)
      .filter((i) => i.captureMethod === 'manual' && i.status !== 'requires_payment_method')
      .filter((i) => !filter.customerId || i.customerId === filter.customerId)
      .filter((i) => !statuses || statuses.has(i.status as AuthorizationStatus))
      .filter((i) => matchesMetadata(i.metadata, filter.metadata))
      .sort((a, b) => a.created - b.created)
      .map(toSandboxAuthorization);
  }

  /** Authorizations still holding funds (`requires_capture`). */
  liveAuthorizations(filter: Omit<AuthorizationFilter, 'status'> = {}): SandboxAuthorization[] {
    return this.listAuthorizations({ ...filter, status: 'requires_capture' });
  }

  /** Off-session charges (automatic capture) that succeeded. */
  listCharges(filter: { metadata?: Record<string, string>; customerId?: string } = {}): ChargeResult[] {
    this.touch();
    return Object.values(this.state.intents)
      .filter((i) => i.captureMethod === 'automatic' && i.status === 'succeeded')
      .filter((i) => !filter.customerId || i.customerId === filter.customerId)
      .filter((i) => matchesMetadata(i.metadata, filter.metadata))
      .sort((a, b) => a.created - b.created)
      .map((i) => ({ paymentId: i.id, amount: i.amountReceived }));
  }

  listRefunds(paymentId?: string): RefundResult[] {
    this.touch();
    return Object.values(this.state.refunds)
      .filter((r) => !paymentId || r.paymentIntentId === paymentId)
      .sort((a, b) => a.created - b.created)
      .map((r) => ({ refundId: r.id, amount: r.amount }));
  }

  /**
   * Money movements in `[from, to)`, derived from the intents' state the way the activities record
   * them in the ledger: an expiry releases nothing the merchant asked for, so it is not a movement.
   */
  async listMovements(range: { from: number; to: number }): Promise<ProviderMovement[]> {
    this.touch();
    const out: ProviderMovement[] = [];
    const push = (replacementId: string | undefined, m: Omit<ProviderMovement, 'replacementId'>) => {
      if (replacementId !== undefined && m.at >= range.from && m.at < range.to) out.push({ replacementId, ...m });
    };
    for (const i of Object.values(this.state.intents)) {
      const rid = i.metadata.replacement_id;
      if (i.status === 'requires_payment_method') continue; // declined: no money moved
      if (i.captureMethod === 'automatic') {
        if (i.status === 'succeeded') push(rid, { kind: 'charged', amount: i.amountReceived, providerRef: i.id, at: i.capturedAt ?? i.created });
        continue;
      }
      if (i.captureBefore === null) continue; // never held funds (an authentication that did not complete)
      push(rid, { kind: 'authorized', amount: i.amount, providerRef: i.id, at: i.created });
      if (i.status === 'succeeded' && i.capturedAt !== null) {
        push(rid, { kind: 'captured', amount: i.amountReceived, providerRef: i.id, at: i.capturedAt });
        const remainder = i.amount - i.amountReceived;
        if (remainder > 0) push(rid, { kind: 'released', amount: remainder, providerRef: i.id, at: i.capturedAt });
      } else if (i.status === 'canceled' && i.cancellationReason !== 'automatic' && i.canceledAt !== null) {
        push(rid, { kind: 'released', amount: i.amount, providerRef: i.id, at: i.canceledAt });
      }
    }
    for (const r of Object.values(this.state.refunds)) {
      push(this.state.intents[r.paymentIntentId]?.metadata.replacement_id, { kind: 'refunded', amount: r.amount, providerRef: r.id, at: r.created });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** Declined attempts (on- or off-session), with the decline the caller got. */
  listDeclines(filter: { metadata?: Record<string, string> } = {}): Array<{
    intentId: string;
    initiator: Initiator;
    code: string;
    declineCode: string;
    amount: MinorUnits;
    at: number;
  }> {
    this.touch();
    return Object.values(this.state.intents)
      .filter((i) => i.lastPaymentError !== null && matchesMetadata(i.metadata, filter.metadata))
      .sort((a, b) => a.created - b.created)
      .map((i) => ({
        intentId: i.id,
        initiator: i.initiator,
        code: i.lastPaymentError!.code,
        declineCode: i.lastPaymentError!.declineCode,
        amount: i.amount,
        at: i.created,
      }));
  }

  findCustomerByEmail(email: string): { id: string; email: string } | undefined {
    this.touch();
    const c = this.customerByEmail(email);
    return c ? { id: c.id, email: c.email } : undefined;
  }

  /** Every call in order, with whether it was a replay of a stored idempotent result. */
  journal(filter: { method?: SandboxMethod; intentId?: string } = {}): JournalEntry[] {
    this.reloadIfChanged();
    return this.state.journal
      .filter((j) => (!filter.method || j.method === filter.method) && (!filter.intentId || j.intentId === filter.intentId))
      .map((j) => ({ ...j }));
  }

  /** Events emitted so far (most recent MAX_EVENTS), oldest first. */
  listEvents(filter: { type?: SandboxEventType } = {}): SandboxEvent[] {
    this.reloadIfChanged();
    return this.state.events.filter((e) => !filter.type || e.type === filter.type).map((e) => structuredClone(e));
  }

  // --- fault injection -----------------------------------------------------------------------

  /**
   * The issuer now lets this saved card pay off-session (the customer lifted a block or added funds):
   * later merchant-initiated payments behave as `testCard` does. For tests and demos of a retried collection.
   */
  acceptOffSession(paymentMethodId: string, testCard = 'pm_card_visa'): void {
    this.reloadIfChanged();
    const method = this.state.paymentMethods[paymentMethodId];
    if (!method) throw new PaymentInvalidRequestError(`No such PaymentMethod: '${paymentMethodId}'`, 'resource_missing');
    if (!SANDBOX_TEST_PAYMENT_METHODS[testCard]) throw new RangeError(`unknown test card ${testCard}`);
    method.testCard = testCard;
    this.persist();
  }

  setFaults(faults: SandboxFaults): void {
    this.faults = { ...faults };
  }

  /**
   * Make the next `count` calls of `method` fail with PaymentTransientError. Phase `before`: the
   * call does nothing (a rate limit or a refused connection). Phase `after`: the call executes and
   * commits, then its response is lost (a timeout) — the case idempotency keys exist for.
   */
  failNext(method: SandboxMethod | '*', count = 1, options: { phase?: 'before' | 'after' } = {}): void {
    this.planned.push({ method, remaining: count, phase: options.phase ?? 'before' });
  }

  clearFaults(): void {
    this.faults = {};
    this.planned = [];
  }

  // --- the call pipeline ---------------------------------------------------------------------

  private async call<T>(
    method: SandboxMethod,
    idempotencyKey: string | null,
    params: unknown,
    exec: (now: number, events: SandboxEvent[]) => { value: T; intentId?: string },
  ): Promise<T> {
    const mutating = method !== 'getAuthorization';
    if (mutating && (typeof idempotencyKey !== 'string' || idempotencyKey.trim() === '')) {
      throw new PaymentInvalidRequestError(
        `The sandbox requires an idempotency key on ${method}: derive it from the workflow id and step.`,
        'idempotency_key_required',
      );
    }
    await this.delay();
    this.injectFault(method, 'before', idempotencyKey);

    this.reloadIfChanged();
    const now = this.clock();
    const events: SandboxEvent[] = [];
    let dirty = this.expireDue(now, events).length > 0;
    dirty = this.pruneIdempotency(now) || dirty;

    const fingerprint = mutating ? stableStringify({ method, params }) : '';
    const stored = mutating ? this.state.idempotency[idempotencyKey!] : undefined;
    let outcome: Outcome;
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        this.commit(events, dirty);
        throw new PaymentInvalidRequestError(
          'Keys for idempotent requests can only be used with the same parameters they were first used with. ' +
            `Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          'idempotency_error',
        );
      }
      outcome = structuredClone(stored.outcome);
      this.log({ at: now, method, idempotencyKey, replayed: true, outcome: outcomeKind(outcome), intentId: intentIdOf(outcome) });
      dirty = true;
    } else {
      let intentId: string | undefined;
      try {
        const r = exec(now, events);
        intentId = r.intentId;
        outcome = { ok: true, value: structuredClone(r.value) };
      } catch (err) {
        if (err instanceof ValidationFailure) {
          // Rejected before execution: nothing to remember, the caller may fix the request and reuse the key.
          this.commit(events, dirty);
          throw new PaymentInvalidRequestError(err.message, err.code);
        }
        if (!(err instanceof PaymentDeclinedError || err instanceof PaymentInvalidRequestError)) throw err;
        outcome = { ok: false, error: serializeError(err) };
        intentId = (err as { intentId?: string }).intentId;
      }
      if (mutating) {
        this.state.idempotency[idempotencyKey!] = { fingerprint, method, createdAt: now, outcome: structuredClone(outcome) };
      }
      this.log({ at: now, method, idempotencyKey, replayed: false, outcome: outcomeKind(outcome), intentId });
      dirty = dirty || mutating || events.length > 0;
    }
    this.commit(events, dirty);
    this.injectFault(method, 'after', idempotencyKey);
    if (!outcome.ok) throw deserializeError(outcome.error);
    return outcome.value as T;
  }

  private authorize(req: HoldRequest, initiator: Initiator, now: number, events: SandboxEvent[]) {
    const { customer, method, card, saved } = this.resolvePayment(req, initiator, now);
    const intent = this.newIntent(req, customer.id, method, card, 'manual', initiator, now);
    const decline = initiator === 'customer' ? card.onSession : this.offSessionDecline(card, req.paymentMethodId);
    if (decline && initiator === 'customer' && decline.code === AUTHENTICATION_REQUIRED.code && req.allowAuthentication) {
      // Stripe's answer to a card asking for 3-D Secure: nothing held until the customer completes it.
      intent.status = 'requires_action';
      return { value: { ...toAuthorization(intent), nextAction: { type: 'redirect' as const, url: this.challengeUrl(intent.id) } }, intentId: intent.id };
    }
    if (decline) return this.decline(intent, decline, now, events);
    const extended = card.network === 'mastercard' && req.requestExtendedAuthorization !== false;
    const window = extended ? AUTHORIZATION_WINDOWS_MS.mastercard.extended : AUTHORIZATION_WINDOWS_MS[card.network][initiator];
    this.hold(intent, saved ? null : method, window, extended, now, events);
    return { value: toAuthorization(intent), intentId: intent.id };
  }

  /** Funds held: the intent is capturable, and (setup_future_usage) a card used for the first time is saved. */
  private hold(
    intent: IntentRecord,
    saveTestCard: string | null,
    window: number,
    extended: boolean,
    now: number,
    events: SandboxEvent[],
    authenticated = false,
  ) {
    if (saveTestCard !== null) {
      // setup_future_usage: the card is saved to the customer only once the payment succeeds.
      const pm: PaymentMethodRecord = {
        id: newId('pm'),
        testCard: saveTestCard,
        customerId: intent.customerId,
        created: now,
        ...(authenticated ? { authenticated } : {}),
      };
      this.state.paymentMethods[pm.id] = pm;
      intent.paymentMethodId = pm.id;
    }
    intent.status = 'requires_capture';
    intent.amountCapturable = intent.amount;
    intent.captureBefore = now + window;
    intent.extendedAuthorization = extended;
    events.push(this.event('payment_intent.amount_capturable_updated', intentObject(intent), now));
  }

  /** A saved card whose first payment was authenticated is not asked again off-session. */
  private offSessionDecline(card: TestCard, paymentMethodId: string): DeclineSpec | undefined {
    const saved = this.state.paymentMethods[paymentMethodId];
    if (saved?.authenticated && card.offSession?.code === AUTHENTICATION_REQUIRED.code) return undefined;
    return card.offSession;
  }

  private challengeUrl(intentId: string): string {
    return `${this.challengeBaseUrl}/sandbox/3ds/${encodeURIComponent(intentId)}`;
  }

  /** Validates the request and finds (or, on-session, creates) the customer and the card. */
  private resolvePayment(req: HoldRequest, initiator: Initiator, now: number) {
    validateAmount(req.amount, 'amount');
    const currency = normalizeCurrency(req.currency);
    const minimum = MINIMUM_AMOUNT[currency] ?? 1;
    if (req.amount < minimum) {
      throw new ValidationFailure(`Amount must be at least ${minimum} ${currency} minor units.`, 'amount_too_small');
    }
    if (typeof req.paymentMethodId !== 'string' || req.paymentMethodId === '') {
      throw new ValidationFailure('Missing required param: payment_method.', 'parameter_missing');
    }
    if (initiator === 'merchant' && !req.customerId) {
      throw new ValidationFailure('Off-session payments need the customer the card was saved to.', 'parameter_missing');
    }
    if (!req.customerId && (typeof req.email !== 'string' || !req.email.includes('@'))) {
      throw new ValidationFailure('A customer email is required to create a customer.', 'parameter_missing');
    }
    if (req.metadata && Object.values(req.metadata).some((v) => typeof v !== 'string')) {
      throw new ValidationFailure('Metadata values must be strings.', 'parameter_invalid_string');
    }

    const savedMethod = this.state.paymentMethods[req.paymentMethodId];
    const testCard = savedMethod ? savedMethod.testCard : req.paymentMethodId;
    const card = SANDBOX_TEST_PAYMENT_METHODS[testCard];
    if (!card) {
      throw new PaymentInvalidRequestError(`No such PaymentMethod: '${req.paymentMethodId}'`, 'resource_missing');
    }

    let customer: CustomerRecord | undefined;
    if (req.customerId) {
      customer = this.state.customers[req.customerId];
      if (!customer) throw new PaymentInvalidRequestError(`No such customer: '${req.customerId}'`, 'resource_missing');
    } else {
      customer = this.customerByEmail(req.email);
    }
    if (savedMethod && savedMethod.customerId !== customer?.id) {
      throw new PaymentInvalidRequestError(`The PaymentMethod ${savedMethod.id} is attached to another customer.`, 'payment_method_not_attached');
    }
    if (initiator === 'merchant' && !savedMethod) {
      // Off-session payments need a card the customer saved on an earlier on-session payment.
      throw new PaymentInvalidRequestError(
        `The PaymentMethod ${req.paymentMethodId} is not saved to customer ${req.customerId}; ` +
          'use the paymentMethodId returned by the original authorization.',
        'payment_method_not_attached',
      );
    }
    if (!customer) {
      customer = { id: newId('cus'), email: req.email.trim().toLowerCase(), created: now };
      this.state.customers[customer.id] = customer;
    }
    return { customer, method: req.paymentMethodId, card, saved: Boolean(savedMethod) };
  }

  private newIntent(
    req: HoldRequest,
    customerId: string,
    paymentMethodId: string,
    card: TestCard,
    captureMethod: 'manual' | 'automatic',
    initiator: Initiator,
    now: number,
  ): IntentRecord {
    const saved = this.state.paymentMethods[paymentMethodId];
    const intent: IntentRecord = {
      id: newId('pi'),
      chargeId: newId('ch'),
      created: now,
      amount: req.amount,
      amountCapturable: 0,
      amountReceived: 0,
      amountRefunded: 0,
      currency: normalizeCurrency(req.currency),
      status: 'requires_payment_method',
      captureMethod,
      initiator,
      customerId,
      paymentMethodId,
      testCard: saved ? saved.testCard : paymentMethodId,
      network: card.network,
      captureBefore: null,
      extendedAuthorization: false,
      cancellationReason: null,
      canceledAt: null,
      capturedAt: null,
      captureCount: 0,
      description: req.description ?? '',
      metadata: { ...req.metadata },
      lastPaymentError: null,
    };
    this.state.intents[intent.id] = intent;
    return intent;
  }

  private decline(intent: IntentRecord, decline: DeclineSpec, now: number, events: SandboxEvent[]): never {
    intent.lastPaymentError = decline;
    events.push(this.event('payment_intent.payment_failed', intentObject(intent), now));
    const err = new PaymentDeclinedError(decline.message, decline.code, decline.declineCode);
    Object.defineProperty(err, 'intentId', { value: intent.id, enumerable: false });
    throw err;
  }

  private expireDue(now: number, events: SandboxEvent[]): IntentRecord[] {
    const expired: IntentRecord[] = [];
    for (const intent of Object.values(this.state.intents)) {
      if (intent.status !== 'requires_capture' || intent.captureBefore === null || now < intent.captureBefore) continue;
      intent.status = 'canceled';
      intent.amountCapturable = 0;
      intent.cancellationReason = 'automatic';
      intent.canceledAt = intent.captureBefore;
      // Stripe's order: the charge expires, then the PaymentIntent is canceled.
      events.push(this.event('charge.expired', chargeObject(intent), now));
      events.push(this.event('payment_intent.canceled', intentObject(intent), now));
      expired.push(intent);
    }
    return expired;
  }

  private pruneIdempotency(now: number): boolean {
    let pruned = false;
    for (const [key, rec] of Object.entries(this.state.idempotency)) {
      if (now - rec.createdAt >= this.idempotencyTtlMs) {
        delete this.state.idempotency[key];
        pruned = true;
      }
    }
    return pruned;
  }

  /** Read-side entry: reload, apply expiry, persist and emit if anything expired. */
  private touch(): void {
    this.reloadIfChanged();
    const events: SandboxEvent[] = [];
    const expired = this.expireDue(this.clock(), events);
    this.commit(events, expired.length > 0);
  }

  private intent(id: string): IntentRecord {
    const intent = typeof id === 'string' ? this.state.intents[id] : undefined;
    if (!intent) throw new PaymentInvalidRequestError(`No such payment_intent: '${id}'`, 'resource_missing');
    return intent;
  }

  private customerByEmail(email: string): CustomerRecord | undefined {
    const wanted = email.trim().toLowerCase();
    return Object.values(this.state.customers)
      .filter((c) => c.email === wanted)
      .sort((a, b) => a.created - b.created)[0];
  }

  private event(type: SandboxEventType, object: SandboxPaymentIntentObject | SandboxChargeObject, now: number): SandboxEvent {
    return { id: newId('evt'), object: 'event', type, created: Math.floor(now / 1000), livemode: false, data: { object: structuredClone(object) } };
  }

  private log(entry: JournalEntry): void {
    this.state.journal.push(entry);
    if (this.state.journal.length > MAX_JOURNAL) this.state.journal.splice(0, this.state.journal.length - MAX_JOURNAL);
  }

  /** Persist (if anything changed), then deliver events: a subscriber never sees uncommitted state. */
  private commit(events: SandboxEvent[], dirty: boolean): void {
    if (events.length > 0) {
      this.state.events.push(...events);
      if (this.state.events.length > MAX_EVENTS) this.state.events.splice(0, this.state.events.length - MAX_EVENTS);
    }
    if (dirty || events.length > 0) this.persist();
    if (!this.onEvent) return;
    for (const event of events) {
      try {
        const r = this.onEvent(structuredClone(event));
        if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(() => undefined);
      } catch {
        // A failing subscriber must not undo a committed payment operation.
      }
    }
  }

  private async delay(): Promise<void> {
    const latency = this.faults.latencyMs;
    if (latency === undefined) return;
    const random = this.faults.random ?? Math.random;
    const ms = typeof latency === 'number' ? latency : latency.min + random() * (latency.max - latency.min);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  private injectFault(method: SandboxMethod, phase: 'before' | 'after', key: string | null): void {
    const plan = this.planned.find((p) => p.remaining > 0 && p.phase === phase && (p.method === '*' || p.method === method));
    const random = this.faults.random ?? Math.random;
    const rate = phase === 'before' ? this.faults.transientErrorRate : this.faults.lostResponseRate;
    const fire = plan !== undefined || (rate !== undefined && rate > 0 && random() < rate);
    if (!fire) return;
    if (plan) {
      plan.remaining -= 1;
      this.planned = this.planned.filter((p) => p.remaining > 0);
    }
    if (phase === 'before') {
      // Journaled so tests can see the attempt; nothing else changes.
      this.log({ at: this.clock(), method, idempotencyKey: key, replayed: false, outcome: 'transient' });
      throw new PaymentTransientError(`Sandbox: ${method} failed before reaching the provider (injected).`, 'rate_limit');
    }
    throw new PaymentTransientError(`Sandbox: ${method} executed but the response was lost (injected).`, 'connection_lost');
  }

  // --- persistence ---------------------------------------------------------------------------

  private reloadIfChanged(): void {
    if (!this.file) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        if (this.fileStamp !== null) this.state = emptyState(); // the file was deleted under us
        this.fileStamp = null;
        return;
      }
      throw err;
    }
    const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (stamp === this.fileStamp) return;
    const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as SandboxState;
    if (parsed.version !== 1) throw new Error(`Sandbox state ${this.file} has unsupported version ${String(parsed.version)}`);
    this.state = { ...emptyState(), ...parsed };
    this.fileStamp = stamp;
  }

  private persist(): void {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(this.state));
      fs.fsyncSync(fd); // the rename must never publish a half-written file
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    const stat = fs.statSync(this.file);
    this.fileStamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

function holdParams(req: HoldRequest) {
  return {
    amount: req.amount,
    currency: typeof req.currency === 'string' ? req.currency.toLowerCase() : req.currency,
    paymentMethodId: req.paymentMethodId,
    customerId: req.customerId ?? null,
    email: req.email,
    description: req.description,
    metadata: req.metadata,
    requestExtendedAuthorization: req.requestExtendedAuthorization !== false,
  };
}

function validateAmount(amount: unknown, param: string): void {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new ValidationFailure(`Invalid ${param}: must be a positive integer in minor units.`, 'parameter_invalid_integer');
  }
}

function normalizeCurrency(currency: unknown): string {
  if (typeof currency !== 'string' || !/^[a-z]{3}$/i.test(currency)) {
    throw new ValidationFailure(`Invalid currency: ${String(currency)}.`, 'parameter_invalid_string');
  }
  return currency.toLowerCase();
}

function toAuthorization(i: IntentRecord): Authorization {
  return {
    id: i.id,
    status: i.status as AuthorizationStatus,
    amount: i.amount,
    amountCapturable: i.amountCapturable,
    amountReceived: i.amountReceived,
    currency: i.currency,
    captureBefore: i.captureBefore ?? 0,
    extendedAuthorization: i.extendedAuthorization,
    customerId: i.customerId,
    paymentMethodId: i.paymentMethodId,
    network: i.network,
  };
}

function toSandboxAuthorization(i: IntentRecord): SandboxAuthorization {
  return {
    ...toAuthorization(i),
    initiator: i.initiator,
    createdAt: i.created,
    canceledAt: i.canceledAt,
    cancellationReason: i.cancellationReason,
    capturedAt: i.capturedAt,
    captureCount: i.captureCount,
    amountRefunded: i.amountRefunded,
    description: i.description,
    metadata: { ...i.metadata },
  };
}

function intentObject(i: IntentRecord): SandboxPaymentIntentObject {
  return {
    id: i.id,
    object: 'payment_intent',
    amount: i.amount,
    amount_capturable: i.amountCapturable,
    amount_received: i.amountReceived,
    currency: i.currency,
    status: i.status,
    capture_method: i.captureMethod,
    cancellation_reason: i.cancellationReason,
    canceled_at: i.canceledAt === null ? null : Math.floor(i.canceledAt / 1000),
    created: Math.floor(i.created / 1000),
    customer: i.customerId,
    payment_method: i.paymentMethodId,
    latest_charge: i.status === 'requires_payment_method' ? null : i.chargeId,
    description: i.description,
    metadata: { ...i.metadata },
  };
}

function chargeObject(i: IntentRecord): SandboxChargeObject {
  const card = SANDBOX_TEST_PAYMENT_METHODS[i.testCard];
  return {
    id: i.chargeId,
    object: 'charge',
    payment_intent: i.id,
    amount: i.amount,
    amount_captured: i.amountReceived,
    amount_refunded: i.amountRefunded,
    captured: i.amountReceived > 0,
    refunded: i.amountReceived > 0 && i.amountRefunded === i.amountReceived,
    currency: i.currency,
    created: Math.floor(i.created / 1000),
    customer: i.customerId,
    metadata: { ...i.metadata }, // Stripe copies the PaymentIntent's metadata to its charge
    payment_method_details: {
      type: 'card',
      card: {
        brand: card?.brand ?? i.network,
        network: i.network,
        last4: card?.last4 ?? '0000',
        capture_before: i.captureBefore === null ? null : Math.floor(i.captureBefore / 1000),
        extended_authorization: { status: i.extendedAuthorization ? 'enabled' : 'disabled' },
      },
    },
  };
}

function matchesMetadata(have: Record<string, string>, want?: Record<string, string>): boolean {
  return !want || Object.entries(want).every(([k, v]) => have[k] === v);
}

function serializeError(err: PaymentDeclinedError | PaymentInvalidRequestError): SerializedError {
  if (err instanceof PaymentDeclinedError) {
    return { name: 'PaymentDeclinedError', message: err.message, code: err.code, declineCode: err.declineCode };
  }
  return { name: 'PaymentInvalidRequestError', message: err.message, code: err.code };
}

function deserializeError(e: SerializedError): Error {
  return e.name === 'PaymentDeclinedError'
    ? new PaymentDeclinedError(e.message, e.code ?? 'card_declined', e.declineCode)
    : new PaymentInvalidRequestError(e.message, e.code);
}

function outcomeKind(o: Outcome): JournalEntry['outcome'] {
  if (o.ok) return 'ok';
  return o.error.name === 'PaymentDeclinedError' ? 'declined' : 'invalid_request';
}

function intentIdOf(o: Outcome): string | undefined {
  if (!o.ok || o.value === null || typeof o.value !== 'object') return undefined;
  const v = o.value as Record<string, unknown>;
  const id = v.authorizationId ?? v.paymentId ?? v.id;
  return typeof id === 'string' ? id : undefined;
}

/** JSON with sorted keys, so equal parameters give equal fingerprints whatever their key order. */
function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Stripe-looking ids. Random, not sequential: a recreated state file must never reuse an id a workflow still holds. */
function newId(prefix: string): string {
  const bytes = randomBytes(24);
  let s = '';
  for (const b of bytes) s += BASE62[b % 62];
  return `${prefix}_${s}`;
}

/** The sandbox's 3-D Secure challenge as the API's challenge page uses it. */
export function sandboxPaymentChallenge(sandbox: SandboxPaymentGateway): PaymentChallenge {
  return {
    describe: async (id) => sandbox.pendingAuthentication(id),
    answer: async (id, answer) => {
      await sandbox.completeAuthentication(id, answer);
    },
  };
}
