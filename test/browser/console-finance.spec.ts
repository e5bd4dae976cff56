// The finance console in a real browser against the real stack: a replacement settled over HTTP
// with the 300 kr examination fee captured is found in the holds and the summary, in the ledger
// CSV for the period, refunded in part, and a reconciliation finding is resolved with a note — in
// Norwegian and English, each page checked by axe; a warehouse user is refused the page and the API.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PgReconciliationFindings } from '../../src/adapters/postgres/reconciliation-findings';
import { DEV_CARRIER_WEBHOOK_SECRET } from '../../src/config';
import { osloDate } from '../../src/domain/calendar';
import { signCarrierPayload } from '../../src/lib/webhook-signature';
import { base, bearer, daysAgo, expectAccessible, newSerial, screenshot, signIn, useLanguage } from './helpers';

const FEE = 30_000;
const today = () => osloDate(Date.now());
const monthStart = () => `${today().slice(0, 8)}01`;
/** The stack's own ports (test/browser/stack.ts); absent against a stack of your own. */
const stack = () => (process.env.STACK_PORTS ? (JSON.parse(process.env.STACK_PORTS) as Record<string, string>) : null);

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Settled {
  id: string;
  email: string;
  customer: string;
}

/** Request, dispatch, carrier scan, receipt and a no-fault inspection over HTTP: 300 kr captured. */
async function settledWithFee(request: APIRequestContext, sub: string): Promise<Settled> {
  const customer = await bearer('customer', sub);
  const warehouse = await bearer('warehouse', 'pw-finance-warehouse');
  const serialNumber = newSerial('FIN');
  const email = `${sub}@example.no`;
  const created = await request.post(`${base()}/v1/replacements`, {
    headers: { Authorization: customer, 'Idempotency-Key': randomUUID(), Prefer: 'wait=10' },
    data: {
      sku: 'IP17P-256',
      serialNumber,
      purchaseDate: daysAgo(120),
      issueDescription: 'Screen flickers',
      coverage: 'warranty',
      serviceLevel: 'standard',
      paymentMethodId: 'pm_card_visa',
      email,
      locale: 'en',
      shippingAddress: { name: 'Kari Nordmann', line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' },
      acceptTerms: true,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id, status } = (await created.json()) as { id: string; status: string };
  expect(status).toBe('awaiting_dispatch');
  const dispatched = await until(
    'the dispatch',
    () =>
      request.post(`${base()}/v1/replacements/${id}/dispatch`, { headers: { Authorization: warehouse }, data: { replacementSerialNumber: newSerial('RPL') } }),
    (r) => r.status() === 200,
  );
  const tracking = ((await dispatched.json()) as { returnLabel: { trackingNumber: string } }).returnLabel.trackingNumber;
  // The carrier's scan of the return parcel, signed as the sandbox carrier signs it.
  const body = JSON.stringify({
    events: [{ eventId: `scan-${randomUUID()}`, trackingNumber: tracking, kind: 'in_transit', at: Date.now(), serviceNumber: id }],
  });
  const scan = await request.post(`${base()}/v1/webhooks/carrier`, {
    headers: { 'content-type': 'application/json', 'x-carrier-signature': signCarrierPayload(body, DEV_CARRIER_WEBHOOK_SECRET) },
    data: body,
  });
  expect(scan.status(), await scan.text()).toBe(200);
  await until(
    'return_in_transit',
    async () => ((await (await request.get(`${base()}/v1/replacements/${id}`, { headers: { Authorization: customer } })).json()) as { status: string }).status,
    (s) => s === 'return_in_transit',
  );
  const received = await request.post(`${base()}/v1/replacements/${id}/receipt`, { headers: { Authorization: warehouse }, data: { serialNumber } });
  expect(received.status(), await received.text()).toBe(200);
  const inspected = await request.post(`${base()}/v1/replacements/${id}/inspection`, {
    headers: { Authorization: warehouse },
    data: { outcome: 'no_fault_found', notes: 'Works on the bench' },
  });
  expect(inspected.status(), await inspected.text()).toBe(200);
  expect(await inspected.json()).toMatchObject({ status: 'completed', capturedAmount: FEE });
  return { id, email, customer };
}

async function bothLanguages(page: Page, what: string, check: (lang: 'nb' | 'en') => Promise<void>) {
  for (const lang of ['nb', 'en'] as const) {
    await useLanguage(page, lang);
    await check(lang);
    await expectAccessible(page, `${what} ${lang}`);
  }
}

let settled: Settled;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  settled = await settledWithFee(request, `pw-fin-${Date.now().toString(36)}`);
});

test('finance finds the capture among the captured holds, links it to its case, in nb and en, at 412 px too', async ({ page }) => {
  await signIn(page, 'Frida Finans', 'finance', '/console/holds');
  await bothLanguages(page, 'holds active', async (lang) => {
    await expect(page.getByRole('heading', { level: 1, name: lang === 'nb' ? 'Kortreservasjoner' : 'Card holds' })).toBeVisible();
  });
  await page.getByRole('link', { name: 'Captured', exact: true }).click();
  await expect(page).toHaveURL(/\/console\/holds\?state=captured$/);
  await expect(page.getByRole('link', { name: 'Captured', exact: true })).toHaveAttribute('aria-current', 'page');
  const row = page.getByTestId(`hold-${settled.id}`);
  await expect(row.getByTestId('captured')).toHaveText('NOK 300.00');
  await expect(row.getByRole('button', { name: 'Refund' })).toBeVisible();
  // The state is in the URL: a reload keeps the tab.
  await page.reload();
  await expect(page.getByTestId(`hold-${settled.id}`)).toBeVisible();
  await useLanguage(page, 'nb');
  await expect(page.getByTestId(`hold-${settled.id}`).getByTestId('captured')).toHaveText('300,00 kr');
  await expectAccessible(page, 'holds captured nb');
  await useLanguage(page, 'en');
  await expectAccessible(page, 'holds captured en');
  await screenshot(page, 'console-holds');

  await page.setViewportSize({ width: 412, height: 900 });
  await expect(page.getByRole('link', { name: settled.id })).toBeVisible();
  await expectAccessible(page, 'holds captured 412 px');
  const bodyWidth = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
  expect(bodyWidth).toBeLessThanOrEqual(412);

  // The case link goes to the case page of the console.
  await page.getByRole('link', { name: settled.id }).click();
  await expect(page).toHaveURL(new RegExp(`/console/cases/${settled.id}$`));
});

test('the summary for this month shows the capture, a chart with its table, and the CSV of exactly the period has the row', async ({ page }) => {
  await signIn(page, 'Frida Finans', 'finance', '/console/summary');
  await bothLanguages(page, 'summary', async (lang) => {
    await expect(page.getByRole('heading', { level: 1, name: lang === 'nb' ? 'Oversikt' : 'Summary' })).toBeVisible();
  });
  await expect(page.getByLabel('From')).toHaveValue(monthStart());
  await expect(page.getByLabel('To (inclusive)')).toHaveValue(today());
  const captured = page.getByTestId('totals').locator('[data-kind="captured"] dd');
  await expect(captured).not.toHaveText('NOK 0.00');
  await screenshot(page, 'console-summary', true);

  // A period chosen in the form goes to the URL, and the CSV link asks for exactly it.
  await page.getByLabel('From').fill(today());
  await page.getByRole('radio', { name: 'Per week' }).check();
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`/console/summary\\?from=${today()}&to=${today()}&bucket=week$`));
  await expect(captured).toHaveText(/NOK [1-9]/);
  const link = page.getByTestId('ledger-csv');
  await expect(link).toHaveAttribute('href', `/v1/finance/ledger.csv?from=${today()}&to=${today()}`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\n')[0]).toContain('replacement_id');
  const rows = csv.split('\n').filter((line) => line.includes(settled.id));
  expect(rows.some((r) => r.includes(',captured,') && r.includes(',30000,'))).toBe(true);

  // A start after the end is refused next to the field, and nothing is asked for.
  await page.getByLabel('From').fill('2099-01-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('The start must be on or before the end.')).toBeVisible();
  await expect(page.getByLabel('From')).toHaveAttribute('aria-invalid', 'true');
});

test('the chart per day has bars, a label and the same numbers in a table', async ({ page }) => {
  await signIn(page, 'Frida Finans', 'finance', `/console/summary?from=${monthStart()}&to=${today()}&bucket=day`);
  await useLanguage(page, 'en');
  const chart = page.getByRole('img', { name: /Bar chart of authorized, captured, released and refunded amounts per day/ });
  await expect(chart).toBeVisible();
  // Today's bars have height; the month's quiet days are zero-height bars.
  await expect(chart.locator('rect:not([height="0"])').first()).toBeVisible();
  const table = page.getByTestId('series');
  await expect(table.getByRole('row')).not.toHaveCount(1);
  await expect(table).toContainText('NOK 300.00');
  await expectAccessible(page, 'summary chart en');
});

test('a part refund: the ledger, the finance actions and the customer’s email show it; more than is left is refused at the amount', async ({
  page,
  request,
}) => {
  await signIn(page, 'Frida Finans', 'finance', '/console/holds?state=captured');
  await useLanguage(page, 'en');
  const row = page.getByTestId(`hold-${settled.id}`);
  await row.getByRole('button', { name: 'Refund' }).click();
  const form = page.getByRole('form', { name: `Refund on ${settled.id}` });
  // Typed amounts are checked before anything is sent.
  await form.getByLabel('Amount (kr)').fill('100,005');
  await form.getByLabel('Reason').fill('Goodwill: the wait was long');
  await form.getByRole('button', { name: 'Refund' }).click();
  await expect(form.getByText('At most two decimals (øre), e.g. 150,50.')).toBeVisible();
  await form.getByLabel('Amount (kr)').fill('100,50');
  await form.getByRole('button', { name: 'Refund' }).click();
  await expect(form.getByRole('status')).toHaveText('Refunded NOK 100.50. Left to refund: NOK 199.50.');
  await expectAccessible(page, 'refund done en');

  const finance = await bearer('finance', 'pw-frida');
  const actions = await until(
    'the refund among the finance actions',
    async () =>
      (await (await request.get(`${base()}/v1/replacements/${settled.id}/finance-actions`, { headers: { Authorization: finance } })).json()) as {
        items: Array<Record<string, unknown>>;
      },
    (a) => a.items.some((x) => x.kind === 'goodwill_refund'),
  );
  expect(actions.items.find((x) => x.kind === 'goodwill_refund')).toMatchObject({ amount: 10_050, reason: 'Goodwill: the wait was long', outcome: 'refunded' });
  const csv = await until(
    'the refund in the ledger',
    async () => (await request.get(`${base()}/v1/finance/ledger.csv?from=${today()}&to=${today()}`, { headers: { Authorization: finance } })).text(),
    (text) => text.split('\n').some((l) => l.includes(settled.id) && l.includes(',refunded,') && l.includes(',10050,')),
  );
  expect(csv).toContain(settled.id);
  await expect(row.getByTestId('refunded')).toHaveText('NOK 100.50');

  const ports = stack();
  if (ports) {
    const mailpit = `http://127.0.0.1:${ports.MAILPIT_UI_PORT}`;
    const text = await until(
      'the refund email',
      async () => {
        const list = (await (await request.get(`${mailpit}/api/v1/search?query=${encodeURIComponent(`to:"${settled.email}"`)}`)).json()) as {
          messages?: Array<{ ID: string }>;
        };
        const bodies = await Promise.all(
          (list.messages ?? []).map(async (m) => ((await (await request.get(`${mailpit}/api/v1/message/${m.ID}`)).json()) as { Text?: string }).Text ?? ''),
        );
        return bodies.find((b) => b.includes('100.50')) ?? '';
      },
      (b) => b !== '',
    );
    expect(text).toContain('NOK 100.50');
  }

  // A second refund beyond what is left: the API's refusal stands next to the amount.
  await form.getByLabel('Amount (kr)').fill('250');
  await form.getByLabel('Reason').fill('Goodwill again');
  await form.getByRole('button', { name: 'Refund' }).click();
  const amount = form.getByLabel('Amount (kr)');
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator(`#refund-${settled.id}-amount-error`)).toContainText('At most NOK 199.50 can be refunded');
  await expectAccessible(page, 'refund refused en');
  await useLanguage(page, 'nb');
  await expectAccessible(page, 'refund refused nb');
  await useLanguage(page, 'en');

  // The case's timeline shows the refund with who did it, in which role, and why.
  await page.goto(`${base()}/console/cases/${settled.id}`);
  await expect(page.getByRole('listitem').filter({ hasText: 'Goodwill refund' })).toContainText(
    /NOK 100\.50, refunded\) — Goodwill: the wait was long by Frida Finans \(finance\)/,
  );
});

