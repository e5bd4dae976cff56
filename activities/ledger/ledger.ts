// Append-only record of every money movement; it outlives Temporal's retention.
import type { MinorUnits } from '../../src/domain/types';
import type { LedgerKind } from '../../src/domain/vocabulary';

export { LEDGER_KINDS, type LedgerKind } from '../../src/domain/vocabulary';

export interface LedgerEntry {
  /** Unique: workflow id + step. Appending the same key twice stores one row. */
  idempotencyKey: string;
  replacementId: string;
  kind: LedgerKind;
  amount: MinorUnits;
  currency: string;
  provider: string;
  providerRef?: string;
  at: number; // epoch ms
  note?: string;
}

export interface Ledger {
  append(entry: LedgerEntry): Promise<{ inserted: boolean }>;
  entries(filter?: { replacementId?: string; from?: number; to?: number }): Promise<LedgerEntry[]>;
}
