// The warehouse console in a real browser against the real stack: dispatch and receive by scanning
// (keyboard only, as a keyboard-wedge scanner types), inspect with the fee shown first, the incoming
// returns and the stock — in Norwegian and English, each page checked by axe.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { DEV_CARRIER_WEBHOOK_SECRET } from '../../src/config';
import { formatMoney } from '../../src/domain/money';
import { CARRIER_SIGNATURE_HEADER, signCarrierPayload } from '../../src/lib/webhook-signature';
import { base, bearer, daysAgo, expectAccessible, newSerial, screenshot, signIn, useLanguage } from './helpers';

const PRODUCT = 'IP17P-256';

interface Case {
  id: string;
  serial: string;
  customer: string;
}

/** A replacement waiting for dispatch, requested over HTTP by a customer of its own. */
async function requested(request: APIRequestContext): Promise<Case> {
  const customer = await bearer('customer', `pw-wh-${randomUUID()}`);
  const serial = newSerial('WH');
  const res = await request.post(`${base()}/v1/replacements`, {
    headers: { Authorization: customer, 'Idempotency-Key': randomUUID(), Prefer: 'wait=10' },
    data: {
      sku: PRODUCT,
      serialNumber: serial,
      purchaseDate: daysAgo(120),
      issueDescription: 'Screen flickers',
      coverage: 'warranty',
      serviceLevel: 'standard',
      paymentMethodId: 'pm_card_visa',
      email: 'kari.nordmann@example.no',
      locale: 'en',
      shippingAddress: { name: 'Kari Nordmann', line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' },
      acceptTerms: true,
    },
  });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { id: string; status: string };
  expect(body.status).toBe('awaiting_dispatch');
  return { id: body.id, serial, customer };
}

async function statusOf(request: APIRequestContext, c: Case): Promise<string> {
  const res = await request.get(`${base()}/v1/replacements/${c.id}`, { headers: { Authorization: c.customer } });
  return ((await res.json()) as { status: string }).status;
}

/** Dispatched over HTTP and scanned by the carrier on its way back: `return_in_transit`. */
async function returning(request: APIRequestContext): Promise<Case & { tracking: string }> {
  const c = await requested(request);
  const dispatched = await request.post(`${base()}/v1/replacements/${c.id}/dispatch`, {
    headers: { Authorization: await bearer('warehouse') },
    data: { replacementSerialNumber: newSerial('NEW') },
  });
  expect(dispatched.status()).toBe(200);
  const tracking = ((await dispatched.json()) as { returnLabel: { trackingNumber: string } }).returnLabel.trackingNumber;
  const body = JSON.stringify({
    events: [{ eventId: `scan-${randomUUID()}`, trackingNumber: tracking, kind: 'in_transit', at: Date.now(), serviceNumber: c.id }],
  });
  const scan = await request.post(`${base()}/v1/webhooks/carrier`, {
    headers: { 'content-type': 'application/json', [CARRIER_SIGNATURE_HEADER]: signCarrierPayload(body, DEV_CARRIER_WEBHOOK_SECRET) },
    data: body,
  });
  expect(scan.ok()).toBe(true);
  await expect.poll(() => statusOf(request, c), { timeout: 20_000 }).toBe('return_in_transit');
  return { ...c, tracking };
}

/** A scanner: the code's characters, then Enter. Returns the keystrokes it took. */
async function scan(page: Page, code: string): Promise<number> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  return code.length + 1;
}

