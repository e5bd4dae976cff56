// The API and the worker as real processes at LOG_LEVEL=debug, through a replacement's whole life
// plus failed logins, a declined card, a signed label download and signed and forged webhooks;
// then every line either process wrote is searched for credentials and card data: bearer tokens,
// the JWT, webhook and Stripe secrets, payment-method ids, label link signatures, card numbers.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import Stripe from 'stripe';
import { signCarrierPayload } from '../../src/lib/webhook-signature';
import { freePort, httpReady, startProcess, type StartedProcess } from '../helpers/processes';
import { startMailpit, type Mailpit } from '../helpers/mailpit';
import { devServerAddress, devServerNamespace } from '../helpers/temporal';
import { replacementBody } from '../api/support/requests';

jest.setTimeout(180_000);

const REPO = resolve(__dirname, '..', '..');
const secret = (prefix: string) => `${prefix}${randomBytes(18).toString('hex')}`;
const SECRETS = {
  jwt: secret('jwt-'),
  carrier: secret('carrier-'),
  stripeWebhook: secret('whsec_'),
  stripeKey: secret('sk_test_'),
};
// A customer who types their card number into the issue description.
const PAN_IN_TEXT = '4242 4242 4242 4242';

const dataDir = mkdtempSync(join(tmpdir(), 'log-secrets-'));
const started: StartedProcess[] = [];
const output: string[] = [];
let mailpit: Mailpit | undefined;
let base = '';
const bearerTokens: string[] = [];
const labelSignatures: string[] = [];

async function sign(role: string, sub: string, opts: { secret?: string; exp?: number } = {}): Promise<string> {
  const t = await new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime(opts.exp ?? '10m')
    .sign(new TextEncoder().encode(opts.secret ?? SECRETS.jwt));
  bearerTokens.push(t);
  return t;
}

async function call(method: string, path: string, init: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json };
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function capture(proc: StartedProcess) {
  proc.child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  proc.child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
}

beforeAll(async () => {
  const bundle = process.env.TEST_WORKFLOW_BUNDLE;
  if (!bundle) throw new Error('TEST_WORKFLOW_BUNDLE is not set (the integration global setup bundles the workflows)');
  mailpit = await startMailpit();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const common = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'debug',
    TEMPORAL_ADDRESS: devServerAddress(),
    TEMPORAL_NAMESPACE: devServerNamespace(),
    TEMPORAL_TASK_QUEUE: `log-secrets-${randomBytes(4).toString('hex')}`,
    DATA_DIR: dataDir,
    // The embedded database, with a few units of each product so the run ships.
    DEMO_STOCK_UNITS: '5',
    AUTH_JWT_SECRET: SECRETS.jwt,
    CARRIER_WEBHOOK_SECRET: SECRETS.carrier,
    PUBLIC_BASE_URL: base,
    HTTP_PORT: String(port),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mailpit.smtpPort),
  };
  const worker = await startProcess({
    name: 'worker',
    cmd: process.execPath,
    args: ['--import', 'tsx', 'worker/main.ts'],
    cwd: REPO,
    env: { ...common, WORKFLOW_BUNDLE_PATH: bundle },
    readyCheck: async (p) => p.output().includes('worker ready'),
    readyTimeoutMs: 90_000,
  });
  started.push(worker);
  capture(worker);
  const api = await startProcess({
    name: 'api server',
    cmd: process.execPath,
    args: ['--import', 'tsx', 'src/api/server.ts'],
    cwd: REPO,
    // The payment key is the API's only in configuration, to prove configuration is not logged.
    env: { ...common, HTTP_HOST: '127.0.0.1', STRIPE_WEBHOOK_SECRET: SECRETS.stripeWebhook, STRIPE_SECRET_KEY: SECRETS.stripeKey },
    readyCheck: () => httpReady(`${base}/healthz`),
    readyTimeoutMs: 60_000,
  });
  started.push(api);
  capture(api);
  // The output that arrived before our listeners were attached.
  output.push(worker.output(), api.output());

  // ---- a full run ------------------------------------------------------------------------------
  const customer = await sign('customer', 'kari');
  const warehouse = await sign('warehouse', 'ola');

  // Failed logins of every kind.
  expect((await call('GET', '/v1/catalog', { token: await sign('customer', 'kari', { secret: secret('wrong-') }) })).status).toBe(401);
  expect((await call('GET', '/v1/catalog', { token: await sign('admin', 'kari', { exp: Math.floor(Date.now() / 1000) - 3600 }) })).status).toBe(401);
  expect((await call('GET', '/v1/catalog', { headers: { authorization: `Basic ${Buffer.from('kari:hunter2-password').toString('base64')}` } })).status).toBe(
    401,
  );

  const body = replacementBody({ issueDescription: `Screen dead. My card is ${PAN_IN_TEXT}, pm_card_visa if you need it` });
  const created = await call('POST', '/v1/replacements', { token: customer, body, headers: { 'idempotency-key': `log-secrets-${Date.now()}-1` } });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const declined = await call('POST', '/v1/replacements', {
    token: customer,
    body: replacementBody({ paymentMethodId: 'pm_card_chargeDeclined' }),
    headers: { 'idempotency-key': `log-secrets-${Date.now()}-2` },
  });
  expect(declined.status).toBe(201);
  // A validation error naming the payment-method field.
  expect(
    (
      await call('POST', '/v1/replacements', {
        token: customer,
        body: { ...body, paymentMethodId: 'pm_live_4000000000000002!' },
        headers: { 'idempotency-key': `log-secrets-${Date.now()}-3` },
      })
    ).status,
  ).toBe(422);

  const view = (rid: string) => call('GET', `/v1/replacements/${rid}`, { token: warehouse });
  await until(
    () => view(declined.json.id as string),
    (v) => v.json.status === 'declined',
  );
  await until(
    () => view(id),
    (v) => v.json.status === 'awaiting_dispatch',
  );
  const dispatched = await call('POST', `/v1/replacements/${id}/dispatch`, { token: warehouse, body: { replacementSerialNumber: 'RPL-LOG-0001' } });
  expect(dispatched.status).toBe(200);
  const returnLabel = dispatched.json.returnLabel as { trackingNumber: string; url: string };
  const labelUrl = new URL(returnLabel.url);
  labelSignatures.push(labelUrl.searchParams.get('sig')!);
  expect((await fetch(`${base}${labelUrl.pathname}${labelUrl.search}`)).status).toBe(200);

  const scan = JSON.stringify({ events: [{ eventId: 'log-scan-1', trackingNumber: returnLabel.trackingNumber, kind: 'in_transit', at: Date.now() }] });
  expect(
    (await call('POST', '/v1/webhooks/carrier', { raw: scan, headers: { 'x-carrier-signature': signCarrierPayload(scan, SECRETS.carrier) } })).status,
  ).toBe(200);
  expect(
    (await call('POST', '/v1/webhooks/carrier', { raw: scan, headers: { 'x-carrier-signature': signCarrierPayload(scan, 'forged-secret') } })).status,
  ).toBe(400);
  const stripeEvent = JSON.stringify({
    id: 'evt_log',
    object: 'event',
    type: 'payment_intent.canceled',
    created: Math.floor(Date.now() / 1000),
    data: { object: { object: 'payment_intent', id: 'pi_log', metadata: {} } },
  });
  const stripeSignature = Stripe.webhooks.generateTestHeaderString({ payload: stripeEvent, secret: SECRETS.stripeWebhook });
  expect((await call('POST', '/v1/webhooks/stripe', { raw: stripeEvent, headers: { 'stripe-signature': stripeSignature } })).status).toBe(200);
  expect(
    (await call('POST', '/v1/webhooks/stripe', { raw: stripeEvent, headers: { 'stripe-signature': stripeSignature.replace(/v1=\w/, 'v1=0') } })).status,
  ).toBe(400);

  expect((await call('POST', `/v1/replacements/${id}/receipt`, { token: warehouse, body: { serialNumber: body.serialNumber } })).status).toBe(200);
  expect((await call('POST', `/v1/replacements/${id}/inspection`, { token: warehouse, body: { outcome: 'no_fault_found', notes: 'ok' } })).status).toBe(200);
  await until(
    () => view(id),
    (v) => v.json.status === 'completed',
  );

  // Orderly stops flush what each process still buffers.
  await Promise.all(started.map((p) => p.stop(10_000)));
});

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  await mailpit?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const logs = () => output.join('');

