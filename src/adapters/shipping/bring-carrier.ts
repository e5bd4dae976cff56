// Bring (Posten Norge) behind the Carrier port, over plain HTTP:
//   - Booking API   POST {base}/booking/api/booking — the outbound parcel and its prepaid return
//                   are booked in one consignment (`product` + `returnProduct`), so the customer
//                   gets both labels from one call and Bring bills the return only if it is used.
//   - Tracking API  GET  {base}/tracking/api/v2/tracking.json?q=<number>
//   - Event Cast    Bring's webhook pushes, relayed by our proxy (contract below).
//
// Field names follow developer.bring.com (Booking, Tracking and Event Cast API pages). Two parts of
// the booking answer are less well documented than the rest — the return consignment's number and
// label (`returnConsignmentNumber`, `returnLinks`) — so every Bring field name lives in the schemas
// and tables of this file and nowhere else.
//
// Idempotency: the Booking API has no idempotency header, and a retried activity must not book a
// second parcel. Results are kept in a BookingStore keyed by the activity's idempotency key, and
// concurrent calls with one key share one request. The store only helps if it outlives the worker
// process: InMemoryBookingStore suits tests and a single long-lived worker, JsonFileBookingStore a
// single host; several workers need a shared store (a database table). A crash between Bring's
// answer and the store write can still book twice: Bring offers nothing to detect that.
//
// Errors: a 4xx answer (bad address, unknown product, bad credentials) is a CarrierRejectedError,
// which Temporal does not retry; 408, 429, 5xx and network failures are thrown as retryable errors.
//
// Webhook contract (our proxy): Bring's Event Cast POSTs to the proxy, which checks the shared header
// configured on the Bring subscription, then forwards the body unchanged (one event object, or an
// array of them when it batches) with `x-carrier-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<body>">` — the same scheme as the sandbox carrier (webhook-signature.ts).
import { osloLocalDateTime } from '../../domain/calendar';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { JsonDocument } from '../../lib/json-file';
import type { Booking, BookingRequest, Carrier, TrackingEvent, TrackingKind } from '../../ports/carrier';
import type { LabelAddress } from './label-pdf';
import { CARRIER_SIGNATURE_HEADER, verifyCarrierSignature } from '../../lib/webhook-signature';

// ---- errors ----------------------------------------------------------------------------------------

/** Error type seen by workflows (ActivityFailure → cause.type). */
export const CARRIER_REJECTED = 'CarrierRejected';

/**
 * The carrier refused the request itself (validation, credentials, unknown product): retrying the
 * same request cannot succeed. An ApplicationFailure marked non-retryable, so Temporal stops
 * retrying the activity without any mapping in the activity code.
 */
export class CarrierRejectedError extends ApplicationFailure {
  constructor(
    message: string,
    readonly status: number,
    readonly codes: string[] = [],
  ) {
    super(message, CARRIER_REJECTED, true, [{ status, codes }]);
  }
}
Object.defineProperty(CarrierRejectedError.prototype, 'name', { value: 'CarrierRejectedError' });

