// Read model port: one row per replacement, projected from the workflow's view, queried by the API
// for sorted, paged staff lists and finance filters — without waking workflows, and after Temporal
// has forgotten finished ones.
import type { DispatchReviewFilter, HoldFilter, Resolution, Status } from '../domain/vocabulary';
import type { Flag, HoldState, ReplacementView } from '../domain/replacement';
import type { FinanceAdjustment } from '../domain/finance';

export { HOLD_FILTERS, type HoldFilter } from '../domain/vocabulary';

/** Statuses after which nothing more happens to a replacement (a lifecycle rule). */

/**
 * An active hold is `expiring` when its authorization lapses before the return deadline plus this
 * margin (it will need renewing before settlement can capture it); without a deadline yet, before
 * now plus this margin.
 */
export const DEFAULT_EXPIRING_MARGIN_MS = 48 * 3_600_000;

export interface ReplacementRow {
  id: string;
  workflowId: string;
  status: Status;
  resolution: Resolution | null;
  customerSub: string;
  email: string;
  sku: string;
  holdAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  currency: string;
  holdState: HoldState;
  authorizationId: string | null;
  captureBefore: string | null;
  returnDeadline: string | null;
  dispatchDueBy: string | null;
  flags: Flag[];
  policyVersion: string | null;
  createdAt: string;
  updatedAt: string;
  /** When it first reached a terminal status. */
  completedAt: string | null;
  /** The projected version of the view. */
  version: number;
  /** The projected view with what finance actions added applied (withFinanceAdjustment). */
  view: ReplacementView;
  /** What finance actions added: applied to a view fresh from the workflow, it shows what staff see here. */
  finance: FinanceAdjustment;
}

export interface RelatedReplacement {
  id: string;
  status: Status;
  createdAt: string;
  sameDevice: boolean;
  sameCustomer: boolean;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface ListQuery extends PageRequest {
  status?: Status;
  customerSub?: string;
  /** Default `createdAt`. */
  sort?: 'createdAt' | 'updatedAt';
  /** Default `desc` (newest first). */
  order?: 'asc' | 'desc';
}

export interface DispatchQueueQuery extends PageRequest {
  /** `required`: only those waiting for staff review; `clear`: only those that may ship. */
  review?: DispatchReviewFilter;
}

export interface HoldsQuery extends PageRequest {
  state: HoldFilter;
  /** Epoch ms; `expiring` measures from here when a replacement has no return deadline yet. */
  now: number;
  expiringMarginMs?: number;
}

export interface ReplacementTotals {
  currency: string;
  /** Replacements requested in the period and the holds placed for them. */
  requested: number;
  heldAmount: number;
  /** Replacements that reached a terminal status in the period, by status and by resolution. */
  closed: number;
  byStatus: Partial<Record<Status, number>>;
  byResolution: Partial<Record<Resolution, number>>;
  /** Captured and refunded on the replacements closed in the period. */
  capturedAmount: number;
  refundedAmount: number;
}

export interface ReadModel {
  /**
   * Upserts the row for `view` at `version` (any number that grows with each change of the view).
   * A version at or below the stored one is ignored: late or replayed projections never undo newer state.
   */
  project(view: ReplacementView, version: number): Promise<{ applied: boolean }>;
  /**
   * Sets what finance actions added to the replacement (totals, not increments): a collected retry
   * makes it charged and clears `collection_required`; refunds add to what was refunded. Later
   * projections keep it on top. False when there is no row for `id`.
   */
  adjustForFinance(id: string, adjustment: FinanceAdjustment, at: number): Promise<{ applied: boolean }>;
  /** The row, its view adjusted by finance actions. */
  get(id: string): Promise<ReplacementRow | undefined>;
  /** All replacements, optionally by status or customer; newest first unless told otherwise. */
  list(query: ListQuery): Promise<Page<ReplacementRow>>;
  /** awaiting_dispatch, oldest SLA (dispatchDueBy) first; those without one last, by request time. */
  dispatchQueue(query: DispatchQueueQuery): Promise<Page<ReplacementRow>>;
  /** dispatched and return_in_transit: in transit first, then by the nearest return deadline. */
  incomingReturns(query: PageRequest): Promise<Page<ReplacementRow>>;
  /** Finance's hold filters; active/expiring by when the authorization lapses, the rest newest first. */
  holds(query: HoldsQuery): Promise<Page<ReplacementRow>>;
  /** Per currency: requested in [from, to) and closed in [from, to) (epoch ms). */
  totals(period: { from: number; to: number }): Promise<ReplacementTotals[]>;
  /** Other replacements for the same device (normalized serial) or by the same customer, newest first. */
  related(query: { id: string; serialNumber: string; customerSub: string; limit: number }): Promise<RelatedReplacement[]>;
  /**
   * Staff case search, newest first: replacements whose service number, customer email, original or
   * replacement serial, or outbound or return tracking number equals `q` (case-insensitive).
   */
  search(query: { q: string; limit: number }): Promise<ReplacementRow[]>;
  /** The replacement whose outbound parcel or return label has this tracking number. */
  findByTrackingNumber(trackingNumber: string): Promise<string | undefined>;
}
