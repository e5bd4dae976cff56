// Carrier for the embedded default and tests: books outbound + prepaid return shipments with
// stable tracking numbers, records tracking events, renders the labels, and signs/verifies
// webhooks like a real one.
import { CarrierUnavailableError } from '../adapters/shipping/bring-carrier';
import { createHash } from 'node:crypto';
import { JsonDocument } from '../lib/json-file';
import { signedLabelUrl } from '../lib/label-link';
import type { Booking, BookingRequest, Carrier, TrackingEvent, TrackingKind } from '../ports/carrier';
import { renderLabelPdf, type LabelAddress } from '../adapters/shipping/label-pdf';
import { verifyCarrierSignature, signCarrierPayload, CARRIER_SIGNATURE_HEADER } from '../lib/webhook-signature';
import { CARRIER_EVENT_KINDS } from '../domain/vocabulary';

interface StoredBooking extends Booking {
  serviceNumber: string;
  request: BookingRequest;
  /** Epoch ms; absent on bookings stored before labels were rendered here. */
  bookedAt?: number;
}

interface State {
  bookings: Record<string, StoredBooking>;
  events: Record<string, TrackingEvent[]>;
}

/** Where outbound parcels leave from and returns go to. */
export const DEFAULT_WAREHOUSE_ADDRESS: LabelAddress = {
  name: 'Returmottak Økern, Express Replacement AS',
  line1: 'Brobekkveien 80',
  postalCode: '0582',
  city: 'Oslo',
  country: 'NO',
};

export interface SandboxCarrierOptions {
  path?: string | null;
  /** Base for label links, e.g. http://localhost:3000 (the API serves the PDFs). */
  publicBaseUrl: string;
  webhookSecret: string;
  clock?: () => number;
  /** Sender of outbound parcels and recipient of returns; defaults to a warehouse in Oslo. */
  warehouseAddress?: LabelAddress;
}

/** A signed webhook delivery, ready to POST to the API's carrier webhook. */
export interface WebhookDelivery {
  body: string;
  headers: Record<string, string>;
}