/** Rate limited or the carrier is down (429, 5xx): retryable. */
export class CarrierUnavailableError extends Error {
  override readonly name = 'CarrierUnavailableError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

// ---- idempotency store -----------------------------------------------------------------------------

/** What a Bring booking returns: the port's Booking plus Bring's package numbers. */
export interface BringBooking extends Booking {
  /** Package (colli) numbers of the outbound consignment; Bring tracks by these too. */
  packageNumbers: string[];
  trackingUrl?: string;
}

export interface BookingStore {
  get(idempotencyKey: string): Promise<BringBooking | undefined>;
  put(idempotencyKey: string, booking: BringBooking): Promise<void>;
}

export class InMemoryBookingStore implements BookingStore {
  private readonly items = new Map<string, BringBooking>();
  async get(key: string) {
    return this.items.get(key);
  }
  async put(key: string, booking: BringBooking) {
    this.items.set(key, booking);
  }
}

/** Survives worker restarts on one host (same JSON-document scheme as the sandboxes). */
export class JsonFileBookingStore implements BookingStore {
  private readonly doc: JsonDocument<Record<string, BringBooking>>;
  constructor(path: string) {
    this.doc = new JsonDocument(path, () => ({}));
  }
  async get(key: string) {
    return this.doc.read()[key];
  }
  async put(key: string, booking: BringBooking) {
    await this.doc.update((d) => {
      d[key] = booking;
    });
  }
}

// ---- Bring status → TrackingKind ---------------------------------------------------------------------

/**
 * Bring's event statuses (shared by the Tracking API and Event Cast) mapped to our kinds. null means
 * "not a movement of the parcel" and is dropped. Conservative on purpose: a return counts as in
 * transit only once Bring has physically handled it, because that stops the not-returned charge.
 * Statuses missing here are dropped too.
 */
export const BRING_STATUS_KINDS: Readonly<Record<string, TrackingKind | null>> = {
  PRE_NOTIFIED: null, // EDI from our booking arrived: nothing has been handed in yet
  NOTIFICATION_SENT: null, // an SMS/e-mail went out; can precede any physical scan
  DELIVERY_ORDERED: null,
  DELIVERY_CHANGED: null, // the recipient changed the date
  NOT_REGISTERED: null, // Event Cast: about the subscription (not handed in within two days)
  EXPIRED: null, // Event Cast: the subscription expired
  HANDED_IN: 'in_transit',
  COLLECTED: 'in_transit',
  IN_TRANSIT: 'in_transit',
  TERMINAL: 'in_transit',
  INTERNATIONAL: 'in_transit',
  CUSTOMS: 'in_transit',
  TRANSPORT_TO_RECIPIENT: 'in_transit',
  READY_FOR_PICKUP: 'in_transit',
  ATTEMPTED_DELIVERY: 'in_transit', // still with Bring: redelivered or sent to a pickup point
  DELIVERED: 'delivered',
  RETURN: 'returned_to_sender',
  DELIVERED_SENDER: 'returned_to_sender',
  DEVIATION: 'exception',
  DELIVERY_CANCELLED: 'exception',
};

export function bringStatusKind(status: string): TrackingKind | null {
  return BRING_STATUS_KINDS[status.trim().toUpperCase()] ?? null;
}

// ---- wire formats ------------------------------------------------------------------------------------

const bookingErrorSchema = z.object({
  uniqueId: z.string().nullish(),
  code: z.string().nullish(),
  messages: z.array(z.object({ lang: z.string().nullish(), message: z.string() })).nullish(),
});

const bookingResponseSchema = z.object({
  consignments: z.array(
    z.object({
      confirmation: z
        .object({
          consignmentNumber: z.string(),
          links: z.object({ labels: z.string().nullish(), tracking: z.string().nullish() }).nullish(),
          packages: z.array(z.object({ packageNumber: z.string() })).nullish(),
          // The return booked by `returnProduct` (see the file header).
          returnConsignmentNumber: z.string().nullish(),
          returnLinks: z.object({ labels: z.string().nullish() }).nullish(),
        })
        .nullish(),
      errors: z.array(bookingErrorSchema).nullish(),
    }),
  ),
});

const trackingEventSchema = z.object({
  status: z.string(),
  description: z.string().nullish(),
  dateIso: z.string(),
  city: z.string().nullish(),
  countryCode: z.string().nullish(),
});

const trackingResponseSchema = z.object({
  consignmentSet: z.array(
    z.object({
      consignmentId: z.string().nullish(),
      error: z.object({ code: z.number().nullish(), message: z.string().nullish() }).nullish(),
      packageSet: z.array(z.object({ packageNumber: z.string().nullish(), eventSet: z.array(trackingEventSchema).nullish() })).nullish(),
    }),
  ),
});

/** One Event Cast push, as documented on Bring's Event Cast API page. */
const eventCastSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  shipment: z.string().nullish(),
  package: z.string().nullish(),
  created: z.string(),
});

/** Bring writes `+0000`; Date.parse wants `+00:00` to be sure of the offset. */
function parseBringTime(s: string): number {
  const at = Date.parse(s.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(at)) throw new Error(`unreadable Bring timestamp ${JSON.stringify(s)}`);
  return at;
}

/**
 * Event Cast pushes, relayed and signed by our webhook proxy (one push or an array), as tracking
 * events; statuses we do not act on are left out. Throws WebhookSignatureError for a bad signature,
 * SyntaxError for a body that is not JSON, ZodError for one that is not Event Cast.
 */
export function parseBringEventCast(rawBody: Buffer, headers: WebhookHeaders, webhookSecret: string, nowMs: number): TrackingEvent[] {
  verifyCarrierSignature(rawBody, headers[CARRIER_SIGNATURE_HEADER], webhookSecret, 300, Math.floor(nowMs / 1000));
  const json: unknown = JSON.parse(rawBody.toString('utf8'));
  const pushes = z
    .array(eventCastSchema)
    .min(1)
    .max(100)
    .parse(Array.isArray(json) ? json : [json]);
  const events: TrackingEvent[] = [];
  for (const p of pushes) {
    const kind = bringStatusKind(p.status);
    // We subscribe by consignment number, which is what Booking.trackingNumber holds.
    const trackingNumber = p.shipment ?? p.package;
    if (!kind || !trackingNumber) continue;
    events.push({ eventId: `bring:${p.id}`, trackingNumber, kind, at: parseBringTime(p.created), description: `Bring ${p.status}` });
  }
  return events;
}