/** Luhn-valid digit runs of a card brand's length and prefix (spaces or dashes allowed between digits). */
function cardNumbers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g)) {
    const digits = m[0].replace(/[ -]/g, '');
    const brand =
      (/^4/.test(digits) && [13, 16, 19].includes(digits.length)) ||
      (/^(5[1-5]|2[2-7])/.test(digits) && digits.length === 16) ||
      (/^3[47]/.test(digits) && digits.length === 15) ||
      (/^6(011|5)/.test(digits) && digits.length === 16);
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (brand && sum % 10 === 0) found.push(m[0]);
  }
  return found;
}

describe('logs of a full API and worker run', () => {
  it('were written, by both processes, about the requests that matter', () => {
    const text = logs();
    expect(text).toContain('worker ready');
    expect(text).toContain('api listening');
    const requests = text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { req?: { path?: string }; res?: { statusCode?: number } })
      .filter((l) => l.req && l.res);
    expect(requests.some((l) => l.res!.statusCode === 401)).toBe(true);
    expect(requests.some((l) => l.req!.path === '/v1/webhooks/carrier' && l.res!.statusCode === 200)).toBe(true);
    expect(requests.some((l) => l.req!.path === '/v1/webhooks/stripe' && l.res!.statusCode === 400)).toBe(true);
  });

  it('hold no secret, token, signature, payment-method id or card number', () => {
    const text = logs();
    const hits: Record<string, string[]> = {
      secrets: Object.values(SECRETS).filter((s) => text.includes(s)),
      bearerTokens: bearerTokens.filter((t) => text.includes(t) || text.includes(t.split('.')[2]!)),
      jwtLike: [...text.matchAll(/eyJ[\w-]{8,}\.[\w-]{8,}/g)].map((m) => m[0]),
      basicCredentials: ['hunter2-password', Buffer.from('kari:hunter2-password').toString('base64')].filter((s) => text.includes(s)),
      stripeKeys: [...text.matchAll(/\b(sk|rk)_(test|live)_\w+/g)].map((m) => m[0]),
      webhookSecrets: [...text.matchAll(/\bwhsec_\w+/g)].map((m) => m[0]),
      signatures: [...text.matchAll(/\bv1=[0-9a-f]{16,}/g)].map((m) => m[0]),
      labelLinkSignatures: labelSignatures.filter((s) => text.includes(s)),
      paymentMethodIds: [...text.matchAll(/\bpm_\w+/g)].map((m) => m[0]),
      cardNumbers: cardNumbers(text),
    };
    expect(Object.fromEntries(Object.entries(hits).filter(([, v]) => v.length > 0))).toEqual({});
  });

  it('the scanner itself finds what it looks for', () => {
    expect(cardNumbers(`card ${PAN_IN_TEXT} and 4000-0566-5566-5556, tracking 370000000000000001`)).toEqual([PAN_IN_TEXT, '4000-0566-5566-5556']);
  });
});
