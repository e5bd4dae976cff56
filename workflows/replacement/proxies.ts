// The activities a replacement calls, each group with the budget its kind of work deserves.
import { ActivityFailure, ApplicationFailure, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { ReplacementActivities } from '../../activities';
import { NON_RETRYABLE_ERRORS } from '../definitions';

export const retry: ActivityOptions['retry'] = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: Object.values(NON_RETRYABLE_ERRORS),
};

export const payments = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '30 seconds', retry });
// The read model is a projection: it must never hold a replacement back, so it gets its own budget.
export const projections = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '30 seconds', scheduleToCloseTimeout: '1 day', retry });
export const rules = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '10 seconds', retry });
export const shipping = proxyActivities<ReplacementActivities>({ startToCloseTimeout: '1 minute', retry });
// An email must not hold a replacement hostage: after a day of retries it is given up and flagged.
export const mail = proxyActivities<ReplacementActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry,
});

export function isFailureOfType(err: unknown, type: string): boolean {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === type;
}
