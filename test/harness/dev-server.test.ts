// The suite's Temporal dev server runs workflows with activities, signals, updates and custom
// search attributes (registered from workflows/search-attributes.ts) that list queries can see.
import { randomUUID } from 'node:crypto';
import { SA_CUSTOMER, SA_STATUS } from '../../workflows/search-attributes';
import { createTestWorker, useDevServer } from '../helpers/temporal';
import { harnessActivities } from './activities';
import { approveSignal, greetingWorkflow, setNoteUpdate, stateQuery } from './workflows';

describe('Temporal dev server harness', () => {
  const temporal = useDevServer();

  test('activity, signal, update and a searchable custom attribute', async () => {
    const { worker, taskQueue } = await createTestWorker({
      connection: temporal.nativeConnection,
      workflowsPath: require.resolve('./workflows'),
      activities: harnessActivities,
    });
    const customer = `harness-${randomUUID()}`;

    await worker.runUntil(async () => {
      const handle = await temporal.client.workflow.start(greetingWorkflow, {
        taskQueue,
        workflowId: `harness-greeting-${randomUUID()}`,
        args: ['Kari'],
        typedSearchAttributes: [{ key: SA_CUSTOMER, value: customer }],
      });

      await expect(handle.executeUpdate(setNoteUpdate, { args: [''] })).rejects.toMatchObject({
        cause: { message: 'note must not be empty' },
      });
      expect(await handle.executeUpdate(setNoteUpdate, { args: ['first'] })).toBe('');
      expect(await handle.executeUpdate(setNoteUpdate, { args: ['second'] })).toBe('first');
      expect(await handle.query(stateQuery)).toBe('waiting');

      await handle.signal(approveSignal, 'warehouse');
      expect(await handle.result()).toEqual({
        greeting: 'hello Kari from attempt 1',
        note: 'second',
        approvedBy: 'warehouse',
      });

      // Visibility is eventually consistent; poll briefly.
      const query = `${SA_CUSTOMER.name} = "${customer}" AND ${SA_STATUS.name} = "done"`;
      let found: string[] = [];
      for (let i = 0; i < 100 && found.length === 0; i++) {
        found = [];
        for await (const wf of temporal.client.workflow.list({ query })) found.push(wf.workflowId);
        if (found.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(found).toEqual([handle.workflowId]);

      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(SA_STATUS)).toBe('done');
      expect(description.typedSearchAttributes.get(SA_CUSTOMER)).toBe(customer);
    });
  });
});
