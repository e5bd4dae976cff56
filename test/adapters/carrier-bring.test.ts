// The Bring adapter against recorded Bring responses (fixtures/bring/), served by a local HTTP
// server on loopback: what it sends (method, path, headers, body), how it reads the answers, that a
// retried booking is not sent twice, and how failures are classified for Temporal's retries.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApplicationFailure } from '@temporalio/common';

import {
  BringCarrier,
  BRING_STATUS_KINDS,
  bringStatusKind,
  CarrierRejectedError,
  CarrierUnavailableError,
  JsonFileBookingStore,
  type BookingStore,
  type BringCarrierOptions,
} from '../../src/adapters/shipping/bring-carrier';
import type { BookingRequest } from '../../src/ports/carrier';
import { CARRIER_SIGNATURE_HEADER, signCarrierPayload, WebhookSignatureError } from '../../src/lib/webhook-signature';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'bring', name), 'utf8');

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}
type Reply = { status: number; body: string };

let server: Server;
let baseUrl: string;
let seen: Seen[];
let script: (req: Seen) => Reply;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const s: Seen = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      const reply = script(s);
      res.writeHead(reply.status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections(); // fetch keeps sockets alive
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen = [];
  script = () => ({ status: 500, body: '{}' });
});

const NOW = Date.parse('2026-11-23T09:14:05Z'); // 10:14:05 in Oslo
const WEBHOOK_SECRET = 'whsec_bring_proxy_test';

function carrier(overrides: Partial<BringCarrierOptions> = {}) {
  return new BringCarrier({
    apiUid: 'lager@example.no',
    apiKey: 'f00f000f-00f0-f0f0-f0f0-f0f0f0f0ff00',
    clientUrl: 'https://replacements.example.no',
    customerNumber: 'PARCELS_NORWAY-10001234567',
    warehouse: { name: 'Returmottak Økern', line1: 'Brobekkveien 80', postalCode: '0582', city: 'Oslo', country: 'NO', email: 'lager@example.no' },
    webhookSecret: WEBHOOK_SECRET,
    baseUrl,
    clock: () => NOW,
    timeoutMs: 5_000,
    ...overrides,
  });
}

function booking(overrides: Partial<BookingRequest> = {}): BookingRequest {
  return {
    serviceNumber: 'RMA-7K3Q9XDM2PHT',
    to: { name: 'Kari Nordmann', line1: 'Storgata 12', line2: 'Leil. H0301', postalCode: '9008', city: 'Tromsø', country: 'NO', phone: '+4791234567' },
    sku: 'IPH-15-128-BLK',
    description: 'iPhone 15 128 GB Black',
    idempotencyKey: 'replacement-RMA-7K3Q9XDM2PHT:book-shipment',
    ...overrides,
  };
}

const bookingOk = (s: Seen): Reply =>
  s.method === 'POST' && s.path === '/booking/api/booking' ? { status: 200, body: fixture('booking-success.json') } : { status: 404, body: '{}' };

