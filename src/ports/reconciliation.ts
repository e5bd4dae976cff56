// What the daily reconciliation finds between the ledger and the payment provider, and where the
// findings are kept for finance.
import type { MinorUnits } from '../domain/types';
import type { MovementKind } from './payment-gateway';

export interface Finding {
  replacementId: string;
  kind: MovementKind;
  /** null: the ledger has no such movement. */
  ledgerAmount: MinorUnits | null;
  /** null: the provider has no such movement. */
  providerAmount: MinorUnits | null;
  providerRef: string | null;
  detail: string;
}

export interface StoredFinding extends Finding {
  id: number;
  runAt: number;
  resolvedAt: number | null;
}

export interface FindingStore {
  /**
   * Stores a run's findings, one row per movement: an open one is refreshed, a resolved one left
   * alone. Returns how many were new.
   */
  record(findings: readonly Finding[], runAt: number): Promise<{ inserted: number }>;
  /** Newest first; `openOnly` leaves out the resolved ones. */
  list(filter?: { openOnly?: boolean; limit?: number }): Promise<StoredFinding[]>;
  /** Marks a finding resolved; false when there is no open one with that id. */
  resolve(id: number, at: number): Promise<boolean>;
}
