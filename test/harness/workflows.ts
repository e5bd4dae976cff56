// Tiny workflows that prove the test servers work; bundled by the harness tests' workers.
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { SA_STATUS } from '../../workflows/search-attributes';
import type { HarnessActivities } from './activities';

const { greet } = proxyActivities<HarnessActivities>({ startToCloseTimeout: '30 seconds' });

export const approveSignal = defineSignal<[string]>('approve');
export const setNoteUpdate = defineUpdate<string, [string]>('setNote');
export const stateQuery = defineQuery<string>('state');

export interface GreetingResult {
  greeting: string;
  note: string;
  approvedBy: string;
}

/** Waits for an approval signal, accepts a note by update, then calls an activity. */
export async function greetingWorkflow(name: string): Promise<GreetingResult> {
  let state = 'waiting';
  let approvedBy = '';
  let note = '';
  setHandler(stateQuery, () => state);
  setHandler(approveSignal, (by) => {
    approvedBy = by;
  });
  setHandler(
    setNoteUpdate,
    (next) => {
      const previous = note;
      note = next;
      return previous;
    },
    {
      validator: (next) => {
        if (!next) throw new Error('note must not be empty');
      },
    },
  );
  upsertSearchAttributes([{ key: SA_STATUS, value: state }]);
  await condition(() => approvedBy !== '');
  state = 'greeting';
  const greeting = await greet(name);
  state = 'done';
  upsertSearchAttributes([{ key: SA_STATUS, value: state }]);
  return { greeting, note, approvedBy };
}

export interface SleepResult {
  startedAt: number;
  wokeAt: number;
}

/** Sleeps for `days` of workflow time and reports the workflow clock before and after. */
export async function longSleepWorkflow(days: number): Promise<SleepResult> {
  const startedAt = Date.now();
  upsertSearchAttributes([{ key: SA_STATUS, value: 'sleeping' }]);
  await sleep(`${days} days`);
  upsertSearchAttributes([{ key: SA_STATUS, value: `woke-${workflowInfo().attempt}` }]);
  return { startedAt, wokeAt: Date.now() };
}
