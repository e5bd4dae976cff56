// Schedules the worker makes sure exist at start-up. Created once; a later start finds it and
// leaves it alone, so an operator's pause or edit in the Temporal UI survives restarts.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { reconciliationWorkflow } from '../workflows';

export const RECONCILIATION_SCHEDULE_ID = 'ledger-reconciliation';

/** `scheduleId` is overridable so tests on a shared server do not touch the real schedule. */
export async function ensureSchedules(
  client: Client,
  taskQueue: string,
  { scheduleId = RECONCILIATION_SCHEDULE_ID }: { scheduleId?: string } = {},
): Promise<{ created: string[] }> {
  try {
    await client.schedule.create<typeof reconciliationWorkflow>({
      scheduleId,
      // Before the working day in Norway, after the night's captures and releases.
      spec: { calendars: [{ hour: 3, minute: 0, comment: 'daily 03:00' }], timezone: 'Europe/Oslo' },
      action: {
        type: 'startWorkflow',
        workflowType: 'reconciliationWorkflow',
        workflowId: scheduleId,
        taskQueue,
        args: [{}],
      },
      // A run that overlaps the next (a slow provider) is enough; a missed day is caught up once.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    return { created: [scheduleId] };
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return { created: [] };
    throw err;
  }
}
