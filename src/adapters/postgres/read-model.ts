// The read model in PostgreSQL (table `replacements`). Lists are keyset-paged: a cursor carries the
// sort keys of the last row, so pages stay stable while rows are added and each page is an index
// range scan however deep the client pages.
import type pg from 'pg';
import { cursorTag, decodeCursor, encodeCursor, InvalidCursorError } from '../../lib/cursor';
import { assertAmount, sqlState, toSafeInteger, toTimestamp } from './sql';
import { normalizeSerial } from '../../domain/device';
import { TERMINAL_STATUSES } from '../../domain/lifecycle';
import { withFinanceAdjustment, type FinanceAdjustment } from '../../domain/finance';
import type { Resolution, Status } from '../../domain/types';
import type { Flag, HoldState, ReplacementView } from '../../domain/replacement';
import {
  DEFAULT_EXPIRING_MARGIN_MS,
  type HoldFilter,
  type HoldsQuery,
  type ListQuery,
  type DispatchQueueQuery,
  type Page,
  type PageRequest,
  type ReadModel,
  type RelatedReplacement,
  type ReplacementRow,
  type ReplacementTotals,
} from '../../ports/read-model';

interface Row {
  id: string;
  workflow_id: string;
  status: Status;
  resolution: Resolution | null;
  customer_sub: string;
  email: string;
  sku: string;
  hold_amount: string;
  captured_amount: string;
  refunded_amount: string;
  currency: string;
  hold_state: HoldState;
  authorization_id: string | null;
  capture_before: Date | null;
  return_deadline: Date | null;
  dispatch_due_by: Date | null;
  flags: Flag[];
  policy_version: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  view: ReplacementView;
  version: string;
  finance_collected: string;
  finance_refunded: string;
  [key: `k${number}`]: string;
}

const COLUMNS = `id, workflow_id, status, resolution, customer_sub, email, sku, hold_amount, captured_amount,
  refunded_amount, currency, hold_state, authorization_id, capture_before, return_deadline, dispatch_due_by, flags,
  policy_version, created_at, updated_at, completed_at, view, version`;
/** What is read back: the projected columns and what finance actions added on top of them. */
const SELECTED = `${COLUMNS}, finance_collected, finance_refunded`;

/** A sort key: an expression, the type its text form is cast back to, and (for rows) how to read it. */
interface Key {
  expr: string;
  type: 'timestamptz' | 'boolean' | 'text';
}

interface Keyset {
  keys: Key[]; // the last one must be unique (id)
  direction: 'asc' | 'desc';
}

const ID: Key = { expr: 'id', type: 'text' };
const INFINITY = `'infinity'::timestamptz`;

const HOLD_WHERE: Record<HoldFilter, string> = {
  active: `hold_state = 'active'`,
  expiring: `hold_state = 'active' AND capture_before < COALESCE(return_deadline, $now::timestamptz) + $margin::double precision * interval '1 millisecond'`,
  // A lapsed or failed hold, or one flagged while the replacement is still open.
  unsecured: `(hold_state = 'unsecured' OR (flags @> ARRAY['unsecured'] AND status <> ALL ($terminal::text[])))`,
  captured: `hold_state IN ('captured', 'charged')`,
  released: `hold_state = 'released'`,
};

/** The view and its JSON, with every U+0000 in strings replaced by U+FFFD (the replacement character). */
function withoutNul(view: ReplacementView): { view: ReplacementView; json: string } {
  const json = JSON.stringify(view);
  if (!json.includes('\\u0000')) return { view, json }; // JSON writes U+0000 as that escape
  const clean = JSON.parse(json, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : v)) as ReplacementView;
  return { view: clean, json: JSON.stringify(clean) };
}

export class PgReadModel implements ReadModel {
  constructor(private readonly pool: pg.Pool) {}

