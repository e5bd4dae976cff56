// The customer portal in a real browser against the real stack: sign in, pick a product, request
// a replacement with the sandbox's test cards, follow it on the status page — in Norwegian and
// English, each page checked by axe (no serious or critical WCAG 2.2 AA violation).
import { expect, test, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { signDevToken } from '../../src/api/dev-token';
import { DEV_AUTH_JWT_SECRET } from '../../src/config';
import { base, daysAgo, expectAccessible, newSerial, screenshot, signIn, useLanguage } from './helpers';

const PRODUCT = 'IP17P-256';

async function fillRequest(page: Page, purchaseDate: string) {
  await page.getByLabel('Serial number').fill(newSerial());
  await page.getByLabel('Purchase date').fill(purchaseDate);
  await page.getByLabel('What is wrong?').fill('The display flickers and goes black');
  await page.getByLabel('Email', { exact: true }).fill('kari.nordmann@example.no');
  await page.getByLabel('Address', { exact: true }).fill('Storgata 1');
  await page.getByLabel('Postal code').fill('0155');
  await page.getByLabel('City').fill('Oslo');
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('the start page lists the products with availability and the hold, in both languages, accessibly', async ({ page }) => {
  const t0 = Date.now();
  await page.goto(`${base()}/`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const load = await page.evaluate(() => {
    // Runs in the page; the test's type check knows Node's performance, not the browser's.
    const nav = (performance as any).getEntriesByType('navigation')[0] as { domContentLoadedEventEnd: number; loadEventEnd: number };
    return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), load: Math.round(nav.loadEventEnd) };
  });
  test.info().annotations.push({ type: 'first page load', description: `load event ${load.load} ms, first heading ${Date.now() - t0} ms` });
  process.stderr.write(`[browser] first page load: load event ${load.load} ms, DOMContentLoaded ${load.domContentLoaded} ms\n`);

  await useLanguage(page, 'nb');
  await expect(page.getByRole('heading', { name: 'Få en erstatning med en gang' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'iPhone 17 Pro 256 GB' })).toBeVisible();
  // The hold is formatted exactly as the emails format amounts.
  await expect(page.getByText('15 990,00 kr').first()).toBeVisible();
  await expect(page.getByText('På lager: sendes med en gang').first()).toBeVisible();
  await expectAccessible(page, 'start nb');
  await screenshot(page, 'portal-start-nb');

  await useLanguage(page, 'en');
  await expect(page.getByRole('heading', { name: 'Get a replacement at once' })).toBeVisible();
  await expect(page.getByText('NOK 15,990.00').first()).toBeVisible();
  await expectAccessible(page, 'start en');
  // The choice is remembered.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('a request with the sandbox Visa card reaches the dispatch queue, with the hold shown', async ({ page }) => {
  await page.goto(`${base()}/`);
  await useLanguage(page, 'en');
  await page.getByRole('link', { name: 'Request a replacement for iPhone 17 Pro 256 GB' }).click();
  await expect(page).toHaveURL(/\/request\?sku=IP17P-256$/);
  await fillRequest(page, daysAgo(120));
  await expect(page.getByText('Sandbox', { exact: true })).toBeVisible();
  await page.getByLabel('Visa (approved)').check();
  await expect(page.getByText('When you confirm, NOK 15,990.00 is held on your card.')).toBeVisible();
  await expectAccessible(page, 'request en');
  await page.getByLabel('I accept the hold and the return terms').check();
  await screenshot(page, 'portal-request-en');
  await page.getByRole('button', { name: 'Confirm and request' }).click();

  await expectAwaitingDispatch(page);
  await expect(page.getByText('NOK 15,990.00', { exact: true })).toBeVisible();
  await expect(page.getByText('Hold placed on your card')).toBeVisible();
  // Cancellable before dispatch.
  await expect(page.getByRole('button', { name: 'Cancel the replacement' })).toBeEnabled();
  await expectAccessible(page, 'status en');
  await screenshot(page, 'portal-status-en');

  await useLanguage(page, 'nb');
  await expect(page.getByText('Godkjent: pakkes')).toBeVisible();
  await expect(page.getByText('15 990,00 kr', { exact: true })).toBeVisible();
  await expectAccessible(page, 'status nb');
  await screenshot(page, 'portal-status-nb');

  // The warehouse ships it while the page is open: the page updates itself, the countdown and the
  // label appear, and cancelling is no longer offered, with the lifecycle's reason.
  const id = page.url().split('/').pop()!;
  const warehouse = await signDevToken({ AUTH_JWT_SECRET: DEV_AUTH_JWT_SECRET, AUTH_JWT_ALGORITHM: 'HS256' }, { role: 'warehouse', sub: 'ola.lager' });
  const dispatched = await page.request.post(`${base()}/v1/replacements/${id}/dispatch`, {
    headers: { Authorization: `Bearer ${warehouse}` },
    data: { replacementSerialNumber: `NEW-${newSerial()}` },
  });
  expect(dispatched.status()).toBe(200);
  await useLanguage(page, 'en');
  await expect(page.getByText('Sent: return your original')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Return the original by' })).toBeVisible();
  await expect(page.getByText(/\d+ business days? left\./)).toBeVisible();
  await expect(
    page.getByText(/If it is late, the full hold is charged\. A late return is still refunded, less a late-return fee of NOK 500\.00\./),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download the return label (PDF)' })).toHaveAttribute('href', /\/v1\/labels\/.+\.pdf\?sig=/);
  const labelHref = (await page.getByRole('link', { name: 'Download the return label (PDF)' }).getAttribute('href'))!;
  const labelPdf = await page.request.get(new URL(labelHref, base()).toString());
  expect(labelPdf.status()).toBe(200);
  expect((await labelPdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const cancel = page.getByRole('button', { name: 'Cancel the replacement' });
  await expect(cancel).toBeDisabled();
  await expect(page.locator('#cancel-why')).toContainText('was dispatched on');
  await expect(page.getByText('Replacement sent')).toBeVisible();
  await expectAccessible(page, 'status dispatched en');
  await screenshot(page, 'portal-status-dispatched-en');
  await useLanguage(page, 'nb');
  await expect(page.getByText(/\d+ virkedag(er)? igjen\./)).toBeVisible();
  await expect(page.locator('#cancel-why')).toContainText('kan ikke avbrytes');
  await expectAccessible(page, 'status dispatched nb');
});

test('the sign-in page is accessible in both languages', async ({ page }) => {
  for (const lang of ['nb', 'en'] as const) {
    await page.goto(`${base()}/auth/sign-in?lang=${lang}&returnTo=%2F`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expectAccessible(page, `sign-in ${lang}`);
  }
});

/** The request form in English, filled in with an eligible purchase, up to the card step. */
async function openFilledRequest(page: Page) {
  await page.goto(`${base()}/request?sku=${PRODUCT}`);
  await useLanguage(page, 'en');
  await fillRequest(page, daysAgo(120));
}

/** The status page of a replacement whose hold is placed and which waits for the warehouse. */
async function expectAwaitingDispatch(page: Page) {
  await expect(page).toHaveURL(/\/replacements\/RMA-[0-9A-Z]+$/);
  await expect(page.getByText('Approved: being packed')).toBeVisible();
  await expect(page.getByTestId('hold-state')).toHaveText('Held on your card (not charged)');
}

async function requestWithCard(page: Page, card: string) {
  await openFilledRequest(page);
  await page.getByLabel(card).check();
  await page.getByLabel('I accept the hold and the return terms').check();
  await page.getByRole('button', { name: 'Confirm and request' }).click();
}

test('a card that asks for 3-D Secure: approved at the challenge, the replacement goes to the dispatch queue', async ({ page }) => {
  await requestWithCard(page, 'Needs 3-D Secure authentication');
  // The sandbox's challenge page, as a bank's would be.
  await expect(page).toHaveURL(/\/sandbox\/3ds\//);
  await expectAccessible(page, 'challenge en');
  await page.goto(`${page.url()}&lang=nb`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
  await expectAccessible(page, 'challenge nb');
  await page.getByRole('button', { name: 'Godkjenn' }).click();
  await expectAwaitingDispatch(page);
  await expect(page.getByText('You confirmed the hold with your bank')).toBeVisible();
});

test('a card that asks for 3-D Secure: failed at the challenge, the request is declined and nothing is held', async ({ page }) => {
  await requestWithCard(page, 'Needs 3-D Secure authentication');
  await expect(page).toHaveURL(/\/sandbox\/3ds\//);
  await page.getByRole('button', { name: 'Fail' }).click();
  await expect(page).toHaveURL(/\/replacements\/RMA-[0-9A-Z]+$/);
  await expect(page.getByText('Card declined', { exact: true })).toBeVisible();
  await expect(page.getByTestId('hold-state')).not.toHaveText('Held on your card (not charged)');
  await expect(page.getByRole('button', { name: 'Cancel the replacement' })).toHaveCount(0);
});

test('a card that asks for 3-D Secure: the challenge abandoned, the request is declined when the wait ends and the intent cancelled', async ({ page }) => {
  await requestWithCard(page, 'Needs 3-D Secure authentication');
  await expect(page).toHaveURL(/\/sandbox\/3ds\//);
  const challenge = page.url();
  // The customer leaves the bank's page without answering and comes back to the portal.
  await page.goto(`${base()}${new URL(challenge).searchParams.get('returnUrl')}`);
  await expect(page.getByTestId('hold-state')).toHaveText('Waiting for you to confirm with your bank');
  // The stack's wait is 45 s (AUTHENTICATION_WAIT_SECONDS in stack.ts), not the policy's 30 minutes.
  await expect(page.getByText('Card declined', { exact: true })).toBeVisible({ timeout: 75_000 });
  await expect(page.getByText('The card’s authentication (3-D Secure) was not completed in time.')).toBeVisible();
  await expect(page.getByTestId('hold-state')).not.toHaveText('Held on your card (not charged)');
  await expect(page.getByRole('button', { name: 'Cancel the replacement' })).toHaveCount(0);
  // Too late at the bank: the intent is cancelled, so approving now holds nothing.
  await page.goto(challenge);
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
});

test('a purchase date outside the warranty says why before the card step', async ({ page }) => {
  await page.goto(`${base()}/request?sku=${PRODUCT}`);
  await useLanguage(page, 'en');
  await fillRequest(page, '2019-01-15');
  const purchaseDate = page.getByLabel('Purchase date');
  await expect(purchaseDate).toHaveAttribute('aria-invalid', 'true');
  // The reason is tied to the field and says what ended when.
  const describedBy = (await purchaseDate.getAttribute('aria-describedby'))!.split(' ');
  const reason = page.locator(`[id="${describedBy.find((id) => id.endsWith('-error'))}"]`);
  await expect(reason).toContainText('The 12-month warranty ended on 15 January 2020.');
  await expect(page.getByText('Visa (approved)')).toHaveCount(0);
  await expectAccessible(page, 'request ineligible en');
  await screenshot(page, 'portal-ineligible-en');

  await useLanguage(page, 'nb');
  await expect(reason).toContainText('Garantien på 12 måneder gikk ut 15. januar 2020.');
  await expectAccessible(page, 'request ineligible nb');
});

test('a declined card says so clearly and lets the customer choose another', async ({ page }) => {
  await page.goto(`${base()}/request?sku=${PRODUCT}`);
  await useLanguage(page, 'en');
  await fillRequest(page, daysAgo(60));
  await page.getByLabel('Declined card').check();
  await page.getByLabel('I accept the hold and the return terms').check();
  await page.getByRole('button', { name: 'Confirm and request' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The card was not accepted' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Nothing was held. Choose another card and try again.');
  // The choice is still there for the next try.
  await expect(page.getByLabel('Visa (approved)')).toBeVisible();
  await expect(page).toHaveURL(/\/request\?sku=/);
  await expectAccessible(page, 'request declined en');
  await screenshot(page, 'portal-declined-en');
  // Another card is a new request (a new idempotency key), for the same device.
  await page.getByLabel('Mastercard (approved)').check();
  await page.getByRole('button', { name: 'Confirm and request' }).click();
  await expect(page).toHaveURL(/\/replacements\/RMA-[0-9A-Z]+$/);
  await expect(page.getByText('Approved: being packed')).toBeVisible();
});

test('the API’s field errors appear at their fields', async ({ page }) => {
  await page.goto(`${base()}/request?sku=${PRODUCT}`);
  await useLanguage(page, 'nb');
  await page.getByLabel('Kjøpsdato').fill(daysAgo(30));
  await page.getByLabel('Visa (godkjennes)').check();
  await page.getByRole('button', { name: 'Bekreft og send' }).click();
  const serial = page.getByLabel('Serienummer');
  await expect(serial).toHaveAttribute('aria-invalid', 'true');
  const errorId = (await serial.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
  await expect(page.locator(`[id="${errorId}"]`)).toContainText('letters, digits or dashes');
  await expect(page.getByLabel('Postnummer')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#acceptTerms')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'request errors nb');
});

// ---- the production card step: Stripe's Payment Element ---------------------------------------
// js.stripe.com is out of reach here, so Stripe.js is a stand-in (stripe-js-stand-in.js) that
// implements the calls the portal makes and records them; the portal is told it runs with Stripe,
// and the payment methods the stand-in creates are the sandbox's test cards, so the API, worker and
// sandbox behind it place a real hold. The page's CSP (which admits js.stripe.com only when Stripe
// is configured) is checked in test/api/web-portal.test.ts; here the browser is told to bypass it.
test.describe('with Stripe as the card step', () => {
  test.use({ bypassCSP: true });
  const STAND_IN = resolve(__dirname, 'stripe-js-stand-in.js');
  const PUBLISHABLE_KEY = 'pk_test_portal_browser_test';

  test.beforeEach(async ({ page }) => {
    // A customer of its own: the earlier tests' open replacements count against Kari's limit of three.
    await signIn(page, 'Ingrid Stripe');
    await page.route('https://js.stripe.com/**', (route) => route.fulfill({ path: STAND_IN, contentType: 'text/javascript' }));
    await page.route('**/v1/portal/config', (route) => route.fulfill({ json: { payments: { provider: 'stripe', publishableKey: PUBLISHABLE_KEY } } }));
  });

  // Runs in the page; the test's type check knows Node's globals, not the browser's.
  const stripeCalls = (page: Page) => page.evaluate(() => (globalThis as unknown as { __stripeCalls: Record<string, unknown>[] }).__stripeCalls);

  test('the Payment Element takes the card: its error shows at the card field, its payment method places the hold', async ({ page }) => {
    const creates: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/v1/replacements') && creates.push(r.postData() ?? ''));
    await openFilledRequest(page);
    await expect(page.getByText('Sandbox', { exact: true })).toHaveCount(0);
    await expect(page.getByText('Your card details go straight to our payment provider, Stripe; we never see them.')).toBeVisible();
    await expect(page.getByLabel('Card number (stand-in)')).toBeVisible();
    await page.getByLabel('I accept the hold and the return terms').check();
    await expectAccessible(page, 'request with Stripe en');

    // Incomplete card: Stripe's message at the card field, and nothing sent to the API.
    await page.getByRole('button', { name: 'Confirm and request' }).click();
    await expect(page.locator('#paymentMethodId-error')).toContainText('Your card number is incomplete.');
    expect(creates).toHaveLength(0);

    await page.getByLabel('Card number (stand-in)').fill('pm_card_visa');
    await page.getByRole('button', { name: 'Confirm and request' }).click();
    await expectAwaitingDispatch(page);

    expect(creates).toHaveLength(1);
    expect(JSON.parse(creates[0])).toMatchObject({ paymentMethodId: 'pm_card_visa' });
    const calls = await stripeCalls(page);
    expect(calls).toContainEqual({ call: 'Stripe', publishableKey: PUBLISHABLE_KEY, options: { locale: 'en' } });
    // The Element is set up with the terms the server's intent uses, or Stripe would refuse the intent.
    expect(calls).toContainEqual({
      call: 'elements',
      options: {
        mode: 'payment',
        amount: 1_599_000,
        currency: 'nok',
        captureMethod: 'manual',
        setupFutureUsage: 'off_session',
        paymentMethodCreation: 'manual',
      },
    });
    expect(calls).toContainEqual({ call: 'createPaymentMethod', hasElements: true });
  });

  test('a hold that needs 3-D Secure runs Stripe.js handleNextAction with the intent’s client secret, then shows the status', async ({ page }) => {
    // The sandbox answers with a redirect; Stripe answers with `stripe_sdk` and the client secret.
    await page.route('**/v1/replacements', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch();
      const body = (await response.json()) as { hold?: { nextAction?: unknown } };
      expect(body).toMatchObject({ hold: { state: 'requires_authentication', nextAction: { type: 'redirect' } } });
      body.hold!.nextAction = { type: 'stripe_sdk', clientSecret: 'pi_browser_test_secret_stand_in' };
      await route.fulfill({ response, json: body });
    });
    await openFilledRequest(page);
    await page.getByLabel('Card number (stand-in)').fill('pm_card_authenticationRequired');
    await page.getByLabel('I accept the hold and the return terms').check();
    await page.getByRole('button', { name: 'Confirm and request' }).click();
    await expect(page).toHaveURL(/\/replacements\/RMA-[0-9A-Z]+$/);
    expect(await stripeCalls(page)).toContainEqual({ call: 'handleNextAction', clientSecret: 'pi_browser_test_secret_stand_in' });
    await expect(page.getByTestId('hold-state')).toHaveText('Waiting for you to confirm with your bank');
  });
});
