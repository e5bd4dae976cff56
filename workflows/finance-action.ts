// One finance action on a replacement's money, started by the API with a workflow id made from the
// replacement and the Idempotency-Key: reserve (under the rules, so concurrent refunds never exceed
// what was collected), move the money at the provider (the workflow id is in the idempotency key),
// record the outcome, tell the customer. Durable: a crash resumes where it stopped, never twice.
import { proxyActivities } from '@temporalio/workflow';
import type { ReplacementActivities } from '../activities';
import type { FinanceActionInput, FinanceActionResult } from './definitions';
import { NON_RETRYABLE_ERRORS } from './definitions';
import { isFailureOfType, retry } from './replacement/proxies';

const act = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '30 seconds', retry });
// An email must not fail the action whose money has already moved: a day of retries, then given up.
const mail = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '1 minute', scheduleToCloseTimeout: '1 day', retry });

const refusal = (err: unknown): FinanceActionResult | null =>
  isFailureOfType(err, NON_RETRYABLE_ERRORS.financeActionRefused) ? { refused: true, detail: (err as { cause?: Error }).cause?.message ?? 'refused' } : null;

export async function financeActionWorkflow(input: FinanceActionInput): Promise<FinanceActionResult> {
  try {
    return input.kind === 'goodwill_refund' ? await goodwillRefund(input) : await collectionRetry(input);
  } catch (err) {
    const refused = refusal(err);
    if (refused) return refused;
    throw err;
  }
}

async function goodwillRefund(input: FinanceActionInput): Promise<FinanceActionResult> {
  const reserved = await act.reserveRefund({ actionId: input.actionId, input });
  if (reserved.action) {
    const { outcome, providerRef } = reserved.action;
    return { refused: false, ...(await act.completeFinanceAction({ actionId: input.actionId, outcome, providerRef })) };
  }
  let refund: { refundId: string; amount: number };
  try {
    refund = await act.refundPayment({ replacementId: input.replacementId, step: 'goodwill-refund', paymentId: reserved.paymentId, amount: reserved.amount });
  } catch (err) {
    // The provider refused the request itself (nothing was refunded): give the reservation back.
    if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentInvalid)) throw err;
    await act.failFinanceAction({ actionId: input.actionId });
    return { refused: true, detail: `The payment provider refused the refund: ${(err as { cause?: Error }).cause?.message ?? 'invalid request'}` };
  }
  const { action, refundable } = await act.completeFinanceAction({ actionId: input.actionId, outcome: 'refunded', providerRef: refund.refundId });
  if (reserved.contact) {
    const { contact } = reserved;
    await mail
      .sendEmail({
        template: 'goodwill_refund',
        step: 'goodwill-refund',
        to: contact.email,
        locale: contact.locale,
        data: { serviceNumber: input.replacementId, productName: contact.productName, refundAmount: refund.amount, reason: input.reason ?? '' },
      })
      .catch(() => undefined);
  }
  return { refused: false, action, refundable };
}

async function collectionRetry(input: FinanceActionInput): Promise<FinanceActionResult> {
  const reserved = await act.reserveCollectionRetry({ actionId: input.actionId, input });
  if (reserved.action) return { refused: false, action: reserved.action };
  const { contact } = reserved;
  let charge: { paymentId: string; amount: number } | null = null;
  try {
    charge = await act.chargeOffSession({
      replacementId: input.replacementId,
      step: 'collection-retry',
      hold: reserved.card,
      amount: reserved.amount,
      email: contact.email,
      serviceNumber: input.replacementId,
    });
  } catch (err) {
    if (!isFailureOfType(err, NON_RETRYABLE_ERRORS.paymentDeclined)) throw err;
  }
  // A declined retry is an answer too: recorded (the ledger has its charge_failed row), the customer not emailed.
  const { action } = await act.completeFinanceAction({
    actionId: input.actionId,
    outcome: charge ? 'collected' : 'declined',
    providerRef: charge?.paymentId ?? null,
  });
  if (charge) {
    await mail
      .sendEmail({
        template: 'collection_charged',
        step: 'collection-retry',
        to: contact.email,
        locale: contact.locale,
        data: { serviceNumber: input.replacementId, productName: contact.productName, chargedAmount: charge.amount },
      })
      .catch(() => undefined);
  }
  return { refused: false, action };
}