// ---- the carrier -------------------------------------------------------------------------------------

export interface BringPackage {
  weightInKg: number;
  dimensions?: { lengthInCm: number; widthInCm: number; heightInCm: number };
}

export interface BringCarrierOptions {
  /** Mybring login (e-mail) and API key. */
  apiUid: string;
  apiKey: string;
  /** Identifies our integration to Bring (X-Bring-Client-URL), e.g. the merchant's site. */
  clientUrl: string;
  /** Bring customer number the shipments are billed to. */
  customerNumber: string;
  /** The warehouse: sender of outbound parcels and recipient of returns. */
  warehouse: LabelAddress & { email?: string };
  /** Secret our webhook proxy signs relayed Event Cast pushes with. */
  webhookSecret: string;
  /** Test bookings are validated but never shipped or billed. Defaults to true: production opts out. */
  testIndicator?: boolean;
  /** Default https://api.bring.com. */
  baseUrl?: string;
  /** Outbound service; default 5800 (parcel to pickup point), one Bring pairs with free returns. */
  outboundProductId?: string;
  /** Return service; default 9350 (return to business). */
  returnProductId?: string;
  /** Weight and size of the parcel for a SKU; default 1 kg. */
  packageFor?: (sku: string) => BringPackage;
  store?: BookingStore;
  clock?: () => number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type WebhookHeaders = Record<string, string | string[] | undefined>;

export class BringCarrier implements Carrier {
  readonly name = 'bring';
  private readonly baseUrl: string;
  private readonly store: BookingStore;
  private readonly clock: () => number;
  private readonly fetch: typeof fetch;
  private readonly inflight = new Map<string, Promise<BringBooking>>();

