// Activities: every side effect of a replacement, built from injected ports so the same code runs
// against the sandboxes (embedded default, tests) and the real providers. Workflows import this
// module with `import type` only.
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  checkEligibility,
  dispatchDueBy,
  endOfNthBusinessDayAfter,
  policyInForce,
  reminderInstants,
  resolveTerms,
  returnDeadline,
} from '../src/domain';
import type { Coverage, MinorUnits, PinnedTerms, ServiceLevel } from '../src/domain/types';
import { NON_RETRYABLE_ERRORS } from '../workflows/definitions';
import type { EmailRequest, EmailSender } from './email/mailer';
import type { Inventory } from './inventory/inventory';
import type { Ledger, LedgerKind } from './ledger/ledger';
import {
  PaymentDeclinedError,
  PaymentInvalidRequestError,
  type Authorization,
  type PaymentGateway,
} from './payment/gateway';
import type { PolicySource } from './policy-source';
import type { ReadModel } from './read-model/read-model';
import type { FindingStore } from './reconciliation/pg-findings';
import { compareMovements, EDGE_MS, type Finding } from './reconciliation/reconcile';
import { DAY_MS, type PersonalDataRetention } from './retention/pg-retention';
import type { ReplacementView } from '../workflows/definitions';
import type { Booking, Carrier } from './shipping/carrier';
import type { Address } from '../src/domain/types';
import type { DeviceRegistry } from '../src/db/device-registry';
import { normalizeSerial, reviewFindings, type ReviewFinding } from '../src/domain/device';
import { holdAmountFor } from '../src/domain/lifecycle';

export interface ActivityDeps {
  payment: PaymentGateway;
  carrier: Carrier;
  email: EmailSender;
  inventory: Inventory;
  ledger: Ledger;
  policies: PolicySource;
  /** Where replacement views are projected for staff lists and finance; optional in tests. */
  readModel?: ReadModel;
  /** Wall clock for ledger timestamps and "now" questions; injectable for time-skipping tests. */
  clock?: () => number;
  warehouseLeadEmail: string;
  /** Permanent SMTP rejections are recognised by this predicate and not retried. */
  isPermanentEmailError?: (err: unknown) => boolean;
  /** Where reconciliation findings are kept for finance; without it a run only returns them. */
  findings?: FindingStore;
  /** Redacts personal data of long-closed replacements; without it retention is a no-op. */
  retention?: PersonalDataRetention;
  /** Days after completion that personal data is kept (RETENTION_DAYS). */
  retentionDays?: number;
  /**
   * Called after a reserved unit was given back (a cancel before dispatch), so a replacement waiting
   * in line for that SKU gets it now rather than at its next periodic check.
   */
  onStockReleased?: (reservationId: string) => Promise<void>;
  /** What the warehouse knows of a device (flagged, returned before); without it nothing is sent to review. */
  devices?: Pick<DeviceRegistry, 'history'>;
}

export interface ReconciliationResult {
  from: number;
  to: number;
  /** False when the provider has no way to list its movements: nothing was compared. */
  providerSupported: boolean;
  detail?: string;
  ledgerEntries: number;
  providerMovements: number;
  findings: Finding[];
  /** Findings not seen by an earlier run. */
  newFindings: number;
}

export const DEFAULT_RETENTION_DAYS = 365;

export type Assessment =
  | { eligible: true; terms: PinnedTerms; holdAmount: MinorUnits }
  | { eligible: false; code: string; reason: string; terms: PinnedTerms | null };

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

