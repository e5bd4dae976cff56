// Temporal client errors as problems: a missing workflow is a 404, a rejected update a 409 with
// the workflow's own words, an unreachable or slow cluster a 503. Anything else stays a 500.
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { serviceNumberFromWorkflowId } from '../../workflows/definitions';
import { problem, type ProblemError } from './problem';

const RETRY_AFTER = { 'Retry-After': '5' };

// gRPC status codes (stable across implementations; @grpc/grpc-js is not a direct dependency).
export const GRPC = { CANCELLED: 1, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

export function grpcCodeOf(err: unknown): number | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    if (isGrpcServiceError(e)) return e.code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The innermost message of a failure chain: the validator's or handler's own text. */
export function rootMessage(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  let message = e?.message ?? String(err);
  for (let depth = 0; e?.cause && depth < 6; depth++) {
    e = e.cause as { message?: string; cause?: unknown };
    if (e?.message) message = e.message;
  }
  return message;
}

export function temporalUnavailable(what: string): ProblemError {
  return problem('unavailable', `${what} could not be reached in time; try again shortly.`, { headers: RETRY_AFTER });
}

export function notFound(id: string): ProblemError {
  return problem('not-found', `No replacement with service number ${id} exists (or it is not yours).`);
}

/** Returns the problem for a known Temporal failure, or null when the error is unexpected. */
export function problemFromTemporal(err: unknown): ProblemError | null {
  if (err instanceof WorkflowNotFoundError) return notFound(serviceNumberFromWorkflowId(err.workflowId) ?? err.workflowId);
  if (err instanceof WorkflowUpdateFailedError) return problem('conflict', rootMessage(err));
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return problem('unavailable', 'The replacement did not confirm the change in time. It may still be applied: check the replacement before retrying.', {
      headers: RETRY_AFTER,
    });
  }
  const code = grpcCodeOf(err);
  if (code === GRPC.DEADLINE_EXCEEDED || code === GRPC.UNAVAILABLE || code === GRPC.CANCELLED) {
    return temporalUnavailable('The workflow service');
  }
  if (code === GRPC.RESOURCE_EXHAUSTED) {
    return problem('unavailable', 'The workflow service is busy; try again shortly.', { headers: RETRY_AFTER });
  }
  if (err instanceof ServiceError && /no poller|no worker/i.test(rootMessage(err))) {
    return temporalUnavailable('The replacement workers');
  }
  return null;
}
