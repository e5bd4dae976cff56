// Finance's actions on a replacement's money (goodwill refunds, retried collections): reserved
// before the provider is called, completed with its answer, listed for the case page.
import type { CollectedMoney, FinanceActionView, FinanceDecision } from '../domain/finance';
import type { Actor } from '../domain/replacement';
import type { MinorUnits } from '../domain/types';
import type { FinanceActionKind, FinanceActionOutcome, FinanceActionState } from '../domain/vocabulary';

export interface FinanceActionRecord {
  id: string;
  replacementId: string;
  kind: FinanceActionKind;
  amount: MinorUnits;
  currency: string;
  reason: string | null;
  state: FinanceActionState;
  /** Set once done. */
  outcome: FinanceActionOutcome | null;
  actor: Actor;
  requestedAt: number; // epoch ms
  completedAt: number | null;
  /** The provider's refund or payment id. */
  providerRef: string | null;
}

export interface NewFinanceAction {
  id: string;
  replacementId: string;
  kind: FinanceActionKind;
  reason: string | null;
  actor: Actor;
  requestedAt: number;
}

/** What a reservation decides on, read under the replacement's lock. */
export interface ReservationFacts {
  /** The ledger's captured, charged and refunded sums for the replacement. */
  collected: CollectedMoney;
  /** The declined off-session charge the ledger recorded last, if any. */
  failedChargeAmount: MinorUnits | null;
  /** The replacement's other actions (not the one being reserved). */
  others: FinanceActionRecord[];
}

export interface FinanceActionStore {
  /**
   * Under a lock on the replacement: `decide` sees the ledger's sums and the other actions, and
   * the action is stored `pending` for the amount it allows. The same id again returns the stored
   * action without deciding anew (a retried activity).
   */
  reserve(action: NewFinanceAction, decide: (facts: ReservationFacts) => FinanceDecision): Promise<{ action: FinanceActionRecord } | { refused: string }>;
  /** Marks it done with its outcome; completing a done action again changes nothing. */
  complete(id: string, result: { outcome: FinanceActionOutcome; providerRef: string | null; at: number }): Promise<FinanceActionRecord>;
  /** The provider refused the request itself: the reservation is given back. */
  fail(id: string, at: number): Promise<void>;
  get(id: string): Promise<FinanceActionRecord | undefined>;
  /** Oldest first. */
  list(replacementId: string): Promise<FinanceActionRecord[]>;
}

/** A done action as the API shows it; pending and failed ones moved no money and are not shown. */
export function toFinanceActionView(a: FinanceActionRecord): FinanceActionView | null {
  if (a.state !== 'done' || !a.outcome) return null;
  return {
    id: a.id,
    kind: a.kind,
    amount: a.amount,
    currency: 'NOK',
    reason: a.reason,
    outcome: a.outcome,
    actor: a.actor,
    at: new Date(a.completedAt ?? a.requestedAt).toISOString(),
    providerRef: a.providerRef,
  };
}

/** The done actions, oldest first, as the API shows them. */
export function doneFinanceActions(actions: FinanceActionRecord[]): FinanceActionView[] {
  return actions.map(toFinanceActionView).filter((a): a is FinanceActionView => a !== null);
}
