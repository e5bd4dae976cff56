// The provisioned Java test server skips time: a 30-day sleep completes at once, and it accepts
// the custom search attributes the service's workflows upsert.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { SA_STATUS } from '../../workflows/search-attributes';
import { createTestWorker, createTimeSkippingEnv } from '../helpers/temporal';
import { harnessActivities } from './activities';
import { longSleepWorkflow } from './workflows';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('time-skipping test server harness', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  test('a 30-day sleep finishes without waiting 30 days', async () => {
    const { worker, taskQueue } = await createTestWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      workflowsPath: require.resolve('./workflows'),
      activities: harnessActivities,
    });
    const serverTimeBefore = await env.currentTimeMs();
    const wallBefore = Date.now();

    const result = await worker.runUntil(env.client.workflow.execute(longSleepWorkflow, { taskQueue, workflowId: `harness-sleep-${taskQueue}`, args: [30] }));

    expect(result.wokeAt - result.startedAt).toBeGreaterThanOrEqual(30 * DAY_MS);
    expect((await env.currentTimeMs()) - serverTimeBefore).toBeGreaterThanOrEqual(30 * DAY_MS);
    // 30 days of workflow time did not take 30 days (or even an hour) of real time.
    expect(Date.now() - wallBefore).toBeLessThan(60 * 60 * 1000);

    const description = await env.client.workflow.getHandle(`harness-sleep-${taskQueue}`).describe();
    expect(description.typedSearchAttributes.get(SA_STATUS)).toBe('woke-1');
  });
});