test('a warehouse user dispatches by scanning only: service number, then the unit; the labels are PDFs', async ({ page, request }) => {
  const c = await requested(request);
  const dispatches: Array<string | undefined> = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/v1/replacements/${c.id}/dispatch`)) dispatches.push(r.headers()['idempotency-key']);
  });
  await signIn(page, 'Ola Lager', 'warehouse', '/console/dispatch');
  await useLanguage(page, 'en');
  const row = page.getByRole('row', { name: new RegExp(c.id) });
  await expect(row).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Waiting to ship, most urgent first' })).toBeVisible();
  await expectAccessible(page, 'dispatch en');
  await screenshot(page, 'console-dispatch');

  // The scan field has the focus when the page opens, without a click.
  await page.reload();
  await expect(page.getByLabel('Scan', { exact: true })).toBeFocused();
  let keys = await scan(page, c.id.toLowerCase());
  // The same label read again at once (a scanner held over it) is ignored, not taken as the unit's serial.
  await scan(page, c.id);
  await expect(page.getByText(`${c.id} was just scanned; the repeat is ignored.`)).toBeVisible();
  const picked = page.getByTestId('picked');
  await expect(picked).toContainText(c.id);
  await expect(picked).toContainText(PRODUCT);
  await expect(picked).toContainText('kari.nordmann@example.no');
  await expect(page.getByText(`Step 2 of 2: scan the serial of the unit going out for ${c.id}.`)).toBeVisible();
  await expectAccessible(page, 'dispatch scan en');
  await screenshot(page, 'console-scan');

  const unit = newSerial('NEW');
  keys += await scan(page, unit);
  await expect(page.getByText(`${c.id} dispatched with unit ${unit}.`)).toBeVisible();
  expect(await statusOf(request, c)).toBe('dispatched');
  // One submit, with a key of its own; the repeated service-number scan sent nothing.
  expect(dispatches).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  test.info().annotations.push({ type: 'keystrokes per dispatch', description: `${keys} (${c.id.length + 1} + ${unit.length + 1})` });

  for (const name of [/Shipping label \(PDF\)/, /Return label \(PDF\)/]) {
    const link = page.getByRole('link', { name });
    await expect(link).toHaveAttribute('target', '_blank');
    const pdf = await request.get((await link.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
  }
  // Ready for the next parcel without a click; Escape starts over.
  await expect(page.getByLabel('Scan', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByText('Step 1 of 2: scan the service number on the order sheet.')).toBeVisible();
  await expect(row).toHaveCount(0);

  await useLanguage(page, 'nb');
  await expect(page.getByRole('heading', { name: 'Utsending', level: 1 })).toBeVisible();
  await expectAccessible(page, 'dispatch nb');
});

test('receiving a wrong unit stops at an alert with both serials and records nothing; the right unit is received', async ({ page, request }) => {
  const c = await returning(request);
  // The API would refuse a wrong serial too; what is checked here is that the page never asks.
  const receipts: Array<string | undefined> = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/v1/replacements/${c.id}/receipt`)) receipts.push(r.headers()['idempotency-key']);
  });
  await signIn(page, 'Ola Lager', 'warehouse', '/console/receiving');
  await useLanguage(page, 'en');
  await expectAccessible(page, 'receiving en');
  // Focus left on the language button: a scan still lands in the scan field.
  await expect(page.getByRole('button', { name: 'English' })).toBeFocused();

  let keys = await scan(page, c.tracking);
  await expect(page.getByTestId('expected-serial')).toHaveText(c.serial);

  const wrong = newSerial('WRONG');
  await scan(page, wrong);
  const alert = page.getByRole('alertdialog', { name: 'Wrong unit: the serial does not match' });
  await expect(alert).toBeVisible();
  await expect(alert.getByTestId('mismatch-expected')).toHaveText(c.serial);
  await expect(alert.getByTestId('mismatch-scanned')).toHaveText(wrong);
  await expectAccessible(page, 'receiving mismatch en');
  await screenshot(page, 'console-receiving-mismatch');
  // Nothing was sent: the replacement is still on its way back.
  expect(await statusOf(request, c)).toBe('return_in_transit');
  // A scan meanwhile goes nowhere; Escape does not dismiss it; Enter acknowledges.
  await page.keyboard.type(c.serial);
  await page.keyboard.press('Escape');
  await expect(alert).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(alert).toBeHidden();
  expect(await statusOf(request, c)).toBe('return_in_transit');
  expect(receipts).toEqual([]);
  await expect(page.getByLabel('Scan', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Scan', { exact: true })).toHaveValue('');

  // As a person might type it: lower case is the same serial.
  keys += await scan(page, c.serial.toLowerCase());
  await expect(page.getByText(`${c.id} received; it waits for inspection.`)).toBeVisible();
  await expect.poll(() => statusOf(request, c)).toBe('awaiting_inspection');
  expect(receipts).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  test.info().annotations.push({ type: 'keystrokes per receipt', description: `${keys} (${c.tracking.length + 1} + ${c.serial.length + 1})` });
  await expect(page.getByRole('link', { name: 'Inspect now' })).toHaveAttribute('href', `/console/inspection/${c.id}`);

  await useLanguage(page, 'nb');
  await expectAccessible(page, 'receiving nb');
});

