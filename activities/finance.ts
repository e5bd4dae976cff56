// Finance's actions on a replacement's money: reserve under the rules (the refund limit, the retry's
// eligibility), complete with the provider's answer, and keep the read model's view of it in step.
// The money itself moves through the payment activities (refundPayment, chargeOffSession), which
// carry the workflow's idempotency key to the provider and write the ledger rows.
import { ApplicationFailure } from '@temporalio/activity';
import { decideCollectionRetry, decideRefund, lateReturnRefundPending, refundableAmount, type FinanceAdjustment } from '../src/domain/finance';
import type { Locale, MinorUnits } from '../src/domain/types';
import type { FinanceActionOutcome } from '../src/domain/vocabulary';
import { toFinanceActionView, type FinanceActionRecord, type FinanceActionStore, type NewFinanceAction } from '../src/ports/finance-actions';
import type { Ledger, LedgerEntry } from '../src/ports/ledger';
import type { PaymentGateway } from '../src/ports/payment-gateway';
import type { ReadModel } from '../src/ports/read-model';
import { NON_RETRYABLE_ERRORS, type FinanceActionInput, type FinanceActionView } from '../workflows/definitions';
import type { HoldSnapshot } from './payment';

export interface FinanceDeps {
  payment: PaymentGateway;
  ledger: Ledger;
  readModel?: ReadModel;
  financeActions?: FinanceActionStore;
}

/** Who to tell and about what: from the replacement's last projected view. */
export interface FinanceContact {
  email: string;
  locale: Locale;
  productName: string;
}

export interface ReservedRefund {
  action: FinanceActionView | null;
  actionId: string;
  amount: MinorUnits;
  /** The captured authorization or the off-session payment the refund goes against. */
  paymentId: string;
  contact: FinanceContact | null;
}

export interface ReservedRetry {
  /** Already done (a request repeated after Temporal forgot the first workflow): nothing more to do. */
  action: FinanceActionView | null;
  actionId: string;
  amount: MinorUnits;
  /** The saved card, as the hold's authorization recorded it. */
  card: HoldSnapshot;
  contact: FinanceContact;
}

function refused(detail: string): never {
  throw ApplicationFailure.create({ message: detail, type: NON_RETRYABLE_ERRORS.financeActionRefused, nonRetryable: true });
}

function viewOf(a: FinanceActionRecord): FinanceActionView {
  const view = toFinanceActionView(a);
  if (!view) throw new Error(`finance action ${a.id} is not done`);
  return view;
}

const latest = (entries: LedgerEntry[], kinds: LedgerEntry['kind'][]) =>
  entries.filter((e) => kinds.includes(e.kind) && e.providerRef).sort((a, b) => b.at - a.at)[0]?.providerRef ?? null;

/** Sums what finance actions added, for the read model (totals, so applying twice changes nothing). */
function adjustmentOf(actions: FinanceActionRecord[]): FinanceAdjustment {
  const sum = (outcome: FinanceActionOutcome) => actions.filter((a) => a.state === 'done' && a.outcome === outcome).reduce((n, a) => n + a.amount, 0);
  return { collected: sum('collected'), refunded: sum('refunded') };
}