  constructor(private readonly opts: BringCarrierOptions) {
    this.baseUrl = (opts.baseUrl ?? 'https://api.bring.com').replace(/\/+$/, '');
    this.store = opts.store ?? new InMemoryBookingStore();
    this.clock = opts.clock ?? Date.now;
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  book(req: BookingRequest): Promise<BringBooking> {
    // A retry that overlaps a still-running attempt (heartbeat timeout) joins it.
    const running = this.inflight.get(req.idempotencyKey);
    if (running) return running;
    const attempt = (async () => {
      const stored = await this.store.get(req.idempotencyKey);
      if (stored) return stored;
      const booking = await this.postBooking(req);
      await this.store.put(req.idempotencyKey, booking);
      return booking;
    })().finally(() => this.inflight.delete(req.idempotencyKey));
    this.inflight.set(req.idempotencyKey, attempt);
    return attempt;
  }

  async tracking(trackingNumber: string): Promise<TrackingEvent[]> {
    const url = `${this.baseUrl}/tracking/api/v2/tracking.json?q=${encodeURIComponent(trackingNumber)}`;
    const res = await this.request(url, { method: 'GET', headers: this.headers() });
    const body = trackingResponseSchema.parse(await res.json());
    const events = new Map<string, TrackingEvent>();
    for (const consignment of body.consignmentSet) {
      // Bring answers 200 with an in-body 404 until the number is in its systems — which is also
      // the case for a return label the customer has not handed in yet: no events, not an error.
      if (consignment.error) {
        if (consignment.error.code === 404) continue;
        throw new Error(`Bring tracking error ${consignment.error.code ?? '?'}: ${consignment.error.message ?? ''}`);
      }
      for (const pkg of consignment.packageSet ?? []) {
        for (const e of pkg.eventSet ?? []) {
          const kind = bringStatusKind(e.status);
          if (!kind) continue;
          // Tracking events carry no id: derive one that is stable across polls. Consignment-level
          // events repeat under every package and collapse here.
          const eventId = `bring:${trackingNumber}:${e.status}:${e.dateIso}`;
          const place = [e.city, e.countryCode].filter(Boolean).join(', ');
          events.set(eventId, {
            eventId,
            trackingNumber, // the number the caller follows (consignment or package)
            kind,
            at: parseBringTime(e.dateIso),
            description: truncate(`${e.description ?? e.status}${place ? ` (${place})` : ''}`),
          });
        }
      }
    }
    return [...events.values()].sort((a, b) => a.at - b.at);
  }

  parseWebhook(rawBody: Buffer, headers: WebhookHeaders): TrackingEvent[] {
    return parseBringEventCast(rawBody, headers, this.opts.webhookSecret, this.clock());
  }

  // ---- internals -----------------------------------------------------------------------------------

  private headers(): Record<string, string> {
    return {
      Accept: 'application/json',
      'X-Mybring-API-Uid': this.opts.apiUid,
      'X-Mybring-API-Key': this.opts.apiKey,
      'X-Bring-Client-URL': this.opts.clientUrl,
    };
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    const res = await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000) });
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      throw new CarrierUnavailableError(`Bring answered ${res.status} to ${init.method} ${new URL(url).pathname}`, res.status);
    }
    const { message, codes } = describeBookingErrors(text);
    throw new CarrierRejectedError(`Bring rejected ${init.method} ${new URL(url).pathname} (${res.status}): ${message}`, res.status, codes);
  }

  private async postBooking(req: BookingRequest): Promise<BringBooking> {
    const res = await this.request(`${this.baseUrl}/booking/api/booking`, {
      method: 'POST',
      headers: { ...this.headers(), 'Content-Type': 'application/json' },
      body: JSON.stringify(this.bookingBody(req)),
    });
    const body = bookingResponseSchema.parse(await res.json());
    const c = body.consignments[0];
    if (!c) throw new CarrierRejectedError('Bring booking answer holds no consignment', res.status);
    if (c.errors?.length || !c.confirmation) {
      const { message, codes } = describeBookingErrors(JSON.stringify(body));
      throw new CarrierRejectedError(`Bring rejected the booking: ${message}`, res.status, codes);
    }
    const conf = c.confirmation;
    // The outbound parcel is booked at this point; retrying would book another. Missing return or
    // label data needs a person, not a retry.
    if (!conf.returnConsignmentNumber || !conf.returnLinks?.labels || !conf.links?.labels) {
      throw new CarrierRejectedError(
        `Bring booked consignment ${conf.consignmentNumber} without a return label or labels; check the ${this.returnProductId()} return agreement`,
        res.status,
        ['RETURN_NOT_BOOKED'],
      );
    }
    return {
      carrier: this.name,
      trackingNumber: conf.consignmentNumber,
      returnTrackingNumber: conf.returnConsignmentNumber,
      labelUrl: conf.links.labels,
      returnLabelUrl: conf.returnLinks.labels,
      packageNumbers: (conf.packages ?? []).map((p) => p.packageNumber),
      ...(conf.links.tracking ? { trackingUrl: conf.links.tracking } : {}),
    };
  }

  private returnProductId() {
    return this.opts.returnProductId ?? '9350';
  }

  private bookingBody(req: BookingRequest) {
    const pkg = this.opts.packageFor?.(req.sku) ?? { weightInKg: 1 };
    const w = this.opts.warehouse;
    return {
      schemaVersion: 1,
      // Bring reads the test flag on the request's root: the whole request is a test booking.
      testIndicator: this.opts.testIndicator ?? true,
      consignments: [
        {
          correlationId: req.serviceNumber,
          shippingDateTime: osloLocalDateTime(this.clock()),
          parties: {
            sender: {
              name: w.name,
              addressLine: w.line1,
              ...(w.line2 ? { addressLine2: w.line2 } : {}),
              postalCode: w.postalCode,
              city: w.city,
              countryCode: w.country,
              reference: req.serviceNumber,
              contact: { name: w.name, ...(w.email ? { email: w.email } : {}), ...(w.phone ? { phoneNumber: w.phone } : {}) },
            },
            recipient: {
              name: req.to.name,
              addressLine: req.to.line1,
              ...(req.to.line2 ? { addressLine2: req.to.line2 } : {}),
              postalCode: req.to.postalCode,
              city: req.to.city,
              countryCode: req.to.country,
              reference: req.serviceNumber,
              contact: { name: req.to.name, ...(req.to.phone ? { phoneNumber: req.to.phone } : {}) },
            },
          },
          product: { id: this.opts.outboundProductId ?? '5800', customerNumber: this.opts.customerNumber },
          returnProduct: { id: this.returnProductId() },
          packages: [
            {
              correlationId: `${req.serviceNumber}-1`,
              weightInKg: pkg.weightInKg,
              goodsDescription: truncate(`${req.description} (${req.sku})`, 80),
              ...(pkg.dimensions ? { dimensions: pkg.dimensions } : {}),
            },
          ],
        },
      ],
    };
  }
}

function truncate(s: string, max = 500): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Bring's error messages (English preferred) and codes from an error body, or its first bytes. */
function describeBookingErrors(text: string): { message: string; codes: string[] } {
  try {
    const parsed = bookingResponseSchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const errors = parsed.data.consignments.flatMap((c) => c.errors ?? []);
      if (errors.length) {
        const messages = errors.map((e) => {
          const m = e.messages ?? [];
          return (m.find((x) => x.lang === 'en') ?? m[0])?.message ?? e.code ?? 'unspecified error';
        });
        return { message: messages.join('; '), codes: errors.map((e) => e.code ?? '').filter(Boolean) };
      }
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return { message: text.slice(0, 300) || 'no details', codes: [] };
}