test('inspection previews no_fault_found before confirming, and the ledger captures what the preview said', async ({ page, request }) => {
  const c = await returning(request);
  const received = await request.post(`${base()}/v1/replacements/${c.id}/receipt`, {
    headers: { Authorization: await bearer('warehouse') },
    data: { serialNumber: c.serial },
  });
  expect(received.status()).toBe(200);

  await signIn(page, 'Ola Lager', 'warehouse', '/console/inspection');
  await useLanguage(page, 'en');
  await expect(page.getByRole('row', { name: new RegExp(c.id) })).toBeVisible();
  await expectAccessible(page, 'inspection list en');
  await page.getByRole('link', { name: `Inspect ${c.id}` }).click();
  await expect(page.getByRole('heading', { name: `Inspect ${c.id}` })).toBeVisible();
  const confirm = page.getByRole('button', { name: 'Confirm the inspection' });
  await expect(confirm).toBeDisabled();
  await expect(page.locator('#confirm-why')).toHaveText('Choose an outcome; the fee is shown before you confirm.');

  await page.getByLabel('No fault found').check();
  await page.getByLabel('Notes').fill('Works on the bench');
  const capture = page.getByTestId('preview-capture');
  await expect(capture).toHaveText(/\d/);
  await expect(confirm).toBeEnabled();
  const previewed = await capture.textContent();
  await expectAccessible(page, 'inspection preview en');
  await screenshot(page, 'console-inspection-preview', true);
  await useLanguage(page, 'nb');
  await expectAccessible(page, 'inspection preview nb');
  await useLanguage(page, 'en');
  await expect(capture).toHaveText(previewed!);
  // Nothing recorded by the preview.
  expect(await statusOf(request, c)).toBe('awaiting_inspection');

  await confirm.click();
  await expect(page.getByText('Recorded. The replacement is now:')).toBeVisible();
  await expect(page.getByTestId('captured')).toHaveText(previewed!);

  const csv = await request.get(`${base()}/v1/finance/ledger.csv`, { headers: { Authorization: await bearer('finance') } });
  expect(csv.status()).toBe(200);
  const captures = (await csv.text())
    .split('\n')
    .map((line) => line.split(','))
    .filter((cols) => cols[1] === c.id && cols[2] === 'captured');
  expect(captures).toHaveLength(1);
  expect(formatMoney(Number(captures[0]![4]), 'NOK', 'en')).toBe(previewed);
});

test('incoming returns are grouped with their deadline, in both languages', async ({ page, request }) => {
  const c = await returning(request);
  await signIn(page, 'Ola Lager', 'warehouse', '/console/returns');
  await useLanguage(page, 'en');
  await page.getByRole('button', { name: /^In transit \(\d+\)$/ }).click();
  const row = page.getByRole('row', { name: new RegExp(c.id) });
  await expect(row).toContainText('In transit');
  await expect(row).toContainText(c.serial);
  await expect(row).toContainText(c.tracking);
  await page.getByRole('button', { name: /^Overdue \(\d+\)$/ }).click();
  await expect(row).toHaveCount(0);
  await expectAccessible(page, 'returns en');
  await useLanguage(page, 'nb');
  await expectAccessible(page, 'returns nb');
});

test('stock at 412 px: a receipt with no number says so at the field, then units are received and journalled', async ({ page }) => {
  await page.setViewportSize({ width: 412, height: 915 });
  await signIn(page, 'Ola Lager', 'warehouse', '/console/stock');
  await useLanguage(page, 'en');
  await page.getByRole('button', { name: `Choose ${PRODUCT}` }).click();
  const receipt = page.getByRole('form', { name: 'Record units received' });
  await receipt.getByRole('button', { name: 'Record' }).click();
  const units = receipt.getByLabel('Units');
  await expect(units).toHaveAttribute('aria-invalid', 'true');
  await expect(receipt.locator('#receipt-quantity-error')).toContainText('a whole number of units');

  await units.fill('2');
  await receipt.getByLabel('Note (optional)').fill(`delivery ${newSerial('DN')}`);
  await receipt.getByRole('button', { name: 'Record' }).click();
  await expect(receipt.getByText(new RegExp(`Recorded\\. ${PRODUCT} now has \\d+ on hand\\.`))).toBeVisible();
  await expect(page.getByRole('table').last().getByRole('row').nth(1)).toContainText('Received');

  const adjustment = page.getByRole('form', { name: 'Correct the count' });
  await adjustment.getByLabel('Units').fill('-1');
  await adjustment.getByLabel('Reason').selectOption('damaged');
  await adjustment.getByRole('button', { name: 'Record' }).click();
  await expect(adjustment.getByText(/Recorded\./)).toBeVisible();
  await expect(page.getByRole('table').last().getByRole('row').nth(1)).toContainText('Damaged');

  // Nothing wider than the screen: tables scroll inside their own box.
  expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(412);
  await expectAccessible(page, 'stock en 412');
  await useLanguage(page, 'nb');
  await expectAccessible(page, 'stock nb 412');
});
