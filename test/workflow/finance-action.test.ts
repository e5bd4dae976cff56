// financeActionWorkflow on the suite's Temporal server, with activities that record what they were
// asked: the order of reserve → money → record → email, refusals that move no money, a provider's
// refusal that gives the reservation back, and a declined retry that emails nobody. With
// RECORD_HISTORIES=1 the histories are saved for the replay test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { FinanceActionView } from '../../src/domain/finance';
import { financeActionWorkflow } from '../../workflows';
import { financeActionWorkflowId, NON_RETRYABLE_ERRORS, type FinanceActionInput, type FinanceActionResult } from '../../workflows/definitions';
import { createTestWorker, useDevServer } from '../helpers/temporal';
import { HISTORIES_DIR } from './world';

const ACTOR = { sub: 'fin.anne', role: 'finance' } as const;
const CARD = { authorizationId: 'pi_1', amount: 1_599_000, captureBefore: 0, extendedAuthorization: false, customerId: 'cus_1', paymentMethodId: 'pm_1' };
const CONTACT = { email: 'kari@example.no', locale: 'nb', productName: 'iPhone 17 Pro' };

const done = (kind: FinanceActionView['kind'], amount: number, outcome: FinanceActionView['outcome'], providerRef: string | null): FinanceActionView => ({
  id: 'FA-1',
  kind,
  amount,
  currency: 'NOK',
  reason: kind === 'goodwill_refund' ? 'Late delivery' : null,
  outcome,
  actor: ACTOR,
  at: '2026-12-02T10:00:00.000Z',
  providerRef,
});

interface Script {
  refuseReservation?: string;
  refundInvalid?: boolean;
  chargeDeclined?: boolean;
}

/** Activities that do what the script says and record each call with the workflow id it came from. */
function recordingActivities(script: Script) {
  const calls: { name: string; workflowId: string; req: Record<string, unknown> }[] = [];
  const record = (name: string, req: object) =>
    calls.push({ name, workflowId: Context.current().info.workflowExecution?.workflowId ?? '', req: req as Record<string, unknown> });
  const refuse = (message: string, type: string) => ApplicationFailure.create({ message, type, nonRetryable: true });
  const activities = {
    async reserveRefund(req: { actionId: string; input: FinanceActionInput }) {
      record('reserveRefund', req);
      if (script.refuseReservation) throw refuse(script.refuseReservation, NON_RETRYABLE_ERRORS.financeActionRefused);
      return { action: null, actionId: req.actionId, amount: req.input.amount!, paymentId: 'pi_paid', contact: CONTACT };
    },
    async reserveCollectionRetry(req: { actionId: string; input: FinanceActionInput }) {
      record('reserveCollectionRetry', req);
      if (script.refuseReservation) throw refuse(script.refuseReservation, NON_RETRYABLE_ERRORS.financeActionRefused);
      return { action: null, actionId: req.actionId, amount: 30_000, card: CARD, contact: CONTACT };
    },
    async refundPayment(req: { step: string; paymentId: string; amount: number }) {
      record('refundPayment', req);
      if (script.refundInvalid) throw refuse('charge_not_refundable', NON_RETRYABLE_ERRORS.paymentInvalid);
      return { refundId: 're_1', amount: req.amount };
    },
    async chargeOffSession(req: { step: string; amount: number }) {
      record('chargeOffSession', req);
      if (script.chargeDeclined) throw refuse('Your card was declined.', NON_RETRYABLE_ERRORS.paymentDeclined);
      return { paymentId: 'pi_charged', amount: req.amount };
    },
    async completeFinanceAction(req: { outcome: FinanceActionView['outcome']; providerRef: string | null }) {
      record('completeFinanceAction', req);
      const kind = req.outcome === 'refunded' ? 'goodwill_refund' : 'collection_retry';
      return { action: done(kind, kind === 'goodwill_refund' ? 20_000 : 30_000, req.outcome, req.providerRef), refundable: 10_000 };
    },
    async failFinanceAction(req: { actionId: string }) {
      record('failFinanceAction', req);
    },
    async sendEmail(req: { template: string; step: string; data: Record<string, unknown> }) {
      record('sendEmail', req);
      return { messageId: 'm1' };
    },
  };
  return { calls, activities };
}