test('a reconciliation finding is resolved with a note (required), and shows who and when among the resolved', async ({ page }) => {
  const ports = stack();
  test.skip(!ports, 'needs the stack’s database to place a finding');
  // A provider movement the ledger lacks, stored as the daily run stores its findings.
  const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${ports!.EMBEDDED_DB_PORT}/postgres`, max: 1 });
  const providerRef = `pi_pw_${Date.now().toString(36)}`;
  try {
    await new PgReconciliationFindings(pool).record(
      [
        {
          replacementId: settled.id,
          kind: 'captured',
          ledgerAmount: null,
          providerAmount: 4_200,
          providerRef,
          detail: 'provider captured 4200 not in the ledger',
        },
      ],
      Date.now(),
    );
  } finally {
    await pool.end();
  }
  await signIn(page, 'Frida Finans', 'finance', '/console/reconciliation');
  await bothLanguages(page, 'reconciliation', async (lang) => {
    await expect(page.getByRole('heading', { level: 1, name: lang === 'nb' ? 'Avstemming' : 'Reconciliation' })).toBeVisible();
  });
  const row = page.getByRole('row').filter({ hasText: providerRef });
  await expect(row).toContainText('NOK 42.00');
  await expect(row).toContainText('nothing');
  await screenshot(page, 'console-reconciliation');
  await row.getByRole('button', { name: 'Resolve' }).click();
  const form = page.getByRole('form', { name: /Resolve finding \d+/ });
  await form.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(form.getByText('Write a note: what was found and done.')).toBeVisible();
  await expect(form.getByLabel('Note')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'resolve note required en');
  await useLanguage(page, 'nb');
  await expectAccessible(page, 'resolve note required nb');
  await useLanguage(page, 'en');

  await form.getByLabel('Note').fill('Capture made by hand at the provider; booked manually');
  await form.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(page.getByRole('row').filter({ hasText: providerRef })).toHaveCount(0);
  await page.getByLabel('Show resolved findings too').check();
  await expect(page).toHaveURL(/\/console\/reconciliation\?resolved=1$/);
  const resolved = page.getByRole('row').filter({ hasText: providerRef });
  await expect(resolved).toContainText('Resolved by');
  await expect(resolved).toContainText('Capture made by hand at the provider; booked manually');
  await expectAccessible(page, 'reconciliation resolved en');
});

test('a warehouse user opening the holds sees "not allowed", and the API refuses the same data with 403', async ({ page, request }) => {
  await signIn(page, 'Ola Lager', 'warehouse', '/console/holds');
  await bothLanguages(page, 'holds not allowed', async (lang) => {
    await expect(page.getByRole('heading', { level: 1, name: lang === 'nb' ? 'Ikke tillatt' : 'Not allowed' })).toBeVisible();
  });
  await expect(page.getByRole('table')).toHaveCount(0);
  // With the page's own session cookie, and with a warehouse token.
  expect((await page.request.get(`${base()}/v1/finance/holds?state=captured`)).status()).toBe(403);
  const answer = await request.get(`${base()}/v1/finance/holds?state=captured`, { headers: { Authorization: await bearer('warehouse', 'pw-ola') } });
  expect(answer.status()).toBe(403);
  expect((await page.request.get(`${base()}/v1/finance/ledger.csv?from=${today()}&to=${today()}`)).status()).toBe(403);
});
