// The sandbox carrier's labels (outbound from the warehouse, return back to it) and its signed webhook
// deliveries, which must verify exactly as parseWebhook — and the API's carrier webhook — check them.
import { SandboxCarrier, DEFAULT_WAREHOUSE_ADDRESS } from '../../src/sandboxes/carrier';
import { CARRIER_SIGNATURE_HEADER, verifyCarrierSignature, WebhookSignatureError } from '../../src/lib/webhook-signature';
import type { BookingRequest } from '../../src/ports/carrier';
import { drawnText } from './label-reader';

const SECRET = 'test-carrier-secret';
const BOOKED_AT = Date.parse('2026-11-23T09:14:00Z');

const request: BookingRequest = {
  serviceNumber: 'RMA-7K3Q9XDM2PHT',
  to: { name: 'Kari Nordmann', line1: 'Storgata 12', postalCode: '9008', city: 'Tromsø', country: 'NO' },
  sku: 'IPH-15-128-BLK',
  description: 'iPhone 15 128 GB Black',
  idempotencyKey: 'replacement-RMA-7K3Q9XDM2PHT:book-shipment',
};

function sandbox(opts: Partial<ConstructorParameters<typeof SandboxCarrier>[0]> = {}) {
  return new SandboxCarrier({ publicBaseUrl: 'http://localhost:3000', webhookSecret: SECRET, clock: () => BOOKED_AT, ...opts });
}

/** Strings shown on the page, decoded from WinAnsi. */
function shown(pdf: Buffer): string[] {
  return drawnText(pdf);
}

describe('sandbox labels', () => {
  it('renders the outbound label from the warehouse to the customer', async () => {
    const carrier = sandbox();
    const booking = await carrier.book(request);
    const pdf = (await carrier.label(booking.trackingNumber))!;
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const texts = shown(pdf);
    expect(texts).toContain('OUTBOUND');
    expect(texts).not.toContain('RETURN — prepaid');
    expect(texts).toContain(booking.trackingNumber);
    expect(texts).toContain('RMA-7K3Q9XDM2PHT');
    expect(texts).toContain('IPH-15-128-BLK · iPhone 15 128 GB Black');
    expect(texts.indexOf(DEFAULT_WAREHOUSE_ADDRESS.name)).toBeLessThan(texts.indexOf('TO'));
    expect(texts.indexOf('Kari Nordmann')).toBeGreaterThan(texts.indexOf('TO'));
    expect(pdf.toString('latin1')).toContain('/CreationDate (D:20261123091400Z)');
  });

  it('renders the prepaid return label from the customer to the configured warehouse', async () => {
    const warehouse = { name: 'Lager Alnabru', line1: 'Strømsveien 245', postalCode: '0668', city: 'Oslo', country: 'NO' };
    const carrier = sandbox({ warehouseAddress: warehouse });
    const booking = await carrier.book(request);
    const texts = shown((await carrier.label(booking.returnTrackingNumber))!);
    expect(texts).toContain('RETURN — prepaid');
    expect(texts).toContain(booking.returnTrackingNumber);
    expect(texts).not.toContain(booking.trackingNumber);
    expect(texts.indexOf('Kari Nordmann')).toBeLessThan(texts.indexOf('TO'));
    expect(texts.indexOf('Lager Alnabru')).toBeGreaterThan(texts.indexOf('TO'));
    expect(texts).toContain('Strømsveien 245');
    expect(texts).toContain('9008 TROMSØ');
  });

  it('defaults the warehouse to Oslo and has no label for numbers it never issued', async () => {
    expect(DEFAULT_WAREHOUSE_ADDRESS).toMatchObject({ city: 'Oslo', country: 'NO' });
    expect(await sandbox().label('700000000000000000')).toBeUndefined();
  });
});

describe('sandbox webhook deliveries', () => {
  async function scanned() {
    const carrier = sandbox();
    const booking = await carrier.book(request);
    const event = await carrier.scan(booking.returnTrackingNumber, 'in_transit', 'Innlevert på Posten Tromsø');
    return { carrier, booking, event };
  }

  it('round-trips a scan through parseWebhook', async () => {
    const { carrier, event } = await scanned();
    const delivery = carrier.deliverWebhook(event);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers[CARRIER_SIGNATURE_HEADER]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(carrier.parseWebhook(Buffer.from(delivery.body), delivery.headers)).toEqual([event]);
  });

  it('names the replacement, so the API can route the event without a lookup', async () => {
    const { carrier, event } = await scanned();
    const body = JSON.parse(carrier.deliverWebhook(event).body);
    expect(body).toEqual({ events: [{ ...event, serviceNumber: 'RMA-7K3Q9XDM2PHT' }] });
  });

  it('verifies with the API-side check and the shared secret only', async () => {
    const { carrier, event } = await scanned();
    const delivery = carrier.deliverWebhook(event);
    expect(() => verifyCarrierSignature(Buffer.from(delivery.body), delivery.headers[CARRIER_SIGNATURE_HEADER], SECRET)).not.toThrow();
    expect(() => verifyCarrierSignature(Buffer.from(delivery.body), delivery.headers[CARRIER_SIGNATURE_HEADER], 'another-secret')).toThrow(
      WebhookSignatureError,
    );
  });

  it('refuses a tampered body', async () => {
    const { carrier, event } = await scanned();
    const delivery = carrier.deliverWebhook(event);
    const tampered = delivery.body.replace('"in_transit"', '"delivered"');
    expect(tampered).not.toBe(delivery.body);
    expect(() => carrier.parseWebhook(Buffer.from(tampered), delivery.headers)).toThrow(/does not match/);
  });

  it('refuses a stale delivery', async () => {
    const { carrier, event } = await scanned();
    const delivery = carrier.deliverWebhook(event, { atSeconds: Math.floor(Date.now() / 1000) - 301 });
    expect(() => carrier.parseWebhook(Buffer.from(delivery.body), delivery.headers)).toThrow(/tolerance/);
  });
});
