// The daily reconciliation workflow on the suite's dev server: it runs both activities over the
// period it derives from its start time, and the worker's schedule is created once.
import { randomUUID } from 'node:crypto';
import type { ReconciliationResult } from '../../activities';
import { ensureSchedules } from '../../worker/schedules';
import { reconciliationWorkflow } from '../../workflows';
import { createTestWorker, useDevServer } from '../helpers/temporal';

const HOUR = 60 * 60 * 1000;

describe('reconciliationWorkflow', () => {
  const temporal = useDevServer();

  test('reconciles the two days up to an hour before its start, then redacts as of its start', async () => {
    const calls: { reconcile: { from: number; to: number }[]; redact: { now: number }[] } = { reconcile: [], redact: [] };
    const { worker, taskQueue } = await createTestWorker({
      connection: temporal.nativeConnection,
      activities: {
        async reconcileLedger(req: { from: number; to: number }): Promise<ReconciliationResult> {
          calls.reconcile.push(req);
          return { ...req, providerSupported: true, ledgerEntries: 3, providerMovements: 4, findings: [], newFindings: 1 };
        },
        async redactExpiredPersonalData(req: { now: number }): Promise<number> {
          calls.redact.push(req);
          return 7;
        },
      },
    });
    await worker.runUntil(async () => {
      const handle = await temporal.client.workflow.start(reconciliationWorkflow, { taskQueue, workflowId: `reconciliation-${randomUUID()}`, args: [{}] });
      const outcome = await handle.result();
      const { startTime, closeTime } = await handle.describe();
      // Workflow time: when the run started, as recorded in its history.
      expect(calls.redact).toHaveLength(1);
      const startedAt = calls.redact[0].now;
      expect(startedAt).toBeGreaterThanOrEqual(startTime.getTime());
      expect(startedAt).toBeLessThanOrEqual(closeTime!.getTime());
      const [{ from, to }] = calls.reconcile;
      expect(to).toBe(Math.floor((startedAt - HOUR) / 60_000) * 60_000);
      expect(to - from).toBe(48 * HOUR);
      expect(outcome).toEqual({
        reconciliation: { from, to, providerSupported: true, ledgerEntries: 3, providerMovements: 4, findings: [], newFindings: 1 },
        redacted: 7,
      });

      // A manual rerun for a given period uses it as is.
      const manual = await temporal.client.workflow.execute(reconciliationWorkflow, {
        taskQueue,
        workflowId: `reconciliation-${randomUUID()}`,
        args: [{ from: 1_000, to: 2_000 }],
      });
      expect(manual.reconciliation).toMatchObject({ from: 1_000, to: 2_000 });
      expect(calls.reconcile[1]).toEqual({ from: 1_000, to: 2_000 });
    });
  });

  test('the worker creates its daily 03:00 Oslo schedule once; a second start leaves it alone', async () => {
    const scheduleId = `ledger-reconciliation-test-${randomUUID()}`;
    try {
      expect(await ensureSchedules(temporal.client, 'some-queue', { scheduleId })).toEqual({ created: [scheduleId] });
      expect(await ensureSchedules(temporal.client, 'some-queue', { scheduleId })).toEqual({ created: [] });
      const description = await temporal.client.schedule.getHandle(scheduleId).describe();
      expect(description.spec.timezone).toBe('Europe/Oslo');
      expect(description.spec.calendars).toEqual([expect.objectContaining({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] })]);
      expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'reconciliationWorkflow', taskQueue: 'some-queue' });
    } finally {
      await temporal.client.schedule
        .getHandle(scheduleId)
        .delete()
        .catch(() => undefined);
    }
  });
});
