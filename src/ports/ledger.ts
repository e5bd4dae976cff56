// Append-only record of every money movement; it outlives Temporal's retention.
import type { MinorUnits } from '../domain/types';
import type { LedgerKind } from '../domain/vocabulary';

export { LEDGER_KINDS, type LedgerKind } from '../domain/vocabulary';

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

export interface LedgerFilter {
  replacementId?: string;
  /** Inclusive, epoch ms. */
  from?: number;
  /** Exclusive, epoch ms. */
  to?: number;
}

/** Sums per kind, as finance reports them; `collected` = captured + charged − refunded. */
export interface LedgerTotals {
  authorized: number;
  reAuthorized: number;
  captured: number;
  released: number;
  charged: number;
  chargeFailed: number;
  refunded: number;
  authorizationFailed: number;
  collected: number;
  entries: number;
}

export interface LedgerTotalsRow extends LedgerTotals {
  currency: string;
  /**
   * Oslo calendar day, ISO week (its Monday) or month (`YYYY-MM-DD`, `YYYY-MM-DD`, `YYYY-MM`) when
   * bucketed; null for the whole period.
   */
  bucket: string | null;
}

export type LedgerBucket = 'day' | 'week' | 'month';

export interface Ledger {
  append(entry: LedgerEntry): Promise<{ inserted: boolean }>;
  entries(filter?: LedgerFilter): Promise<LedgerEntry[]>;
}

/** What finance reads of the ledger: entries and sums in SQL; it never appends. */
export interface LedgerReader {
  entries(filter?: LedgerFilter): Promise<LedgerEntry[]>;
  totals(filter?: LedgerFilter, bucket?: LedgerBucket | null): Promise<LedgerTotalsRow[]>;
  totalsByReplacement(replacementIds: readonly string[]): Promise<Map<string, LedgerTotals>>;
}
