// How a run ends other than by settlement: cancelled (by the customer, staff, the stock wait or an
// operator) or failed. Either way everything undoable is undone first.
import { CancellationScope, isCancellation } from '@temporalio/workflow';
import type { Actor, ReplacementView } from '../definitions';
import { finish, note, notify, setStatus } from './effects';
import type { Run } from './state';

export const SYSTEM: Actor = { sub: 'system', role: 'system' };

export interface Cancellation {
  by: Actor;
  reason: string | undefined;
}

/** The cancellation someone asked for, if anyone has. */
export function requestedCancellation({ sync }: Run): Cancellation | null {
  return sync.cancelRequest ? { by: sync.cancelRequest.actor, reason: sync.cancelRequest.reason } : null;
}

/** Gives the unit and the hold back, newest first; runs even when the workflow is being cancelled. */
async function compensate(run: Run): Promise<void> {
  await CancellationScope.nonCancellable(async () => {
    for (let c = run.compensations.pop(); c; c = run.compensations.pop()) {
      await c.run();
      note(run, 'compensated', { detail: c.name });
    }
  });
}

export async function finishCancelled(
  run: Run,
  cancellation: Cancellation = requestedCancellation(run) ?? { by: SYSTEM, reason: undefined },
): Promise<ReplacementView> {
  await compensate(run);
  setStatus(run, 'cancelled');
  note(run, 'cancelled', { actor: cancellation.by, detail: cancellation.reason });
  notify(run, 'cancelled', 'cancelled', { holdAmount: run.state.holdAmount });
  return await finish(run);
}

/** A Temporal cancellation ends the run cancelled; any other failure compensates and fails it. */
export async function failed(run: Run, err: unknown): Promise<ReplacementView> {
  if (isCancellation(err)) {
    return await CancellationScope.nonCancellable(() => finishCancelled(run, { by: SYSTEM, reason: 'cancelled by an operator' }));
  }
  note(run, 'failed', { detail: err instanceof Error ? err.message : String(err) });
  await compensate(run);
  throw err;
}
