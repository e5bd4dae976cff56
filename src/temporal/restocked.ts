// The `restocked` signal, sent by whoever adds units (the API after a receipt, the worker after a
// cancel gives a unit back) to the replacements waiting in line for them.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { restockedSignal } from '../../workflows/definitions';

/** Signals `restocked` to a replacement's workflow; false when it no longer runs. */
export async function signalRestocked(client: Client, workflowId: string, sku: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).signal(restockedSignal, { sku });
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
