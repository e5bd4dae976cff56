// Records kept beside the workflows: the read model, the reconciliation with the provider, and
// retention of personal data.
import type { Finding, FindingStore } from '../src/ports/reconciliation';
import type { Ledger } from '../src/ports/ledger';
import type { PaymentGateway } from '../src/ports/payment-gateway';
import type { ReadModel } from '../src/ports/read-model';
import { DAY_MS, type PersonalDataRetention } from '../src/ports/retention';
import type { ReplacementView } from '../src/domain/replacement';
import { compareMovements, EDGE_MS } from './reconciliation';

export interface ReconciliationResult {
  from: number;
  to: number;
  /** False when the provider has no way to list its movements: nothing was compared. */
  providerSupported: boolean;
  detail?: string;
  ledgerEntries: number;
  providerMovements: number;
  findings: Finding[];
  /** Findings not seen by an earlier run. */
  newFindings: number;
}

export const DEFAULT_RETENTION_DAYS = 365;

export interface RecordDeps {
  payment: PaymentGateway;
  ledger: Ledger;
  readModel?: ReadModel;
  findings?: FindingStore;
  retention?: PersonalDataRetention;
  retentionDays?: number;
}

export function createRecordActivities(deps: RecordDeps, now: () => number) {
  const provider = deps.payment.name;
  return {
    /** Upserts the replacement's row; a stale version (late retry, replay) is ignored by the store. */
    async projectReplacement(req: { view: ReplacementView; version: number }): Promise<void> {
      await deps.readModel?.project(req.view, req.version);
    },
    /** Compares the ledger with the provider's records for `[from, to)` and stores the mismatches. */
    async reconcileLedger(req: { from: number; to: number }): Promise<ReconciliationResult> {
      const base = { from: req.from, to: req.to, ledgerEntries: 0, providerMovements: 0, findings: [], newFindings: 0 };
      if (!deps.payment.listMovements) {
        return { ...base, providerSupported: false, detail: `provider ${provider} cannot list movements` };
      }
      const wide = { from: req.from - EDGE_MS, to: req.to + EDGE_MS };
      const [entries, movements] = await Promise.all([deps.ledger.entries(wide), deps.payment.listMovements(wide)]);
      // Entries of a previous provider (after a switch) have no counterpart here by design.
      const ours = entries.filter((e) => e.provider === provider);
      const findings = compareMovements(ours, movements, req);
      const { inserted } = deps.findings ? await deps.findings.record(findings, now()) : { inserted: 0 };
      return { ...base, providerSupported: true, ledgerEntries: ours.length, providerMovements: movements.length, findings, newFindings: inserted };
    },
    /** Redacts personal data of replacements closed more than RETENTION_DAYS before `now`; returns the count. */
    async redactExpiredPersonalData(req: { now: number }): Promise<number> {
      if (!deps.retention) return 0;
      const days = deps.retentionDays ?? DEFAULT_RETENTION_DAYS;
      return deps.retention.redactClosedBefore(req.now - days * DAY_MS, now());
    },
  };
}
