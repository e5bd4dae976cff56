// Temporal's own ceiling for our workload: a workflow with the replacement workflow's happy-path
// shape — 21 activities (5 background emails and 8 background read-model projections among them),
// 4 updates (the hold decision the create waits for, dispatch, receipt, inspection) and 3 long
// timers that end up cancelled — with empty bodies. What it costs is what the server and the SDK cost; everything the real workflow costs
// beyond that is ours. test/bench/harness.test.ts fails when the two shapes drift apart.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CeilingActivities } from './activities';

export const CEILING_WORKFLOW_TYPE = 'ceilingWorkflow';
/** Sent with the start (update-with-start), as the API does for `Prefer: wait`. */
export const ceilingHoldDecision = defineUpdate<string>('waitForHoldDecision');
export const ceilingDispatch = defineUpdate<string>('dispatch');
export const ceilingReceipt = defineUpdate<string>('receipt');
export const ceilingInspection = defineUpdate<string>('inspection');

const act = proxyActivities<CeilingActivities>({ startToCloseTimeout: '30 seconds' });

// Timers as long as the real ones (hold renewal, dispatch SLA, return deadline): they never fire.
const HOLD_KEEPER = '6 days';
const DISPATCH_SLA = '3 days';
const RETURN_DEADLINE = '10 days';

type Stage = 'starting' | 'queued' | 'dispatched' | 'received' | 'completed';

export async function ceilingWorkflow(): Promise<string> {
  let stage: Stage = 'starting';
  let holdClosed = false;
  const background: Promise<void>[] = [];
  // Where the real workflow publishes its state (a status change, the hold) it projects it too.
  const project = () => void background.push(act.projectReplacement());

  // The client sends each update as soon as the previous call returns; a handler waits for the
  // point where the real workflow's validator would accept it.
  setHandler(ceilingHoldDecision, async () => {
    await condition(() => stage !== 'starting');
    return stage;
  });
  setHandler(ceilingDispatch, async () => {
    await condition(() => stage === 'queued');
    await act.bookShipment();
    await act.commitStock();
    await act.computeReturnSchedule();
    stage = 'dispatched';
    project();
    return stage;
  });
  setHandler(ceilingReceipt, async () => {
    await condition(() => stage === 'dispatched');
    stage = 'received';
    project();
    background.push(act.sendEmail());
    return stage;
  });
  setHandler(ceilingInspection, async () => {
    await condition(() => stage === 'received');
    holdClosed = true;
    await act.captureHold();
    project();
    stage = 'completed';
    project();
    return stage;
  });

  project();
  await act.assessRequest();
  background.push(act.sendEmail());
  await act.authorizeHold();
  project();
  background.push(act.sendEmail());
  const keeper = condition(() => holdClosed, HOLD_KEEPER);
  await act.reserveStock();
  await act.screenDevice();
  await act.computeDispatchDue();
  stage = 'queued';
  project();
  await condition(() => stage !== 'queued', DISPATCH_SLA);
  background.push(act.sendEmail());
  await condition(() => stage === 'received' || stage === 'completed', RETURN_DEADLINE);
  await condition(() => stage === 'completed');
  background.push(act.sendEmail());
  project();
  await Promise.all([...background, keeper]);
  return stage;
}
