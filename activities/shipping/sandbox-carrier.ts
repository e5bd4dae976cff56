// Carrier for the embedded default and tests: books outbound + prepaid return shipments with
// stable tracking numbers, records tracking events, and signs/verifies webhooks like a real one.
import { createHash } from 'node:crypto';
import { JsonDocument } from '../../src/lib/json-file';
import type { Booking, BookingRequest, Carrier, TrackingEvent, TrackingKind } from './carrier';
import { verifyCarrierSignature, CARRIER_SIGNATURE_HEADER } from './webhook-signature';

interface State {
  bookings: Record<string, Booking & { serviceNumber: string; request: BookingRequest }>;
  events: Record<string, TrackingEvent[]>;
}

export interface SandboxCarrierOptions {
  path?: string | null;
  /** Base for label links, e.g. http://localhost:3000 (the API serves the PDFs). */
  publicBaseUrl: string;
  webhookSecret: string;
  clock?: () => number;
}

function trackingNumber(prefix: string, key: string): string {
  // 18 digits like a Bring consignment number, stable for a given idempotency key.
  const digits = BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 15)}`).toString().padStart(18, '0');
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

  book(req: BookingRequest): Promise<Booking> {
    return this.doc.update((s) => {
      const existing = s.bookings[req.idempotencyKey];
      if (existing) return this.publicBooking(existing);
      const outbound = trackingNumber('70', `${req.idempotencyKey}:out`);
      const ret = trackingNumber('37', `${req.idempotencyKey}:return`);
      const booking = {
        carrier: this.name,
        trackingNumber: outbound,
        returnTrackingNumber: ret,
        labelUrl: `${this.opts.publicBaseUrl}/v1/labels/${outbound}.pdf`,
        returnLabelUrl: `${this.opts.publicBaseUrl}/v1/labels/${ret}.pdf`,
        serviceNumber: req.serviceNumber,
        request: req,
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
    const kinds: TrackingKind[] = ['in_transit', 'delivered', 'returned_to_sender', 'exception'];
    return body.events.map((e) => {
      const ev = e as Partial<TrackingEvent>;
      if (typeof ev.eventId !== 'string' || typeof ev.trackingNumber !== 'string' || !kinds.includes(ev.kind as TrackingKind) || typeof ev.at !== 'number') {
        throw new Error('malformed tracking event');
      }
      return { eventId: ev.eventId, trackingNumber: ev.trackingNumber, kind: ev.kind as TrackingKind, at: ev.at, description: ev.description };
    });
  }
}
