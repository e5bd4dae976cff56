// The staff console's case search and case page, against the real stack: a replacement set up
// over HTTP through dispatch, then found and read by a warehouse user in the browser.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { DEV_CARRIER_WEBHOOK_SECRET } from '../../src/config';
import { CARRIER_SIGNATURE_HEADER, signCarrierPayload } from '../../src/lib/webhook-signature';
import { base, bearer, daysAgo, expectAccessible, newSerial, screenshot, signIn, useLanguage } from './helpers';

const WAREHOUSE_SUB = 'pw-cases-ola';

interface DispatchedCase {
  id: string;
  workflowId: string;
  email: string;
  replacementSerial: string;
  returnTracking: string;
}

/** A replacement requested by a customer of its own (the merchant's limit is three open), then shipped. */
async function dispatchedCase(request: APIRequestContext, customerSub: string): Promise<DispatchedCase> {
  const suffix = newSerial('C').toLowerCase();
  const email = `case.${suffix}@example.no`;
  const created = await request.post(`${base()}/v1/replacements`, {
    headers: { Authorization: await bearer('customer', customerSub), 'Idempotency-Key': randomUUID(), Prefer: 'wait=10' },
    data: {
      sku: 'IP17P-256',
      serialNumber: newSerial('F2L'),
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
  expect(created.status()).toBe(201);
  const view = (await created.json()) as { id: string; workflowId: string; status: string };
  expect(view.status).toBe('awaiting_dispatch');
  const replacementSerial = newSerial('RPL');
  const dispatched = await request.post(`${base()}/v1/replacements/${view.id}/dispatch`, {
    headers: { Authorization: await bearer('warehouse', WAREHOUSE_SUB) },
    data: { replacementSerialNumber: replacementSerial },
  });
  expect(dispatched.status()).toBe(200);
  const shipped = (await dispatched.json()) as { returnLabel: { trackingNumber: string } };
  return { id: view.id, workflowId: view.workflowId, email, replacementSerial, returnTracking: shipped.returnLabel.trackingNumber };
}

/** The sandbox carrier's signed tracking webhook, as `npm run carrier:scan` sends it: the return parcel is on its way. */
async function scanReturn(request: APIRequestContext, c: DispatchedCase) {
  const body = JSON.stringify({
    events: [{ eventId: `scan-${randomUUID()}`, trackingNumber: c.returnTracking, kind: 'in_transit', at: Date.now(), serviceNumber: c.id }],
  });
  const res = await request.post(`${base()}/v1/webhooks/carrier`, {
    headers: { 'content-type': 'application/json', [CARRIER_SIGNATURE_HEADER]: signCarrierPayload(body, DEV_CARRIER_WEBHOOK_SECRET) },
    data: body,
  });
  expect(res.status()).toBe(200);
}

const searchField = (page: Page) => page.getByRole('searchbox', { name: 'Service number, serial number, email or tracking number' });

async function search(page: Page, q: string) {
  await page.goto(`${base()}/console/cases`);
  await expect(searchField(page)).toBeFocused();
  // Padded on purpose: the search trims what was typed.
  await page.keyboard.type(`  ${q} `);
  await page.keyboard.press('Enter');
}

test.beforeEach(async ({ page }) => {
  // The page's language starts as English; each test switches to Norwegian where it checks both.
  await page.addInitScript("localStorage.setItem('er-lang', 'en')");
});

test('a warehouse user finds the case by service number, replacement serial, email and return tracking number', async ({ page, request }) => {
  const c = await dispatchedCase(request, 'pw-cases-search');
  await signIn(page, 'Ola Lager', 'warehouse', '/console/cases');

  // A single exact hit on the service number opens the case at once.
  await search(page, c.id.toLowerCase());
  await expect(page).toHaveURL(`${base()}/console/cases/${c.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Case ${c.id}` })).toBeVisible();

  // The others list the case as a link, and keep the query in the URL; keyboard only.
  for (const q of [c.replacementSerial, c.email, c.returnTracking]) {
    await search(page, q);
    await expect(page).toHaveURL(`${base()}/console/cases?q=${encodeURIComponent(q)}`);
    await expect(page.getByRole('heading', { name: `1 case for “${q}”` })).toBeVisible();
    const link = page.getByRole('link', { name: c.id, exact: true });
    await expect(link).toHaveAttribute('href', `/console/cases/${c.id}`);
    await expect(searchField(page)).toHaveValue(q);
  }
  // From the field to the result by Tab (past the search button), then open it with Enter.
  await searchField(page).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: c.id, exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: `Case ${c.id}` })).toBeVisible();

  // Nothing found, and an empty search, say so in words.
  await search(page, `NOPE-${newSerial()}`);
  await expect(page.getByText(/^No case matches “NOPE-/)).toBeVisible();
  await page.goto(`${base()}/console/cases`);
  await searchField(page).fill('   ');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Enter a service number, serial number, email or tracking number.')).toBeVisible();
  await expect(searchField(page)).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'case search en');
  await useLanguage(page, 'nb');
  await expectAccessible(page, 'case search nb');
});