describe('booking', () => {
  it('books the outbound parcel and the prepaid return in one test-flagged request', async () => {
    script = bookingOk;
    const result = await carrier().book(booking());

    expect(seen).toHaveLength(1);
    const [req] = seen;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/booking/api/booking');
    expect(req!.headers['x-mybring-api-uid']).toBe('lager@example.no');
    expect(req!.headers['x-mybring-api-key']).toBe('f00f000f-00f0-f0f0-f0f0-f0f0f0f0ff00');
    expect(req!.headers['x-bring-client-url']).toBe('https://replacements.example.no');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers.accept).toBe('application/json');

    const body = JSON.parse(req!.body);
    expect(body.testIndicator).toBe(true);
    expect(body.schemaVersion).toBe(1);
    expect(body.consignments).toHaveLength(1);
    const c = body.consignments[0];
    expect(c.product).toEqual({ id: '5800', customerNumber: 'PARCELS_NORWAY-10001234567' });
    expect(c.returnProduct).toEqual({ id: '9350' });
    expect(c.shippingDateTime).toBe('2026-11-23T10:14:05');
    expect(c.correlationId).toBe('RMA-7K3Q9XDM2PHT');
    expect(c.parties.sender).toMatchObject({ name: 'Returmottak Økern', addressLine: 'Brobekkveien 80', postalCode: '0582', city: 'Oslo', countryCode: 'NO' });
    expect(c.parties.recipient).toMatchObject({
      name: 'Kari Nordmann',
      addressLine: 'Storgata 12',
      addressLine2: 'Leil. H0301',
      postalCode: '9008',
      city: 'Tromsø',
      countryCode: 'NO',
      reference: 'RMA-7K3Q9XDM2PHT',
      contact: { name: 'Kari Nordmann', phoneNumber: '+4791234567' },
    });
    expect(c.packages).toEqual([{ correlationId: 'RMA-7K3Q9XDM2PHT-1', weightInKg: 1, goodsDescription: 'iPhone 15 128 GB Black (IPH-15-128-BLK)' }]);

    expect(result).toEqual({
      carrier: 'bring',
      trackingNumber: '70438101268746431',
      returnTrackingNumber: '70438101268746448',
      labelUrl: 'https://api.bring.com/labels/id/5b3f2a61-1d7c-4c4e-9a0e-7f64c2d3b118.pdf',
      returnLabelUrl: 'https://api.bring.com/labels/id/e0c9a1f4-8b2d-4f57-b6a3-2c1d9e8f7a60.pdf',
      packageNumbers: ['370438101268746435'],
      trackingUrl: 'https://sporing.bring.no/sporing/70438101268746431',
    });
  });

  it('sends production bookings without the test flag, with the configured products and parcel', async () => {
    script = bookingOk;
    await carrier({
      testIndicator: false,
      outboundProductId: '5600',
      returnProductId: '9300',
      packageFor: () => ({ weightInKg: 0.6, dimensions: { lengthInCm: 20, widthInCm: 12, heightInCm: 6 } }),
    }).book(booking());
    const body = JSON.parse(seen[0]!.body);
    expect(body.testIndicator).toBe(false);
    expect(body.consignments[0].product.id).toBe('5600');
    expect(body.consignments[0].returnProduct.id).toBe('9300');
    expect(body.consignments[0].packages[0]).toMatchObject({ weightInKg: 0.6, dimensions: { lengthInCm: 20, widthInCm: 12, heightInCm: 6 } });
  });

  it('does not book twice when the activity is retried with the same idempotency key', async () => {
    script = bookingOk;
    const bring = carrier();
    const first = await bring.book(booking());
    const retried = await bring.book(booking());
    expect(retried).toEqual(first);
    expect(seen).toHaveLength(1);

    // Overlapping attempts (a retry after a heartbeat timeout) share one request too.
    const [a, b] = await Promise.all([bring.book(booking({ idempotencyKey: 'k2' })), bring.book(booking({ idempotencyKey: 'k2' }))]);
    expect(a).toEqual(b);
    expect(seen).toHaveLength(2);

    await bring.book(booking({ idempotencyKey: 'k3' }));
    expect(seen).toHaveLength(3);
  });

  it('remembers bookings across worker restarts with the file store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bring-store-'));
    try {
      script = bookingOk;
      const path = join(dir, 'bookings.json');
      const first = await carrier({ store: new JsonFileBookingStore(path) }).book(booking());
      const afterRestart = await carrier({ store: new JsonFileBookingStore(path) }).book(booking());
      expect(afterRestart).toEqual(first);
      expect(seen).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns a 400 validation answer into a non-retryable CarrierRejectedError and stores nothing', async () => {
    script = () => ({ status: 400, body: fixture('booking-validation-error.json') });
    const store: BookingStore = { get: jest.fn(async () => undefined), put: jest.fn(async () => undefined) };
    const err = await carrier({ store })
      .book(booking())
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CarrierRejectedError);
    expect(err).toBeInstanceOf(ApplicationFailure);
    const rejected = err as CarrierRejectedError;
    expect(rejected.nonRetryable).toBe(true);
    expect(rejected.type).toBe('CarrierRejected');
    expect(rejected.status).toBe(400);
    expect(rejected.codes).toEqual(['BOOK-INPUT-015']);
    expect(rejected.message).toContain('Recipient postal code 9999 is not valid for country code NO');
    expect(store.put).not.toHaveBeenCalled();
  });

  it.each([503, 429])('lets a %i be retried: not a rejection, nothing stored, the retry books', async (status) => {
    let calls = 0;
    script = (s) => (++calls === 1 ? { status, body: '{"message":"Service Unavailable"}' } : bookingOk(s));
    const bring = carrier();
    const err = await bring.book(booking()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CarrierUnavailableError);
    expect(err).not.toBeInstanceOf(CarrierRejectedError);
    expect(err).not.toBeInstanceOf(ApplicationFailure);
    expect((err as CarrierUnavailableError).status).toBe(status);

    const retried = await bring.book(booking());
    expect(retried.trackingNumber).toBe('70438101268746431');
    expect(seen).toHaveLength(2);
  });

  it('throws network failures as they are', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const err = await carrier({ baseUrl: `http://127.0.0.1:${port}` })
      .book(booking())
      .catch((e: unknown) => e);
    // fetch's own TypeError (from Node's realm, hence no instanceof), with the socket error as cause.
    expect((err as Error).name).toBe('TypeError');
    expect(((err as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(err).not.toBeInstanceOf(CarrierRejectedError);
    expect(err).not.toBeInstanceOf(CarrierUnavailableError);
  });

  it('refuses a 200 answer that booked no return label rather than retrying into a second parcel', async () => {
    const noReturn = JSON.parse(fixture('booking-success.json'));
    delete noReturn.consignments[0].confirmation.returnConsignmentNumber;
    delete noReturn.consignments[0].confirmation.returnLinks;
    script = () => ({ status: 200, body: JSON.stringify(noReturn) });
    const err = await carrier()
      .book(booking())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CarrierRejectedError);
    expect((err as CarrierRejectedError).codes).toEqual(['RETURN_NOT_BOOKED']);
    expect((err as Error).message).toContain('70438101268746431');
  });
});

