// Daily books check, started by the `ledger-reconciliation` schedule: the ledger against the payment
// provider's records, then redaction of personal data past its retention. Both activities are
// idempotent, so a retry or an overlapping manual run changes nothing twice.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ReconciliationResult, ReplacementActivities } from '../activities';

export interface ReconciliationInput {
  /** Epoch ms; omitted on scheduled runs (the period is derived from the start time). */
  from?: number;
  to?: number;
}

export interface ReconciliationOutcome {
  reconciliation: ReconciliationResult;
  redacted: number;
}

const HOUR_MS = 60 * 60 * 1000;
/**
 * Two days back, so a missed run or a DST shift of the 03:00 Oslo start leaves no gap (findings
 * are stored once per movement, so the overlap is harmless), ending an hour ago so that movements
 * whose ledger write is still being retried are not reported.
 */
const LOOKBACK_MS = 48 * HOUR_MS;
const SETTLE_MS = HOUR_MS;

const { reconcileLedger, redactExpiredPersonalData } = proxyActivities<ReplacementActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5 },
});

export async function reconciliationWorkflow(input: ReconciliationInput = {}): Promise<ReconciliationOutcome> {
  // Workflow time is the start time, recorded in history: deterministic on replay.
  const startedAt = workflowInfo().runStartTime.getTime();
  const to = input.to ?? Math.floor((startedAt - SETTLE_MS) / 60_000) * 60_000;
  const from = input.from ?? to - LOOKBACK_MS;
  const reconciliation = await reconcileLedger({ from, to });
  const redacted = await redactExpiredPersonalData({ now: startedAt });
  return { reconciliation, redacted };
}
