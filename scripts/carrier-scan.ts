// Demo and support tool for the embedded default: "scan" a parcel at the sandbox carrier and
// deliver the signed tracking webhook to the running API, as the real carrier would.
//   npm run carrier:scan -- <trackingNumber> [in_transit|delivered|exception|returned_to_sender]
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { TrackingKind } from '../src/ports/carrier';
import { SandboxCarrier } from '../src/sandboxes/carrier';
import { CARRIER_EVENT_KINDS } from '../src/domain/vocabulary';
import { loadConfigOrExit } from '../src/config';

const KINDS: readonly string[] = CARRIER_EVENT_KINDS;

async function main() {
  const [trackingNumber, kind = 'in_transit'] = process.argv.slice(2);
  if (!trackingNumber || !KINDS.includes(kind)) {
    process.stderr.write(`usage: npm run carrier:scan -- <trackingNumber> [${KINDS.join('|')}]\n`);
    process.exit(64);
  }
  const config = loadConfigOrExit();
  const carrier = new SandboxCarrier({
    path: join(config.DATA_DIR, 'carrier.json'),
    publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://localhost:${config.HTTP_PORT}`,
    webhookSecret: config.CARRIER_WEBHOOK_SECRET,
  });
  const booking = carrier.lookup(trackingNumber);
  if (!booking) {
    process.stderr.write(`the sandbox carrier has no shipment ${trackingNumber} (see returnLabel.trackingNumber of a dispatched replacement)\n`);
    process.exit(65);
  }
  const delivery = carrier.deliverWebhook({
    eventId: `scan-${randomUUID()}`,
    trackingNumber,
    kind: kind as TrackingKind,
    at: Date.now(),
    description: `sandbox scan (${booking.direction} shipment of ${booking.serviceNumber})`,
  });
  const url = `http://127.0.0.1:${config.HTTP_PORT}/v1/webhooks/carrier`;
  const res = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  process.stdout.write(`${res.status} ${await res.text()}\n`);
  if (!res.ok) process.exit(1);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