describe('tracking', () => {
  it('reads the Tracking API and maps Bring statuses, oldest first', async () => {
    script = (s) =>
      s.method === 'GET' && s.path === '/tracking/api/v2/tracking.json' ? { status: 200, body: fixture('tracking-events.json') } : { status: 404, body: '{}' };
    const events = await carrier().tracking('70438101268746448');

    expect(seen).toHaveLength(1);
    expect(seen[0]!.query.get('q')).toBe('70438101268746448');
    expect(seen[0]!.headers['x-mybring-api-uid']).toBe('lager@example.no');
    expect(seen[0]!.headers['x-mybring-api-key']).toBe('f00f000f-00f0-f0f0-f0f0-f0f0f0f0ff00');
    expect(seen[0]!.headers['x-bring-client-url']).toBe('https://replacements.example.no');

    // PRE_NOTIFIED is only the booking's EDI: it must not count as a scan of the return.
    expect(events.map((e) => [e.kind, new Date(e.at).toISOString()])).toEqual([
      ['in_transit', '2026-11-24T14:02:00.000Z'], // HANDED_IN in Tromsø
      ['in_transit', '2026-11-26T03:55:00.000Z'], // TERMINAL
      ['exception', '2026-11-26T20:30:00.000Z'], // DEVIATION
      ['in_transit', '2026-11-27T05:12:00.000Z'], // TRANSPORT_TO_RECIPIENT
      ['delivered', '2026-11-27T08:41:00.000Z'], // DELIVERED
    ]);
    expect(events.every((e) => e.trackingNumber === '70438101268746448')).toBe(true);
    expect(events[0]!.description).toBe('Sendingen er innlevert. (TROMSØ, NO)');
    expect(new Set(events.map((e) => e.eventId)).size).toBe(5);

    // Event ids are stable across polls, so the workflow de-duplicates a repeated poll.
    const again = await carrier().tracking('70438101268746448');
    expect(again.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('reports no events for a number Bring does not know (yet)', async () => {
    script = () => ({ status: 200, body: fixture('tracking-unknown.json') });
    await expect(carrier().tracking('70999999999999999')).resolves.toEqual([]);
    expect(seen[0]!.query.get('q')).toBe('70999999999999999');
  });

  it('classifies tracking failures like booking failures', async () => {
    script = () => ({ status: 503, body: '' });
    await expect(carrier().tracking('70438101268746448')).rejects.toBeInstanceOf(CarrierUnavailableError);
    script = () => ({ status: 401, body: '{"message":"Unauthorized"}' });
    await expect(carrier().tracking('70438101268746448')).rejects.toBeInstanceOf(CarrierRejectedError);
  });

  it('maps every listed Bring status, dropping those that are not a movement of the parcel', () => {
    expect(bringStatusKind('IN_TRANSIT')).toBe('in_transit');
    expect(bringStatusKind('handed_in')).toBe('in_transit');
    expect(bringStatusKind('DELIVERED')).toBe('delivered');
    expect(bringStatusKind('RETURN')).toBe('returned_to_sender');
    expect(bringStatusKind('DELIVERED_SENDER')).toBe('returned_to_sender');
    expect(bringStatusKind('DEVIATION')).toBe('exception');
    expect(bringStatusKind('DELIVERY_CANCELLED')).toBe('exception');
    expect(bringStatusKind('NOTIFICATION_SENT')).toBeNull();
    expect(bringStatusKind('PRE_NOTIFIED')).toBeNull();
    expect(bringStatusKind('SOMETHING_NEW')).toBeNull();
    const kinds = new Set(Object.values(BRING_STATUS_KINDS));
    expect(kinds).toEqual(new Set(['in_transit', 'delivered', 'returned_to_sender', 'exception', null]));
  });
});

describe('webhooks (Event Cast via our signing proxy)', () => {
  const nowSeconds = Math.floor(NOW / 1000);
  const signed = (raw: string, at = nowSeconds) => ({ [CARRIER_SIGNATURE_HEADER]: signCarrierPayload(raw, WEBHOOK_SECRET, at) });

  it('parses a signed push into a tracking event for the consignment number', () => {
    const raw = fixture('eventcast-in-transit.json');
    expect(carrier().parseWebhook(Buffer.from(raw), signed(raw))).toEqual([
      {
        eventId: 'bring:ad84cbca-2e89-43e0-a301-a8d5d7fe7804',
        trackingNumber: '70438101268746448',
        kind: 'in_transit',
        at: Date.parse('2026-11-24T14:02:11Z'),
        description: 'Bring HANDED_IN',
      },
    ]);
  });

  it('accepts a batch and drops statuses that are not parcel movements', () => {
    const push = JSON.parse(fixture('eventcast-in-transit.json'));
    const raw = JSON.stringify([
      { ...push, id: 'e1', status: 'PRE_NOTIFIED' },
      { ...push, id: 'e2', status: 'RETURN' },
      { ...push, id: 'e3', status: 'DELIVERED', shipment: null },
    ]);
    const events = carrier().parseWebhook(Buffer.from(raw), signed(raw));
    expect(events.map((e) => [e.eventId, e.kind, e.trackingNumber])).toEqual([
      ['bring:e2', 'returned_to_sender', '70438101268746448'],
      ['bring:e3', 'delivered', '370438101268746442'], // no shipment number: the package number
    ]);
  });

  it('refuses a tampered body, a stale signature and a missing one', () => {
    const raw = fixture('eventcast-in-transit.json');
    const bring = carrier();
    const tampered = raw.replace('HANDED_IN', 'DELIVERED');
    expect(() => bring.parseWebhook(Buffer.from(tampered), signed(raw))).toThrow(WebhookSignatureError);
    expect(() => bring.parseWebhook(Buffer.from(raw), signed(raw, nowSeconds - 301))).toThrow(/tolerance/);
    expect(() => bring.parseWebhook(Buffer.from(raw), {})).toThrow(WebhookSignatureError);
    expect(() => carrier({ webhookSecret: 'other' }).parseWebhook(Buffer.from(raw), signed(raw))).toThrow(/does not match/);
  });
});
