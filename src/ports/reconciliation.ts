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
  /** Who resolved it (the principal's subject) and what they noted; null while open. */
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export interface FindingResolution {
  at: number;
  by: string;
  note: string;
}

export interface FindingStore {
  /**
   * Stores a run's findings, one row per movement: an open one is refreshed, a resolved one left
   * alone. Returns how many were new.
   */
  record(findings: readonly Finding[], runAt: number): Promise<{ inserted: number }>;
  /** Newest first; `openOnly` leaves out the resolved ones. */
  list(filter?: { openOnly?: boolean; limit?: number }): Promise<StoredFinding[]>;
  get(id: number): Promise<StoredFinding | undefined>;
  /** Marks a finding resolved (by whom, with what note); false when there is no open one with that id. */
  resolve(id: number, at: number, by?: Omit<FindingResolution, 'at'>): Promise<boolean>;
}
