// What every browser test needs: the stack's URL, signing in through the dev sign-in page as any
// role, the language switch, axe, screenshots, and an API token for setting a case up over HTTP.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { signDevToken } from '../../src/api/dev-token';
import { DEV_AUTH_JWT_SECRET } from '../../src/config';
import type { Role } from '../../src/domain/vocabulary';

// The README's screenshots are refreshed on request (`SCREENSHOTS=update npm run test:browser`);
// an ordinary run writes them under .data/ so a test run leaves the work tree clean.
const SCREENSHOTS =
  process.env.SCREENSHOTS === 'update' ? resolve(__dirname, '..', '..', 'docs', 'screenshots') : resolve(__dirname, '..', '..', '.data', 'screenshots');

export const base = () => process.env.PORTAL_URL!;

let serialCounter = 0;
export const newSerial = (prefix = 'PW') => `${prefix}${Date.now().toString(36).toUpperCase()}${++serialCounter}`;
export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Signs in through the dev sign-in page (`/auth/sign-in`) as `role`: a session cookie, no token. */
export async function signIn(page: Page, name = 'Kari Nordmann', role: Role = 'customer', returnTo = '/') {
  await page.goto(`${base()}/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await page.locator('select[name="role"]').selectOption(role);
  await page.locator('input[name="name"]').fill(name);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(`${base()}${returnTo}`);
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'er_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
}

export async function useLanguage(page: Page, lang: 'nb' | 'en') {
  await page.getByRole('button', { name: lang === 'nb' ? 'Norsk' : 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** axe on the page as it is: WCAG 2.x A and AA rules, no serious or critical violation. */
export async function expectAccessible(page: Page, what: string) {
  // @axe-core/playwright types against its own copy of playwright-core; the page is the same object.
  const result = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ what, rule: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  expect(bad).toEqual([]);
}

export async function screenshot(page: Page, name: string, fullPage = false) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage });
}

/** A bearer token for the API as `role` (the dev issuer the stack trusts outside production). */
export async function bearer(role: Role, sub = `pw-${role}`): Promise<string> {
  return `Bearer ${await signDevToken({ AUTH_JWT_SECRET: DEV_AUTH_JWT_SECRET, AUTH_JWT_ALGORITHM: 'HS256' }, { role, sub })}`;
}