export function createFinanceActivities(deps: FinanceDeps, now: () => number) {
  const store = (): FinanceActionStore => {
    if (!deps.financeActions) throw new Error('finance actions need a store (deps.financeActions)');
    return deps.financeActions;
  };
  const newAction = (actionId: string, input: FinanceActionInput): NewFinanceAction => ({
    id: actionId,
    replacementId: input.replacementId,
    kind: input.kind,
    reason: input.reason,
    actor: input.actor,
    requestedAt: input.requestedAt,
  });
  async function contactOf(replacementId: string): Promise<FinanceContact | null> {
    const row = await deps.readModel?.get(replacementId);
    if (!row) return null;
    return { email: row.view.customer.email, locale: row.view.customer.locale, productName: row.view.productName ?? row.sku };
  }

  return {
    /** Reserves a goodwill refund within what is left to refund; refused (non-retryable) beyond it. */
    async reserveRefund(req: { actionId: string; input: FinanceActionInput }): Promise<ReservedRefund> {
      const amount = req.input.amount ?? 0;
      const row = await deps.readModel?.get(req.input.replacementId);
      const blocked = row && lateReturnRefundPending(row.view, now());
      if (blocked) return refused(blocked);
      const result = await store().reserve(newAction(req.actionId, req.input), ({ collected, others }) => {
        const pending = others.filter((a) => a.kind === 'goodwill_refund' && a.state === 'pending').reduce((n, a) => n + a.amount, 0);
        return decideRefund(amount, collected, pending);
      });
      if ('refused' in result) return refused(result.refused);
      const { action } = result;
      if (action.state === 'failed') return refused('The payment provider refused this refund; nothing was refunded.');
      const paymentId = latest(await deps.ledger.entries({ replacementId: req.input.replacementId }), ['captured', 'charged']);
      if (!paymentId) {
        await store().fail(action.id, now());
        return refused('No captured or charged payment is on record to refund against.');
      }
      return {
        action: action.state === 'done' ? viewOf(action) : null,
        actionId: action.id,
        amount: action.amount,
        paymentId,
        contact: await contactOf(req.input.replacementId),
      };
    },

    /** Reserves a retry of the declined off-session charge; refused unless the replacement is flagged collection_required. */
    async reserveCollectionRetry(req: { actionId: string; input: FinanceActionInput }): Promise<ReservedRetry> {
      const { replacementId } = req.input;
      const row = await deps.readModel?.get(replacementId);
      const result = await store().reserve(newAction(req.actionId, req.input), ({ failedChargeAmount, others }) =>
        decideCollectionRetry({
          flags: row?.flags ?? [],
          failedChargeAmount,
          collectedByRetry: others.some((a) => a.kind === 'collection_retry' && a.outcome === 'collected'),
          retryInFlight: others.some((a) => a.kind === 'collection_retry' && a.state === 'pending'),
        }),
      );
      if ('refused' in result) return refused(result.refused);
      if (result.action.state === 'failed') return refused('This retry could not be carried out; nothing was charged.');
      const authorizationId = latest(await deps.ledger.entries({ replacementId }), ['authorized', 're_authorized']);
      if (!authorizationId || !row) {
        await store().fail(result.action.id, now());
        return refused('No saved card is on record for this replacement, so the charge cannot be retried.');
      }
      const auth = await deps.payment.getAuthorization(authorizationId);
      return {
        action: result.action.state === 'done' ? viewOf(result.action) : null,
        actionId: result.action.id,
        amount: result.action.amount,
        card: {
          authorizationId: auth.id,
          amount: auth.amount,
          captureBefore: auth.captureBefore,
          extendedAuthorization: auth.extendedAuthorization,
          customerId: auth.customerId,
          paymentMethodId: auth.paymentMethodId,
        },
        contact: { email: row.view.customer.email, locale: row.view.customer.locale, productName: row.view.productName ?? row.sku },
      };
    },

    /** Marks the action done, brings the read model's finance adjustment up to date, and says what is left to refund. */
    async completeFinanceAction(req: {
      actionId: string;
      outcome: FinanceActionOutcome;
      providerRef: string | null;
    }): Promise<{ action: FinanceActionView; refundable: MinorUnits }> {
      const done = await store().complete(req.actionId, { outcome: req.outcome, providerRef: req.providerRef, at: now() });
      const actions = await store().list(done.replacementId);
      await deps.readModel?.adjustForFinance(done.replacementId, adjustmentOf(actions), now());
      const entries = await deps.ledger.entries({ replacementId: done.replacementId });
      const sum = (kind: LedgerEntry['kind']) => entries.filter((e) => e.kind === kind).reduce((n, e) => n + e.amount, 0);
      const pending = actions.filter((a) => a.kind === 'goodwill_refund' && a.state === 'pending').reduce((n, a) => n + a.amount, 0);
      const refundable = refundableAmount({ captured: sum('captured'), charged: sum('charged'), refunded: sum('refunded') }, pending);
      return { action: viewOf(done), refundable };
    },

    /** The provider refused the request itself: the reservation is given back. */
    async failFinanceAction(req: { actionId: string }): Promise<void> {
      await store().fail(req.actionId, now());
    },
  };
}
