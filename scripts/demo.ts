// `npm run demo`: the README's walk-through against a running `npm start`, one replacement through
// every audience over HTTP — the customer requests, the warehouse dispatches, the label comes from
// the dispatch email, the carrier scans the return, the warehouse receives and inspects (no fault
// found: the 300 kr examination fee), finance sees the capture. Prints each step and its result;
// exits 1 at the first step that does not do what it should.
//
//   npm run demo                      against http://localhost:3000 and the Mailpit inbox on :8025
//   HTTP_PORT=… MAILPIT_UI_PORT=… npm run demo    the ports `npm start` was given
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { signDevToken } from '../src/api/dev-token';
import { loadConfigOrExit } from '../src/config';
import { osloDate } from '../src/domain/calendar';
import { formatMoney } from '../src/domain/money';

const config = loadConfigOrExit();
const API = `http://127.0.0.1:${config.HTTP_PORT}`;
const MAILPIT = `http://127.0.0.1:${Number(process.env.MAILPIT_UI_PORT || 8025)}`;
const ROOT = join(__dirname, '..');

class StepFailed extends Error {}

let stepNo = 0;
function step(title: string) {
  process.stdout.write(`\n${++stepNo}. ${title}\n`);
}
function show(line: string) {
  process.stdout.write(`   ${line}\n`);
}
function expect(ok: boolean, what: string): asserts ok {
  if (!ok) throw new StepFailed(what);
}

