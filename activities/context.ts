// What every activity shares: its idempotency key and its clock.
import { Context } from '@temporalio/activity';

/** Idempotency keys come from the workflow id and the step, never from randomness. */
export function idempotencyKey(step: string): string {
  const { info } = Context.current();
  return `${info.workflowExecution?.workflowId ?? info.activityId}:${step}`;
}