function trackingNumber(prefix: string, key: string): string {
  // 18 digits like a Bring consignment number, stable for a given idempotency key.
  const digits = BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 15)}`)
    .toString()
    .padStart(18, '0');
  return `${prefix}${digits.slice(-16)}`;
}

export class SandboxCarrier implements Carrier {
  readonly name = 'sandbox-carrier';
  private readonly doc: JsonDocument<State>;
  private readonly clock: () => number;

  constructor(private readonly opts: SandboxCarrierOptions) {
    this.doc = new JsonDocument<State>(opts.path ?? null, () => ({ bookings: {}, events: {} }));
    this.clock = opts.clock ?? Date.now;
  }

  private failuresLeft = 0;

  /** Test knob: the next `count` bookings fail as a carrier API answering 503 would. */
  failNextBookings(count: number): void {
    this.failuresLeft = count;
  }

  /** How many shipments were booked for a service number (a retried booking must not add one). */
  bookingsFor(serviceNumber: string): number {
    return Object.values(this.doc.read().bookings).filter((b) => b.serviceNumber === serviceNumber).length;
  }

  book(req: BookingRequest): Promise<Booking> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      return Promise.reject(new CarrierUnavailableError('sandbox carrier answered 503 Service Unavailable', 503));
    }
    return this.doc.update((s) => {
      const existing = s.bookings[req.idempotencyKey];
      if (existing) return this.publicBooking(existing);
      const outbound = trackingNumber('70', `${req.idempotencyKey}:out`);
      const ret = trackingNumber('37', `${req.idempotencyKey}:return`);
      const booking: StoredBooking = {
        carrier: this.name,
        trackingNumber: outbound,
        returnTrackingNumber: ret,
        labelUrl: signedLabelUrl(this.opts.publicBaseUrl, outbound, this.opts.webhookSecret),
        returnLabelUrl: signedLabelUrl(this.opts.publicBaseUrl, ret, this.opts.webhookSecret),
        serviceNumber: req.serviceNumber,
        request: req,
        bookedAt: this.clock(),
      };
      s.bookings[req.idempotencyKey] = booking;
      s.events[outbound] = [];
      s.events[ret] = [];
      return this.publicBooking(booking);
    });
  }

  private publicBooking(b: Booking): Booking {
    const { carrier, trackingNumber: t, returnTrackingNumber, labelUrl, returnLabelUrl } = b;
    return { carrier, trackingNumber: t, returnTrackingNumber, labelUrl, returnLabelUrl };
  }

  async tracking(number: string): Promise<TrackingEvent[]> {
    const events = this.doc.read().events[number];
    if (!events) throw new Error(`unknown tracking number ${number}`);
    return [...events];
  }

  /** What a scan at the carrier produces; the API turns it into a signed webhook delivery. */
  scan(number: string, kind: TrackingKind, description?: string): Promise<TrackingEvent> {
    return this.doc.update((s) => {
      const events = s.events[number];
      if (!events) throw new Error(`unknown tracking number ${number}`);
      const event: TrackingEvent = {
        eventId: `trk_${number}_${events.length + 1}`,
        trackingNumber: number,
        kind,
        at: this.clock(),
        description,
      };
      events.push(event);
      return event;
    });
  }

  /** Finds the booking (and service number) a tracking number belongs to. */
  lookup(number: string): { serviceNumber: string; booking: Booking; direction: 'outbound' | 'return' } | undefined {
    for (const b of Object.values(this.doc.read().bookings)) {
      if (b.trackingNumber === number || b.returnTrackingNumber === number) {
        return { serviceNumber: b.serviceNumber, booking: this.publicBooking(b), direction: b.trackingNumber === number ? 'outbound' : 'return' };
      }
    }
    return undefined;
  }

  parseWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): TrackingEvent[] {
    verifyCarrierSignature(rawBody, headers[CARRIER_SIGNATURE_HEADER], this.opts.webhookSecret);
    const body = JSON.parse(rawBody.toString('utf8')) as { events?: unknown };
    if (!Array.isArray(body.events)) throw new Error('webhook body has no events array');
    return body.events.map((e) => {
      const ev = e as Partial<TrackingEvent>;
      if (
        typeof ev.eventId !== 'string' ||
        typeof ev.trackingNumber !== 'string' ||
        !(CARRIER_EVENT_KINDS as readonly unknown[]).includes(ev.kind) ||
        typeof ev.at !== 'number'
      ) {
        throw new Error('malformed tracking event');
      }
      return { eventId: ev.eventId, trackingNumber: ev.trackingNumber, kind: ev.kind as TrackingKind, at: ev.at, description: ev.description };
    });
  }

  /**
   * The printable label of a booked shipment as a PDF, or undefined for a number this carrier
   * never issued. A return label runs from the customer to the warehouse.
   */
  async label(number: string): Promise<Buffer | undefined> {
    const b = Object.values(this.doc.read().bookings).find((x) => x.trackingNumber === number || x.returnTrackingNumber === number);
    if (!b) return undefined;
    const warehouse = this.opts.warehouseAddress ?? DEFAULT_WAREHOUSE_ADDRESS;
    const customer: LabelAddress = b.request.to;
    const direction = b.trackingNumber === number ? 'outbound' : 'return';
    return renderLabelPdf({
      serviceNumber: b.serviceNumber,
      trackingNumber: number,
      direction,
      from: direction === 'outbound' ? warehouse : customer,
      to: direction === 'outbound' ? customer : warehouse,
      sku: b.request.sku,
      productName: b.request.description,
      createdAt: b.bookedAt ?? this.clock(),
      carrier: 'Sandbox Carrier',
    });
  }

  /**
   * Signs a tracking event the way `parseWebhook` (and the API's carrier webhook) verify it, so a
   * demo or a test can post a scan. The signature time is the wall clock by default, independent of
   * the event's own `at`, which may come from a time-skipping test clock.
   */
  deliverWebhook(event: TrackingEvent, opts: { atSeconds?: number } = {}): WebhookDelivery {
    const serviceNumber = this.lookup(event.trackingNumber)?.serviceNumber;
    const body = JSON.stringify({ events: [{ ...event, ...(serviceNumber ? { serviceNumber } : {}) }] });
    const signature = signCarrierPayload(body, this.opts.webhookSecret, opts.atSeconds ?? Math.floor(Date.now() / 1000));
    return { body, headers: { 'content-type': 'application/json', [CARRIER_SIGNATURE_HEADER]: signature } };
  }
}
