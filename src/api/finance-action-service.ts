// Finance's money actions through Temporal: each one is a short workflow whose id is made from the
// replacement and the Idempotency-Key, so a repeated request finds the first one's answer instead
// of acting again. The API waits a few seconds for that answer; the money moves in the worker.
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type Client } from '@temporalio/client';
import {
  FINANCE_ACTION_WORKFLOW_TYPE,
  financeActionWorkflowId,
  type Actor,
  type FinanceActionInput,
  type FinanceActionResult,
} from '../../workflows/definitions';
import type { FinanceActionKind } from '../domain/vocabulary';
import { problem } from './problem';
import { grpcCodeOf, GRPC, rootMessage } from './temporal-errors';

/** How long a request waits for the provider's answer before saying it is still under way. */
const RESULT_WAIT_MS = 20_000;
const START_TIMEOUT_MS = 10_000;

type FinanceActionWorkflow = (input: FinanceActionInput) => Promise<FinanceActionResult>;

export interface FinanceActionRequest {
  kind: FinanceActionKind;
  replacementId: string;
  amount?: number;
  reason: string | null;
  actor: Actor;
}

export interface FinanceActionAnswer {
  result: FinanceActionResult;
  /** False when an earlier request with the same key started it. */
  created: boolean;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export class FinanceActionService {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly resultWaitMs = RESULT_WAIT_MS,
  ) {}

  async run(req: FinanceActionRequest, idempotencyKey: string, now: number): Promise<FinanceActionAnswer> {
    const keyDigest = digest(`${req.replacementId}\n${idempotencyKey}`).slice(0, 32);
    const workflowId = financeActionWorkflowId(req.replacementId, keyDigest);
    const requestHash = digest(JSON.stringify([req.kind, req.amount ?? null, req.reason]));
    const input: FinanceActionInput = { actionId: `FA-${keyDigest.slice(0, 20).toUpperCase()}`, requestedAt: now, ...req };
    let created = true;
    try {
      await this.client.withDeadline(Date.now() + START_TIMEOUT_MS, () =>
        this.client.workflow.start<FinanceActionWorkflow>(FINANCE_ACTION_WORKFLOW_TYPE, {
          taskQueue: this.taskQueue,
          workflowId,
          args: [input],
          // One key, one action, for ever: a finished action is never started again under it.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          memo: { requestHash },
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      created = false;
      const { memo } = await this.client.withDeadline(Date.now() + START_TIMEOUT_MS, () => this.client.workflow.getHandle(workflowId).describe());
      if (memo?.requestHash !== requestHash) {
        throw problem(
          'idempotency-key-reused',
          'This Idempotency-Key was already used for a different request on this replacement; use a new key for a new action.',
        );
      }
    }
    return { result: await this.result(workflowId), created };
  }

  private async result(workflowId: string): Promise<FinanceActionResult> {
    try {
      return await this.client.withDeadline(Date.now() + this.resultWaitMs, () => this.client.workflow.getHandle<FinanceActionWorkflow>(workflowId).result());
    } catch (err) {
      if (err instanceof WorkflowFailedError) throw new Error(`finance action ${workflowId} failed: ${rootMessage(err)}`, { cause: err });
      const code = grpcCodeOf(err);
      if (code === GRPC.DEADLINE_EXCEEDED || code === GRPC.CANCELLED) {
        throw problem(
          'unavailable',
          'The action is still being carried out. Repeat the request with the same Idempotency-Key to get its answer; it will not act twice.',
          {
            headers: { 'Retry-After': '5' },
          },
        );
      }
      throw err;
    }
  }
}