test('the case page shows the timeline with its actors, the ledger, the emails, the labels and the workflow link', async ({ page, request }) => {
  const c = await dispatchedCase(request, 'pw-cases-page');
  await signIn(page, 'Ola Lager', 'warehouse', `/console/cases/${c.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Case ${c.id}` })).toBeVisible();
  await expect(page.getByTestId('case-status')).toHaveText('Sent: return your original');
  await expect(page.getByTestId('case-hold-state')).not.toBeEmpty();
  await expect(page.getByText(c.replacementSerial, { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: c.email })).toHaveAttribute('href', `mailto:${c.email}`);

  const timeline = page.locator('.case-timeline li');
  await expect(timeline.filter({ hasText: 'Replacement sent' })).toContainText(`by ${WAREHOUSE_SUB} (warehouse)`);
  await expect(timeline.first()).toContainText('You requested a replacement');

  const money = page.getByRole('region', { name: 'Money' });
  await expect(money).toContainText('Hold amountNOK 15,990.00');
  await expect(money).toContainText('Hold renewals0');
  await expect(money).toContainText('Authorization lapses');

  const ledger = page.getByRole('region', { name: 'Ledger' });
  await expect(ledger.getByRole('row').filter({ hasText: 'Hold placed' })).toContainText('NOK 15,990.00');

  // The worker sends the emails a moment after each step; the page picks them up by itself.
  const emails = page.getByRole('region', { name: 'Emails sent' });
  await expect(emails.getByRole('row').filter({ hasText: 'dispatched' })).toContainText(c.email);

  for (const name of [/^Outbound label, parcel /, `Return label, parcel ${c.returnTracking} (PDF)`]) {
    const href = (await page.getByRole('link', { name }).getAttribute('href'))!;
    const label = await request.get(new URL(href, base()).toString());
    expect(label.status()).toBe(200);
    expect(label.headers()['content-type']).toContain('application/pdf');
  }

  // The page reads the case again while open: the carrier's scan appears without a reload.
  await expect(timeline.filter({ hasText: 'Your return was scanned by the carrier' })).toHaveCount(0);
  await scanReturn(request, c);
  await expect(timeline.filter({ hasText: 'Your return was scanned by the carrier' })).toHaveCount(1);
  await expect(page.getByTestId('case-status')).toHaveText('Your return is on its way');

  const workflow = page.getByRole('link', { name: 'Open the workflow in the Temporal UI' });
  await expect(workflow).toHaveAttribute('href', new RegExp(`/namespaces/[^/]+/workflows/${encodeURIComponent(c.workflowId)}$`));

  await expectAccessible(page, 'case page en');
  await screenshot(page, 'console-case', true);
  await useLanguage(page, 'nb');
  await expect(page.getByRole('heading', { level: 1, name: `Sak ${c.id}` })).toBeVisible();
  await expect(page.locator('.case-timeline li').filter({ hasText: 'Erstatningen er sendt' })).toContainText(`av ${WAREHOUSE_SUB} (lager)`);
  await expectAccessible(page, 'case page nb');

  // A handheld's 412 px: everything fits the width; only the tables scroll, inside their own box.
  await page.setViewportSize({ width: 412, height: 900 });
  await expect(page.getByRole('heading', { level: 1, name: `Sak ${c.id}` })).toBeVisible();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(412);
  await expectAccessible(page, 'case page nb 412 px');
});

test('a case that does not exist says so; a customer may not open a case', async ({ page, request }) => {
  await signIn(page, 'Ola Lager', 'warehouse', '/console/cases/RMA-DOES-NOT-EXIST');
  await expect(page.getByRole('alert')).toHaveText(/^There is no case RMA-DOES-NOT-EXIST\./);

  const c = await dispatchedCase(request, 'pw-cases-customer');
  await page.context().clearCookies();
  await signIn(page, 'Kari Nordmann', 'customer', `/console/cases/${c.id}`);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expect(page.getByText(c.replacementSerial)).toHaveCount(0);
});