  async project(original: ReplacementView, version: number): Promise<{ applied: boolean }> {
    // PostgreSQL text and jsonb cannot hold U+0000; a NUL that reached a view through a channel
    // without input checks (a carrier's event text) must not stop the projection for good.
    const { view, json } = withoutNul(original);
    if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`version must be a non-negative safe integer, got ${version}`);
    assertAmount(view.holdAmount, 'holdAmount');
    assertAmount(view.capturedAmount, 'capturedAmount');
    assertAmount(view.refundedAmount, 'refundedAmount');
    const terminal = TERMINAL_STATUSES.includes(view.status);
    const { rowCount } = await this.pool.query(
      `INSERT INTO replacements (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
       ON CONFLICT (id) DO UPDATE SET
         workflow_id = EXCLUDED.workflow_id, status = EXCLUDED.status, resolution = EXCLUDED.resolution,
         customer_sub = EXCLUDED.customer_sub, email = EXCLUDED.email, sku = EXCLUDED.sku,
         -- What finance actions added stays on top of each new projection (withFinanceAdjustment).
         hold_amount = EXCLUDED.hold_amount, captured_amount = EXCLUDED.captured_amount + replacements.finance_collected,
         refunded_amount = EXCLUDED.refunded_amount + replacements.finance_refunded, currency = EXCLUDED.currency,
         hold_state = CASE WHEN replacements.finance_collected > 0 THEN 'charged' ELSE EXCLUDED.hold_state END,
         authorization_id = EXCLUDED.authorization_id, capture_before = EXCLUDED.capture_before,
         return_deadline = EXCLUDED.return_deadline, dispatch_due_by = EXCLUDED.dispatch_due_by,
         flags = CASE WHEN replacements.finance_collected > 0 THEN array_remove(EXCLUDED.flags, 'collection_required') ELSE EXCLUDED.flags END,
         policy_version = EXCLUDED.policy_version, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
         -- The first time it closed; a late return after closing keeps that date.
         completed_at = CASE WHEN EXCLUDED.completed_at IS NULL THEN NULL
                             ELSE COALESCE(replacements.completed_at, EXCLUDED.completed_at) END,
         view = EXCLUDED.view, version = EXCLUDED.version
       WHERE replacements.version < EXCLUDED.version`,
      [
        view.id,
        view.workflowId,
        view.status,
        view.resolution,
        view.customer.sub,
        view.customer.email,
        view.sku,
        String(view.holdAmount),
        String(view.capturedAmount),
        String(view.refundedAmount),
        view.currency,
        view.hold.state,
        view.hold.authorizationId,
        nullableTimestamp(view.hold.captureBefore),
        nullableTimestamp(view.returnDeadline),
        nullableTimestamp(view.dispatchDueBy),
        view.flags,
        view.policyVersion,
        toTimestamp(view.createdAt),
        toTimestamp(view.updatedAt),
        terminal ? toTimestamp(view.updatedAt) : null,
        json,
        String(version),
      ],
    );
    return { applied: rowCount === 1 };
  }

  async adjustForFinance(id: string, adjustment: FinanceAdjustment, at: number): Promise<{ applied: boolean }> {
    assertAmount(adjustment.collected, 'collected');
    assertAmount(adjustment.refunded, 'refunded');
    // Recomputed from the projected view each time, so applying the same totals twice changes nothing.
    const { rowCount } = await this.pool.query(
      `UPDATE replacements SET
         finance_collected = $2, finance_refunded = $3,
         captured_amount = (view->>'capturedAmount')::bigint + $2,
         refunded_amount = (view->>'refundedAmount')::bigint + $3,
         hold_state = CASE WHEN $2 > 0 THEN 'charged' ELSE view->'hold'->>'state' END,
         flags = CASE WHEN $2 > 0 THEN array_remove(ARRAY(SELECT jsonb_array_elements_text(view->'flags')), 'collection_required')
                      ELSE ARRAY(SELECT jsonb_array_elements_text(view->'flags')) END,
         updated_at = GREATEST(updated_at, $4::timestamptz)
       WHERE id = $1`,
      [id, String(adjustment.collected), String(adjustment.refunded), toTimestamp(at)],
    );
    return { applied: rowCount === 1 };
  }

  async get(id: string): Promise<ReplacementRow | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT ${SELECTED} FROM replacements WHERE id = $1`, [id]);
    return rows.length ? toReplacementRow(rows[0]) : undefined;
  }

  list(query: ListQuery): Promise<Page<ReplacementRow>> {
    const sort = query.sort ?? 'createdAt';
    const order = query.order ?? 'desc';
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.status) {
      where.push('status = $status');
      params.status = query.status;
    }
    if (query.customerSub) {
      where.push('customer_sub = $customer');
      params.customer = query.customerSub;
    }
    const keyset: Keyset = { keys: [{ expr: sort === 'createdAt' ? 'created_at' : 'updated_at', type: 'timestamptz' }, ID], direction: order };
    return this.page({ name: 'list', status: query.status ?? null, customer: query.customerSub ?? null, sort, order }, where, params, keyset, query);
  }

  dispatchQueue(query: DispatchQueueQuery): Promise<Page<ReplacementRow>> {
    const keyset: Keyset = {
      keys: [{ expr: `COALESCE(dispatch_due_by, ${INFINITY})`, type: 'timestamptz' }, { expr: 'created_at', type: 'timestamptz' }, ID],
      direction: 'asc',
    };
    const where = [`status = 'awaiting_dispatch'`];
    if (query.review === 'required') where.push(`flags @> ARRAY['review_required']`);
    if (query.review === 'clear') where.push(`NOT flags @> ARRAY['review_required']`);
    return this.page({ name: 'dispatch-queue', review: query.review ?? null }, where, {}, keyset, query);
  }

  incomingReturns(query: PageRequest): Promise<Page<ReplacementRow>> {
    const keyset: Keyset = {
      keys: [
        { expr: `(status <> 'return_in_transit')`, type: 'boolean' }, // false (in transit) sorts first
        { expr: `COALESCE(return_deadline, ${INFINITY})`, type: 'timestamptz' },
        ID,
      ],
      direction: 'asc',
    };
    return this.page({ name: 'incoming-returns' }, [`status IN ('dispatched', 'return_in_transit')`], {}, keyset, query);
  }

  holds(query: HoldsQuery): Promise<Page<ReplacementRow>> {
    const params: Record<string, unknown> = {};
    const where = HOLD_WHERE[query.state];
    if (where.includes('$now')) {
      params.now = toTimestamp(query.now);
      params.margin = String(query.expiringMarginMs ?? DEFAULT_EXPIRING_MARGIN_MS);
    }
    if (where.includes('$terminal')) params.terminal = [...TERMINAL_STATUSES];
    const byExpiry = query.state === 'active' || query.state === 'expiring';
    const keyset: Keyset = byExpiry
      ? { keys: [{ expr: `COALESCE(capture_before, ${INFINITY})`, type: 'timestamptz' }, ID], direction: 'asc' }
      : { keys: [{ expr: 'updated_at', type: 'timestamptz' }, ID], direction: 'desc' };
    // `expiring` depends on `now`, which moves between pages; the cursor is bound to the filter only.
    return this.page({ name: 'holds', state: query.state, margin: params.margin ?? null }, [where], params, keyset, query);
  }

  async related(query: { id: string; serialNumber: string; customerSub: string; limit: number }): Promise<RelatedReplacement[]> {
    const { rows } = await this.pool.query<{ id: string; status: Status; created_at: Date; same_device: boolean; same_customer: boolean }>(
      `SELECT id, status, created_at, upper(btrim(view->>'serialNumber')) = $2 AS same_device, customer_sub = $3 AS same_customer
       FROM replacements
       WHERE id <> $1 AND (upper(btrim(view->>'serialNumber')) = $2 OR customer_sub = $3)
       ORDER BY created_at DESC LIMIT $4`,
      [query.id, normalizeSerial(query.serialNumber), query.customerSub, query.limit],
    );
    return rows.map((r) => ({ id: r.id, status: r.status, createdAt: r.created_at.toISOString(), sameDevice: r.same_device, sameCustomer: r.same_customer }));
  }

  async search(query: { q: string; limit: number }): Promise<ReplacementRow[]> {
    // Each comparison matches an expression index of migration 0014, so the OR is a bitmap of index scans.
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM replacements
       WHERE lower(id) = $1 OR lower(email) = $1
          OR upper(btrim(view->>'serialNumber')) = $2
          OR upper(btrim(view->'dispatch'->>'replacementSerialNumber')) = $2
          OR lower(view->'dispatch'->>'trackingNumber') = $1
          OR lower(view->'returnLabel'->>'trackingNumber') = $1
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [query.q.trim().toLowerCase(), normalizeSerial(query.q), query.limit],
    );
    return rows.map(toReplacementRow);
  }

  async findByTrackingNumber(trackingNumber: string): Promise<string | undefined> {
    // Two indexed lookups rather than one OR, so each can use its expression index.
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM replacements WHERE view->'returnLabel'->>'trackingNumber' = $1
       UNION ALL
       SELECT id FROM replacements WHERE view->'dispatch'->>'trackingNumber' = $1
       LIMIT 1`,
      [trackingNumber],
    );
    return rows[0]?.id;
  }

  async totals(period: { from: number; to: number }): Promise<ReplacementTotals[]> {
    const { rows } = await this.pool.query<{
      currency: string;
      status: Status;
      resolution: Resolution | null;
      requested: string;
      held: string;
      closed: string;
      captured: string;
      refunded: string;
    }>(
      `WITH p AS (SELECT $1::timestamptz AS lo, $2::timestamptz AS hi)
       SELECT currency, status, resolution,
              count(*) FILTER (WHERE created_at >= lo AND created_at < hi)::text AS requested,
              COALESCE(sum(hold_amount) FILTER (WHERE created_at >= lo AND created_at < hi), 0)::text AS held,
              count(*) FILTER (WHERE completed_at >= lo AND completed_at < hi)::text AS closed,
              COALESCE(sum(captured_amount) FILTER (WHERE completed_at >= lo AND completed_at < hi), 0)::text AS captured,
              COALESCE(sum(refunded_amount) FILTER (WHERE completed_at >= lo AND completed_at < hi), 0)::text AS refunded
       FROM replacements, p
       WHERE (created_at >= lo AND created_at < hi) OR (completed_at >= lo AND completed_at < hi)
       GROUP BY currency, status, resolution
       ORDER BY currency`,
      [toTimestamp(period.from), toTimestamp(period.to)],
    );
    const byCurrency = new Map<string, ReplacementTotals>();
    for (const r of rows) {
      let t = byCurrency.get(r.currency);
      if (!t) {
        t = { currency: r.currency, requested: 0, heldAmount: 0, closed: 0, byStatus: {}, byResolution: {}, capturedAmount: 0, refundedAmount: 0 };
        byCurrency.set(r.currency, t);
      }
      const closed = toSafeInteger(r.closed);
      t.requested += toSafeInteger(r.requested);
      t.heldAmount += toSafeInteger(r.held, 'held amount');
      t.closed += closed;
      t.capturedAmount += toSafeInteger(r.captured, 'captured amount');
      t.refundedAmount += toSafeInteger(r.refunded, 'refunded amount');
      if (closed > 0) {
        t.byStatus[r.status] = (t.byStatus[r.status] ?? 0) + closed;
        if (r.resolution) t.byResolution[r.resolution] = (t.byResolution[r.resolution] ?? 0) + closed;
      }
    }
    return [...byCurrency.values()];
  }

  /**
   * One keyset page. `where` clauses use named parameters ($name), numbered here; the cursor's keys
   * continue strictly after the last row of the previous page in the keyset's order.
   */
  private async page(
    shape: Record<string, unknown>,
    where: string[],
    named: Record<string, unknown>,
    keyset: Keyset,
    req: PageRequest,
  ): Promise<Page<ReplacementRow>> {
    if (!Number.isInteger(req.limit) || req.limit < 1) throw new RangeError(`limit must be a positive integer, got ${req.limit}`);
    const tag = cursorTag(shape);
    const params: unknown[] = [];
    const numbered = (clause: string) =>
      clause.replace(/\$([a-z]+)/g, (_, name: string) => {
        if (!(name in named)) throw new Error(`no parameter ${name}`);
        params.push(named[name]);
        return `$${params.length}`;
      });
    const clauses = where.map(numbered);
    const exprs = keyset.keys.map((k) => k.expr);
    if (req.cursor) {
      const after = decodeCursor(tag, req.cursor, keyset.keys.length);
      const placeholders = keyset.keys.map((k, i) => {
        params.push(after[i]);
        return `$${params.length}::${k.type}`;
      });
      clauses.push(`(${exprs.join(', ')}) ${keyset.direction === 'asc' ? '>' : '<'} (${placeholders.join(', ')})`);
    }
    params.push(req.limit + 1);
    const sql = `SELECT ${SELECTED}, ${exprs.map((e, i) => `(${e})::text AS k${i}`).join(', ')}
      FROM replacements
      ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
      ORDER BY ${exprs.map((e) => `${e} ${keyset.direction}`).join(', ')}
      LIMIT $${params.length}`;
    let rows: Row[];
    try {
      ({ rows } = await this.pool.query<Row>(sql, params));
    } catch (err) {
      // A cursor with the right tag but keys PostgreSQL cannot read was tampered with.
      if (req.cursor && sqlState(err)?.startsWith('22')) throw new InvalidCursorError();
      throw err;
    }
    const more = rows.length > req.limit;
    const items = more ? rows.slice(0, req.limit) : rows;
    const last = items[items.length - 1];
    return {
      items: items.map(toReplacementRow),
      nextCursor:
        more && last
          ? encodeCursor(
              tag,
              keyset.keys.map((_, i) => last[`k${i}`]),
            )
          : null,
    };
  }
}