const input = (kind: FinanceActionInput['kind'], extra: Partial<FinanceActionInput> = {}): FinanceActionInput => ({
  actionId: 'FA-1',
  kind,
  replacementId: 'RMA-FINANCE0001',
  reason: kind === 'goodwill_refund' ? 'Late delivery' : null,
  actor: ACTOR,
  requestedAt: Date.parse('2026-12-02T10:00:00Z'),
  ...(kind === 'goodwill_refund' ? { amount: 20_000 } : {}),
  ...extra,
});

async function saveHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `finance-action-${name}.json`), JSON.stringify(await handle.fetchHistory()));
}

describe('financeActionWorkflow', () => {
  const temporal = useDevServer();
  let runs = 0;

  async function run(
    script: Script,
    req: FinanceActionInput,
    history: string,
  ): Promise<{ result: FinanceActionResult; calls: ReturnType<typeof recordingActivities>['calls']; workflowId: string }> {
    const { calls, activities } = recordingActivities(script);
    const { worker, taskQueue } = await createTestWorker({ connection: temporal.nativeConnection, activities });
    const workflowId = financeActionWorkflowId(req.replacementId, `${Date.now().toString(16)}${++runs}`);
    const result = await worker.runUntil(async () => {
      const handle = await temporal.client.workflow.start(financeActionWorkflow, { taskQueue, workflowId, args: [req] });
      const r = await handle.result();
      await saveHistory(handle, history);
      return r;
    });
    return { result, calls, workflowId };
  }

  test('a goodwill refund: reserved, refunded under the workflow id, recorded, then the customer emailed with amount and reason', async () => {
    const { result, calls, workflowId } = await run({}, input('goodwill_refund'), 'goodwill-refund');
    expect(calls.map((c) => c.name)).toEqual(['reserveRefund', 'refundPayment', 'completeFinanceAction', 'sendEmail']);
    // The workflow id (from the replacement and the Idempotency-Key) is what every provider key is made of.
    expect(calls.every((c) => c.workflowId === workflowId)).toBe(true);
    expect(calls[1].req).toMatchObject({ step: 'goodwill-refund', paymentId: 'pi_paid', amount: 20_000 });
    expect(calls[2].req).toMatchObject({ outcome: 'refunded', providerRef: 're_1' });
    expect(calls[3].req).toMatchObject({
      template: 'goodwill_refund',
      data: { refundAmount: 20_000, reason: 'Late delivery', serviceNumber: 'RMA-FINANCE0001' },
    });
    expect(result).toEqual({ refused: false, action: done('goodwill_refund', 20_000, 'refunded', 're_1'), refundable: 10_000 });
  });

  test('a refund beyond what is refundable is refused at the reservation: no money moves, no email', async () => {
    const { result, calls } = await run({ refuseReservation: 'At most NOK 100.00 can be refunded' }, input('goodwill_refund'), 'refund-refused');
    expect(calls.map((c) => c.name)).toEqual(['reserveRefund']);
    expect(result).toEqual({ refused: true, detail: 'At most NOK 100.00 can be refunded' });
  });

  test('a refund the provider refuses gives the reservation back and is answered as refused', async () => {
    const { result, calls } = await run({ refundInvalid: true }, input('goodwill_refund'), 'refund-provider-refused');
    expect(calls.map((c) => c.name)).toEqual(['reserveRefund', 'refundPayment', 'failFinanceAction']);
    expect(result).toMatchObject({ refused: true, detail: expect.stringMatching(/payment provider refused the refund/) });
  });

  test('a collection retry that goes through: charged off-session on the saved card, recorded, the customer told the amount', async () => {
    const { result, calls } = await run({}, input('collection_retry'), 'collection-retry-collected');
    expect(calls.map((c) => c.name)).toEqual(['reserveCollectionRetry', 'chargeOffSession', 'completeFinanceAction', 'sendEmail']);
    expect(calls[1].req).toMatchObject({ step: 'collection-retry', amount: 30_000, hold: CARD });
    expect(calls[3].req).toMatchObject({ template: 'collection_charged', data: { chargedAmount: 30_000 } });
    expect(result).toMatchObject({ refused: false, action: { outcome: 'collected', providerRef: 'pi_charged' } });
  });

  test('a declined collection retry is recorded as declined and emails nobody', async () => {
    const { result, calls } = await run({ chargeDeclined: true }, input('collection_retry'), 'collection-retry-declined');
    expect(calls.map((c) => c.name)).toEqual(['reserveCollectionRetry', 'chargeOffSession', 'completeFinanceAction']);
    expect(calls[2].req).toMatchObject({ outcome: 'declined', providerRef: null });
    expect(result).toMatchObject({ refused: false, action: { outcome: 'declined' } });
  });
});
