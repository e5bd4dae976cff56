// Compares the ledger with the payment provider's own records for a period. Pure: the activity
// fetches both sides and stores what this returns.
import type { LedgerEntry, LedgerKind } from '../src/ports/ledger';
import type { MovementKind, ProviderMovement } from '../src/ports/payment-gateway';
import type { Finding } from '../src/ports/reconciliation';

/** Ledger kinds that moved money, as the provider names them; failures moved nothing. */
const LEDGER_TO_MOVEMENT: Partial<Record<LedgerKind, MovementKind>> = {
  authorized: 'authorized',
  re_authorized: 'authorized', // a renewal is a new authorization at the provider
  captured: 'captured',
  released: 'released',
  charged: 'charged',
  refunded: 'refunded',
};

/**
 * Ledger timestamps are taken after the provider answered, so the two sides of one movement can
 * straddle the period's edge; both sides are fetched this much wider and matched before trimming.
 */
export const EDGE_MS = 60 * 60 * 1000;

interface Side {
  replacementId: string;
  kind: MovementKind;
  providerRef: string | null;
  amount: number;
  at: number;
}

const keyOf = (s: Pick<Side, 'replacementId' | 'kind' | 'providerRef'>) => `${s.replacementId}\u0000${s.kind}\u0000${s.providerRef ?? ''}`;

function sum(sides: Side[]): Map<string, Side> {
  const m = new Map<string, Side>();
  for (const s of sides) {
    const k = keyOf(s);
    const prev = m.get(k);
    // Several entries for one key (unusual, e.g. two releases) compare as their total.
    m.set(k, prev ? { ...prev, amount: prev.amount + s.amount, at: Math.min(prev.at, s.at) } : { ...s });
  }
  return m;
}

/** Findings for movements in `[from, to)`; inputs may cover a wider range (see EDGE_MS). */
export function compareMovements(ledger: readonly LedgerEntry[], provider: readonly ProviderMovement[], range: { from: number; to: number }): Finding[] {
  const l = sum(
    ledger.flatMap((e) => {
      const kind = LEDGER_TO_MOVEMENT[e.kind];
      return kind ? [{ replacementId: e.replacementId, kind, providerRef: e.providerRef ?? null, amount: e.amount, at: e.at }] : [];
    }),
  );
  const p = sum(provider.map((m) => ({ replacementId: m.replacementId, kind: m.kind, providerRef: m.providerRef, amount: m.amount, at: m.at })));
  const inRange = (at: number) => at >= range.from && at < range.to;
  const findings: Finding[] = [];
  for (const k of new Set([...l.keys(), ...p.keys()])) {
    const a = l.get(k);
    const b = p.get(k);
    const any = (a ?? b)!;
    // Owned by the period in which the earlier side happened, so adjacent runs do not both report it.
    if (!inRange(Math.min(a?.at ?? Infinity, b?.at ?? Infinity))) continue;
    const base = {
      replacementId: any.replacementId,
      kind: any.kind,
      providerRef: any.providerRef,
      ledgerAmount: a?.amount ?? null,
      providerAmount: b?.amount ?? null,
    };
    if (!a) findings.push({ ...base, detail: `provider ${any.kind} ${b!.amount} not in the ledger` });
    else if (!b) findings.push({ ...base, detail: `ledger ${any.kind} ${a.amount} not at the provider` });
    else if (a.amount !== b.amount) findings.push({ ...base, detail: `${any.kind} amount differs: ledger ${a.amount}, provider ${b.amount}` });
  }
  return findings.sort((x, y) => x.replacementId.localeCompare(y.replacementId) || x.kind.localeCompare(y.kind));
}