const nullableTimestamp = (iso: string | null) => (iso === null ? null : toTimestamp(iso));
const iso = (d: Date) => d.toISOString();

function toReplacementRow(r: Row): ReplacementRow {
  const finance = { collected: toSafeInteger(r.finance_collected, 'finance_collected'), refunded: toSafeInteger(r.finance_refunded, 'finance_refunded') };
  return {
    id: r.id,
    workflowId: r.workflow_id,
    status: r.status,
    resolution: r.resolution,
    customerSub: r.customer_sub,
    email: r.email,
    sku: r.sku,
    holdAmount: toSafeInteger(r.hold_amount, 'hold_amount'),
    capturedAmount: toSafeInteger(r.captured_amount, 'captured_amount'),
    refundedAmount: toSafeInteger(r.refunded_amount, 'refunded_amount'),
    currency: r.currency,
    holdState: r.hold_state,
    authorizationId: r.authorization_id,
    captureBefore: r.capture_before && iso(r.capture_before),
    returnDeadline: r.return_deadline && iso(r.return_deadline),
    dispatchDueBy: r.dispatch_due_by && iso(r.dispatch_due_by),
    flags: r.flags,
    policyVersion: r.policy_version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    completedAt: r.completed_at && iso(r.completed_at),
    version: toSafeInteger(r.version, 'version'),
    view: withFinanceAdjustment(r.view, finance),
    finance,
  };
}
