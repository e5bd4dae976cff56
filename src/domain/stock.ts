// Stock rules: what a receipt or an adjustment may do, who a receipt wakes, what a customer is told
// about availability, and when a waiting replacement gives up. Pure; the stores enforce the same
// limits in SQL so a bug here can never oversell.

// The journal's movement kinds and adjustment reasons are part of the vocabulary; re-exported here
// for the stock code that imports them with the rules.
export { STOCK_ADJUSTMENT_REASONS, STOCK_MOVEMENT_KINDS } from './vocabulary';
export type { StockAdjustmentReason, StockMovementKind } from './vocabulary';

/** The most units one receipt or adjustment may move (a typo guard: a pallet, not a warehouse). */
export const MAX_UNITS_PER_MOVEMENT = 10_000;
/** The most units of one SKU on hand; far below what the integer column holds. */
export const MAX_UNITS_ON_HAND = 1_000_000;

export interface StockLevel {
  onHand: number;
  /** Units promised to replacements that have not shipped yet. */
  reserved: number;
}

/** A level with the line of replacements waiting for a unit of it. */
export interface StockLine extends StockLevel {
  waiting: number;
}

export type StockCheck = { ok: true; onHandAfter: number } | { ok: false; reason: 'reserved_units' | 'too_many'; message: string };

/** Whether `delta` units may be added to (or, negative, taken from) a SKU's stock. */
export function checkStockChange(level: StockLevel, delta: number): StockCheck {
  if (!Number.isSafeInteger(delta) || delta === 0) throw new RangeError(`a stock change must be a non-zero integer, got ${delta}`);
  const onHandAfter = level.onHand + delta;
  const available = level.onHand - level.reserved;
  if (onHandAfter < level.reserved) {
    return {
      ok: false,
      reason: 'reserved_units',
      message:
        `only ${Math.max(available, 0)} unit(s) can be taken: ${level.onHand} on hand, ${level.reserved} reserved for replacements ` +
        'waiting to be dispatched (cancel or dispatch those first)',
    };
  }
  if (onHandAfter > MAX_UNITS_ON_HAND) {
    return { ok: false, reason: 'too_many', message: `at most ${MAX_UNITS_ON_HAND} units of one SKU can be on hand; this would make ${onHandAfter}` };
  }
  return { ok: true, onHandAfter };
}

/**
 * How many replacements waiting in line a SKU can serve now: each available unit wakes one, the
 * oldest first, and no more (a woken replacement that finds the unit taken waits again).
 */
export function replacementsToWake(line: StockLine): number {
  return Math.max(0, Math.min(line.onHand - line.reserved, line.waiting));
}

export interface Availability {
  /** A request now would be reserved a unit at once (no one waiting is ahead of it). */
  shipsImmediately: boolean;
  /** Replacements already waiting for this SKU; a new request waits behind them. */
  waitingRequests: number;
}

/** What a customer is told before requesting: units left over after those already waiting are served. */
export function availabilityOf(line: StockLine): Availability {
  return { shipsImmediately: line.onHand - line.reserved > line.waiting, waitingRequests: line.waiting };
}

/** When a replacement that started waiting at `sinceMs` is cancelled if no unit has come (its hold released). */
export function stockWaitEndsAt(sinceMs: number, maxStockWaitDays: number): number {
  return sinceMs + maxStockWaitDays * 86_400_000;
}

/** How long a replacement waits for stock when a policy version does not say (a customer's card must not stay on hold indefinitely). */
export const DEFAULT_MAX_STOCK_WAIT_DAYS = 30;

/** How long a replacement may wait for stock under its terms (or its policy version); older ones carry no term. */
export const maxStockWaitDaysOf = (terms: { maxStockWaitDays?: number } | null | undefined): number => terms?.maxStockWaitDays ?? DEFAULT_MAX_STOCK_WAIT_DAYS;