async function call(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  show(`${method} ${path}`);
  const res = await fetch(`${API}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, any>) : null;
  if (res.status >= 400) show(`→ ${res.status} ${json?.detail ?? text.slice(0, 300)}`);
  return { status: res.status, json: json ?? {}, text, contentType: res.headers.get('content-type') ?? '' };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new StepFailed(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const kr = (minor: number) => formatMoney(minor, 'NOK', 'en');

async function main() {
  step('Is the service up?');
  const ready = await fetch(`${API}/readyz`).then(
    (r) => r.status,
    () => 0,
  );
  expect(ready === 200, `${API}/readyz answered ${ready || 'nothing'}: start the service first (npm start)`);
  show(`${API}/readyz → 200`);

  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const customer = await signDevToken(config, { sub: 'kari', role: 'customer' });
  const warehouse = await signDevToken(config, { sub: 'ola', role: 'warehouse' });
  const finance = await signDevToken(config, { sub: 'frida', role: 'finance' });
  show('tokens for kari (customer), ola (warehouse) and frida (finance): npm run token -- --role <role> --sub <name>');

  step('Customer: what can be replaced, and does it ship at once?');
  const catalog = await call('GET', '/v1/catalog', customer);
  const iphone = (catalog.json.items as Array<Record<string, any>>).find((i) => i.sku === 'IP17P-256');
  expect(catalog.status === 200 && iphone !== undefined, 'the catalog has no IP17P-256');
  show(
    `→ ${iphone.name}: hold ${kr(iphone.holdAmount)}, examination fee ${kr(iphone.fees.examinationFee)}, ` +
      (iphone.availability.shipsImmediately ? 'in stock, ships at once' : `not in stock (${iphone.availability.waitingRequests} waiting)`),
  );

  step('Customer: request an express replacement (Prefer: wait=10 answers once the card hold is decided)');
  const serialNumber = `F2LX${suffix}Q1`;
  const email = `kari.${suffix.toLowerCase()}@example.no`;
  const created = await call(
    'POST',
    '/v1/replacements',
    customer,
    {
      sku: 'IP17P-256',
      serialNumber,
      purchaseDate: osloDate(Date.now() - 120 * 86_400_000),
      issueDescription: 'Screen flickers',
      coverage: 'warranty',
      serviceLevel: 'standard',
      paymentMethodId: 'pm_card_visa',
      email,
      locale: 'en',
      shippingAddress: { name: 'Kari Nordmann', line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' },
      acceptTerms: true,
    },
    { 'Idempotency-Key': randomUUID(), Prefer: 'wait=10' },
  );
  expect(created.status === 201, `the request was not accepted (${created.status})`);
  const id = created.json.id as string;
  show(`→ 201 service number ${id}: ${created.json.status}, hold ${kr(created.json.holdAmount)} (${created.json.hold.state})`);
  expect(
    created.json.status === 'awaiting_dispatch',
    `expected awaiting_dispatch, got ${created.json.status}` +
      (created.json.status === 'awaiting_stock' ? ' — no unit in stock: receive some with POST /v1/warehouse/stock/IP17P-256/receipts' : ''),
  );

  step('Warehouse: the dispatch queue, oldest SLA first');
  const queue = await until(
    'the replacement in the dispatch queue',
    () => call('GET', '/v1/warehouse/dispatch-queue', warehouse),
    (r) => (r.json.items as Array<{ id: string }>).some((i) => i.id === id),
  );
  const entry = (queue.json.items as Array<Record<string, any>>).find((i) => i.id === id)!;
  show(`→ ${id} is in the queue (${queue.json.items.length} in all), ship by ${entry.dispatchDueBy}`);

  step('Warehouse: ship the replacement unit');
  const dispatched = await call('POST', `/v1/replacements/${id}/dispatch`, warehouse, { replacementSerialNumber: `RPL-${suffix}` });
  expect(dispatched.status === 200 && dispatched.json.status === 'dispatched', `dispatch failed (${dispatched.status})`);
  const tracking = dispatched.json.returnLabel.trackingNumber as string;
  show(`→ dispatched; return by ${dispatched.json.returnDeadline}; return parcel ${tracking}`);

  step(`Customer: the dispatch email in the inbox (${MAILPIT}) links the prepaid return label`);
  const labelUrl = await until(
    'the dispatch email with its label link',
    () => labelLinkInInbox(email),
    (url) => url !== null,
  );
  show(`→ ${labelUrl}`);
  const label = await fetch(labelUrl!);
  const pdf = Buffer.from(await label.arrayBuffer());
  expect(label.status === 200 && pdf.subarray(0, 5).toString('latin1') === '%PDF-', `the label link answered ${label.status}, not a PDF`);
  show(`→ ${label.status} ${label.headers.get('content-type')}, ${pdf.length} bytes`);

  step(`Carrier: the return parcel is scanned (npm run carrier:scan -- ${tracking} in_transit)`);
  const scan = spawnSync('npm', ['run', '-s', 'carrier:scan', '--', tracking, 'in_transit'], { cwd: ROOT, encoding: 'utf8', env: process.env });
  show(`→ ${(scan.stdout || scan.stderr).trim()}`);
  expect(scan.status === 0, 'the carrier scan failed');
  await until(
    'return_in_transit',
    () => call('GET', `/v1/replacements/${id}`, customer),
    (r) => r.json.status === 'return_in_transit',
  );
  show('→ return_in_transit: no charge at the deadline while the parcel is on its way');

  step('Warehouse: the original arrives (its serial must match the one in the request)');
  const received = await call('POST', `/v1/replacements/${id}/receipt`, warehouse, { serialNumber });
  expect(received.status === 200, `receipt failed (${received.status})`);
  show(`→ ${received.json.status}`);

  step('Warehouse: inspection — no fault found');
  const inspected = await call('POST', `/v1/replacements/${id}/inspection`, warehouse, { outcome: 'no_fault_found', notes: 'Works on the bench' });
  expect(inspected.status === 200 && inspected.json.status === 'completed', `inspection failed (${inspected.status})`);
  show(
    `→ ${inspected.json.status}, ${inspected.json.resolution}: captured ${kr(inspected.json.capturedAmount)}, ` +
      `released ${kr(inspected.json.holdAmount - inspected.json.capturedAmount)}`,
  );
  expect(inspected.json.capturedAmount === 30_000, `expected 300 kr captured, got ${kr(inspected.json.capturedAmount)}`);

  step('Finance: this month’s summary and the ledger');
  const today = osloDate(Date.now());
  const summary = await until(
    'the capture in the summary',
    () => call('GET', `/v1/finance/summary?to=${today}`, finance),
    (r) => (r.json.totals as Array<{ captured: number }>).some((t) => t.captured >= 30_000),
  );
  const nok = (summary.json.totals as Array<Record<string, number>>).find((t) => (t as unknown as { currency: string }).currency === 'NOK')!;
  show(`→ NOK: authorized ${kr(nok.authorized)}, captured ${kr(nok.captured)}, released ${kr(nok.released)}`);
  const csv = await call('GET', `/v1/finance/ledger.csv?to=${today}`, finance);
  const rows = csv.text.split('\n').filter((line) => line.includes(id));
  expect(csv.status === 200 && rows.some((r) => r.includes('captured') && r.includes('30000')), 'the ledger CSV has no 300 kr capture for this replacement');
  show(`→ ledger.csv: ${rows.length} rows for ${id}:`);
  for (const row of rows) show(`   ${row}`);

  process.stdout.write(
    `\nDone: ${id} completed with ${kr(30_000)} captured. Its history: http://localhost:${process.env.TEMPORAL_UI_PORT || 8233}/namespaces/default/workflows/replacement:${id}\n`,
  );
  process.stdout.write(`service number: ${id}\n`);
}

/** The label link in the newest email to `to` that has one (the dispatch email), or null. */
async function labelLinkInInbox(to: string): Promise<string | null> {
  const list = (await fetch(`${MAILPIT}/api/v1/search?query=${encodeURIComponent(`to:"${to}"`)}`).then((r) => r.json())) as {
    messages?: Array<{ ID: string }>;
  };
  for (const m of list.messages ?? []) {
    const message = (await fetch(`${MAILPIT}/api/v1/message/${m.ID}`).then((r) => r.json())) as { Text?: string };
    const link = message.Text?.match(/https?:\/\/\S+\/v1\/labels\/\S+\.pdf\?sig=[A-Za-z0-9_-]+/);
    if (link) return link[0];
  }
  return null;
}

main().catch((err) => {
  process.stderr.write(`\ndemo stopped at step ${stepNo}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