/** Idempotency keys come from the workflow id and the step, never from randomness. */
function idempotencyKey(step: string): string {
  const { info } = Context.current();
  return `${info.workflowExecution?.workflowId ?? info.activityId}:${step}`;
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

export function createActivities(deps: ActivityDeps) {
  const now = deps.clock ?? (() => Date.now());
  const provider = deps.payment.name;

  async function record(
    replacementId: string,
    step: string,
    kind: LedgerKind,
    amount: MinorUnits,
    providerRef?: string,
    note?: string,
  ) {
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
    /** Resolves the policy version in force and the catalog item, and checks eligibility. */
    async assessRequest(req: { sku: string; purchaseDate: string; coverage: Coverage; at: number }): Promise<Assessment> {
      const [versions, catalog] = await Promise.all([deps.policies.versions(), deps.policies.catalog()]);
      const version = policyInForce(versions, req.at);
      const item = catalog.find((i) => i.sku === req.sku);
      if (!item) {
        return { eligible: false, code: 'unknown_sku', reason: `SKU ${req.sku} is not offered for express replacement`, terms: null };
      }
      const terms = resolveTerms(version, item);
      const verdict = checkEligibility({ terms, purchaseDate: req.purchaseDate, coverage: req.coverage, requestedAtMs: req.at });
      if (!verdict.eligible) return { eligible: false, code: verdict.code, reason: verdict.reason, terms };
      return { eligible: true, terms, holdAmount: holdAmountFor(item) };
    },

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
    async chargeOffSession(req: PaymentStep & { hold: HoldSnapshot; amount: MinorUnits; email: string; serviceNumber: string }): Promise<{ paymentId: string; amount: MinorUnits }> {
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

    /** Upserts the replacement's row; a stale version (late retry, replay) is ignored by the store. */
    async projectReplacement(req: { view: ReplacementView; version: number }): Promise<void> {
      await deps.readModel?.project(req.view, req.version);
    },

    /** Compares the ledger with the provider's records for `[from, to)` and stores the mismatches. */
    async reconcileLedger(req: { from: number; to: number }): Promise<ReconciliationResult> {
      const base = { from: req.from, to: req.to, ledgerEntries: 0, providerMovements: 0, findings: [], newFindings: 0 };
      if (!deps.payment.listMovements) {
        return { ...base, providerSupported: false, detail: `provider ${provider} cannot list movements` };
      }
      const wide = { from: req.from - EDGE_MS, to: req.to + EDGE_MS };
      const [entries, movements] = await Promise.all([deps.ledger.entries(wide), deps.payment.listMovements(wide)]);
      // Entries of a previous provider (after a switch) have no counterpart here by design.
      const ours = entries.filter((e) => e.provider === provider);
      const findings = compareMovements(ours, movements, req);
      const { inserted } = deps.findings ? await deps.findings.record(findings, now()) : { inserted: 0 };
      return { ...base, providerSupported: true, ledgerEntries: ours.length, providerMovements: movements.length, findings, newFindings: inserted };
    },

    /** Redacts personal data of replacements closed more than RETENTION_DAYS before `now`; returns the count. */
    async redactExpiredPersonalData(req: { now: number }): Promise<number> {
      if (!deps.retention) return 0;
      const days = deps.retentionDays ?? DEFAULT_RETENTION_DAYS;
      return deps.retention.redactClosedBefore(req.now - days * DAY_MS, now());
    },

    /** Why this request must wait for staff before its unit ships (none: it goes straight to the queue). */
    async screenDevice(req: { serialNumber: string; replacementId: string }): Promise<ReviewFinding[]> {
      if (!deps.devices) return [];
      return reviewFindings(await deps.devices.history(normalizeSerial(req.serialNumber), req.replacementId));
    },

    async reserveStock(req: { sku: string; reservationId: string }): Promise<boolean> {
      return (await deps.inventory.reserve(req)).reserved;
    },

    async releaseStock(req: { reservationId: string }): Promise<void> {
      await deps.inventory.release(req);
      // Best effort: a waiting replacement also finds the unit at its own next check.
      await deps.onStockReleased?.(req.reservationId).catch((err: unknown) => Context.current().log.warn('could not wake replacements waiting for stock', { err }));
    },

    async commitStock(req: { reservationId: string }): Promise<void> {
      await deps.inventory.commit(req);
    },

    /** Calendar rules live in activities: holiday data may change, history must not. */
    async computeDispatchDue(req: { requestedAt: number; serviceLevel: ServiceLevel }): Promise<number> {
      return dispatchDueBy(req.requestedAt, req.serviceLevel);
    },

    async computeReturnSchedule(req: { dispatchedAt: number; terms: PinnedTerms }): Promise<{ deadline: number; reminders: number[] }> {
      const deadline = returnDeadline(req.dispatchedAt, req.terms.category.returnWindow);
      const reminders = reminderInstants(deadline, req.terms.reminderBusinessDaysBefore, req.dispatchedAt);
      return { deadline, reminders };
    },

    async computeBusinessDeadline(req: { from: number; businessDays: number }): Promise<number> {
      return endOfNthBusinessDayAfter(req.from, req.businessDays);
    },

    async bookShipment(req: { serviceNumber: string; to: Address; sku: string; description: string }): Promise<Booking> {
      return deps.carrier.book({ ...req, idempotencyKey: idempotencyKey('book-shipment') });
    },

    async sendEmail(req: Omit<EmailRequest, 'idempotencyKey'> & { step: string }): Promise<{ messageId: string }> {
      const { step, ...rest } = req;
      try {
        const r = await deps.email.send({ ...rest, idempotencyKey: idempotencyKey(`email:${step}`) });
        return { messageId: r.messageId };
      } catch (err) {
        if (deps.isPermanentEmailError?.(err)) {
          throw ApplicationFailure.create({ message: (err as Error).message, type: NON_RETRYABLE_ERRORS.emailPermanent, nonRetryable: true });
        }
        throw err;
      }
    },

    async sendWarehouseAlert(req: Omit<EmailRequest, 'idempotencyKey' | 'to'> & { step: string }): Promise<{ messageId: string }> {
      const { step, ...rest } = req;
      const r = await deps.email.send({ ...rest, to: deps.warehouseLeadEmail, idempotencyKey: idempotencyKey(`email:${step}`) });
      return { messageId: r.messageId };
    },
  };
}

export type ReplacementActivities = ReturnType<typeof createActivities>;
