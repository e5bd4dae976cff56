// Drives replacements through the HTTP API the way customers and warehouse staff would, and keeps
// going through 503s, timeouts and refused connections: every step is retried until the
// replacement's own status (read from the staff list, i.e. Temporal visibility) shows it happened.
import { signDevToken } from '../../src/api/dev-token';
import type { Role } from '../../src/api/auth';
import { CANCELLABLE_STATUSES } from '../../src/domain/lifecycle';
import type { ReplacementView } from '../../workflows/definitions';
import { CHAOS_JWT_SECRET } from './cluster';

export const SCENARIOS = ['covered', 'no_fault_found', 'not_covered', 'beyond_repair', 'declined', 'cancel'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Prices in øre, written out here (not read from the catalog) so a pricing slip cannot hide itself. */
export const PRODUCTS = {
  'IP17P-256': { retail: 1_599_000, examinationFee: 30_000, outOfWarrantyFee: 749_000 },
  'MBP14-M5-16-1TB': { retail: 2_399_000, examinationFee: 50_000, outOfWarrantyFee: 999_000 },
} as const;
export type Sku = keyof typeof PRODUCTS;

export interface Expected {
  status: 'completed' | 'declined' | 'cancelled';
  resolution: string | null;
  captured: number;
  /** Ledger rows by kind, in any order. */
  ledger: string[];
  /** Email templates the customer must have received, exactly once each. */
  emails: string[];
}

export function expectedFor(scenario: Scenario, sku: Sku): Expected {
  const p = PRODUCTS[sku];
  const done = ['request_received', 'hold_placed', 'dispatched', 'return_received', 'settled'];
  switch (scenario) {
    case 'covered':
      return { status: 'completed', resolution: 'hold_released', captured: 0, ledger: ['authorized', 'released'], emails: done };
    case 'no_fault_found':
      return { status: 'completed', resolution: 'fee_charged', captured: p.examinationFee, ledger: ['authorized', 'captured', 'released'], emails: done };
    case 'not_covered':
      return { status: 'completed', resolution: 'fee_charged', captured: p.outOfWarrantyFee, ledger: ['authorized', 'captured', 'released'], emails: done };
    case 'beyond_repair':
      return { status: 'completed', resolution: 'retail_price_charged', captured: p.retail, ledger: ['authorized', 'captured'], emails: done };
    case 'declined':
      return { status: 'declined', resolution: null, captured: 0, ledger: ['authorization_failed'], emails: ['request_received', 'declined'] };
    case 'cancel':
      return {
        status: 'cancelled',
        resolution: null,
        captured: 0,
        ledger: ['authorized', 'released'],
        emails: ['request_received', 'hold_placed', 'cancelled'],
      };
  }
}

export interface Tracked {
  index: number;
  scenario: Scenario;
  sku: Sku;
  /** For cancels: right after the request (racing the authorization) or once in the dispatch queue. */
  cancelWhen: 'at_once' | 'queued';
  customer: string;
  email: string;
  serial: string;
  idempotencyKey: string;
  id: string | null;
  status: string | null;
  /** The workflow has closed, per Temporal itself (not the API's read model). */
  closed: boolean;
  busy: boolean;
}

export interface HttpStats {
  requests: number;
  /** Answers that made the driver try again: 5xx, 429, timeouts, refused connections. */
  retried: number;
  byStatus: Record<string, number>;
  listFailures: number;
}

export interface HttpResult {
  status: number;
  body: unknown;
}

const CANCELLABLE = new Set<string>(CANCELLABLE_STATUSES);

export class Driver {
  readonly stats: HttpStats = { requests: 0, retried: 0, byStatus: {}, listFailures: 0 };
  private tokens = new Map<string, string>();
  private inFlight = 0;

  constructor(
    private readonly baseUrl: string,
    readonly items: Tracked[],
    private readonly maxInFlight = 64,
  ) {}

  private async token(role: Role, sub: string): Promise<string> {
    const key = `${role}:${sub}`;
    let t = this.tokens.get(key);
    if (!t) {
      t = await signDevToken({ AUTH_JWT_SECRET: CHAOS_JWT_SECRET, AUTH_JWT_ALGORITHM: 'HS256' }, { role, sub, ttl: '2h' });
      this.tokens.set(key, t);
    }
    return t;
  }

  async request(method: 'GET' | 'POST', path: string, role: Role, sub: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    this.stats.requests += 1;
    let result: HttpResult;
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${await this.token(role, sub)}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // Above the API's own 60 s update deadline, so the API answers first.
        signal: AbortSignal.timeout(75_000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      result = { status: res.status, body: parsed };
    } catch (err) {
      result = { status: 0, body: String(err) };
    }
    const key = result.status === 0 ? 'network' : String(result.status);
    this.stats.byStatus[key] = (this.stats.byStatus[key] ?? 0) + 1;
    if (result.status === 0 || result.status === 429 || result.status >= 500) this.stats.retried += 1;
    return result;
  }

  done(t: Tracked): boolean {
    return t.closed;
  }

  allDone(): boolean {
    return this.items.every((t) => this.done(t));
  }

  /** One pass: refresh every status from the staff list, then start whatever step is due. */
  async tick(): Promise<void> {
    await this.refresh();
    for (const t of this.items) {
      if (t.busy || this.done(t) || this.inFlight >= this.maxInFlight) continue;
      const step = this.nextStep(t);
      if (!step) continue;
      t.busy = true;
      this.inFlight += 1;
      void step()
        .catch(() => undefined)
        .finally(() => {
          t.busy = false;
          this.inFlight -= 1;
        });
    }
  }

  private nextStep(t: Tracked): (() => Promise<void>) | null {
    if (!t.id) return () => this.create(t);
    const s = t.status;
    if (t.scenario === 'cancel') {
      const due = t.cancelWhen === 'at_once' ? s !== null && CANCELLABLE.has(s) : s === 'awaiting_dispatch';
      return due ? () => this.update(t, 'cancel', 'customer', t.customer, { reason: 'changed my mind' }) : null;
    }
    if (t.scenario === 'declined') return null;
    if (s === 'awaiting_dispatch') return () => this.update(t, 'dispatch', 'warehouse', 'chaos-warehouse', { replacementSerialNumber: `RPL-${t.index}` });
    if (s === 'dispatched' || s === 'return_in_transit') return () => this.update(t, 'receipt', 'warehouse', 'chaos-warehouse', { serialNumber: t.serial });
    if (s === 'awaiting_inspection') {
      const outcome = t.scenario === 'beyond_repair' ? 'not_covered' : t.scenario;
      return () =>
        this.update(t, 'inspection', 'warehouse', 'chaos-warehouse', {
          outcome,
          notes: `chaos run, ${t.scenario}`,
          ...(t.scenario === 'beyond_repair' ? { beyondRepair: true } : {}),
        });
    }
    return null;
  }

  private async create(t: Tracked): Promise<void> {
    const purchased = new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10);
    const r = await this.request(
      'POST',
      '/v1/replacements',
      'customer',
      t.customer,
      {
        sku: t.sku,
        serialNumber: t.serial,
        purchaseDate: purchased,
        issueDescription: `Chaos run replacement ${t.index}`,
        coverage: 'warranty',
        serviceLevel: 'standard',
        paymentMethodId: t.scenario === 'declined' ? 'pm_card_chargeDeclined' : 'pm_card_visa',
        email: t.email,
        locale: t.index % 2 === 0 ? 'nb' : 'en',
        shippingAddress: { name: `Kunde ${t.index}`, line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' },
        acceptTerms: true,
      },
      { 'Idempotency-Key': t.idempotencyKey },
    );
    if (r.status === 201 || r.status === 200) {
      const body = r.body as { id: string; status: string };
      t.id = body.id;
      t.status ??= body.status;
      // Racing the authorization is the point of an early cancel.
      if (t.scenario === 'cancel' && t.cancelWhen === 'at_once') await this.update(t, 'cancel', 'customer', t.customer, { reason: 'changed my mind' });
    }
  }

  private async update(t: Tracked, name: 'cancel' | 'dispatch' | 'receipt' | 'inspection', role: Role, sub: string, body: unknown): Promise<void> {
    const r = await this.request('POST', `/v1/replacements/${t.id}/${name}`, role, sub, body);
    if (r.status === 200) t.status = (r.body as ReplacementView).status;
    // 409 means the step already happened (or another is in progress): the next refresh tells.
  }

  /** Statuses of all replacements from the staff list (answers without a worker). */
  async refresh(): Promise<void> {
    const seen = new Map<string, { status: string | null }>();
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const q: string = `/v1/replacements?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await this.request('GET', q, 'warehouse', 'chaos-warehouse');
      if (r.status !== 200) {
        this.stats.listFailures += 1;
        return;
      }
      const body = r.body as { items: { id: string; status: string | null }[]; nextCursor: string | null };
      for (const item of body.items) seen.set(item.id, item);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    for (const t of this.items) {
      const item = t.id ? seen.get(t.id) : undefined;
      if (!item) continue;
      t.status = item.status;
    }
  }

  /** The full view through the API (a Temporal query answered by the worker). */
  async view(t: Tracked): Promise<ReplacementView | null> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const r = await this.request('GET', `/v1/replacements/${t.id}`, 'warehouse', 'chaos-warehouse');
      if (r.status === 200) return r.body as ReplacementView;
      await new Promise((res) => setTimeout(res, 1000));
    }
    return null;
  }
}
