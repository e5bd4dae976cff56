// The console as staff first meet it: signing in on the site's root lands each role on its own first
// page (a newcomer met "There is no such console page" here while every test opened a page directly).
import { expect, test } from '@playwright/test';
import { base, signIn, useLanguage } from './helpers';

for (const [role, name, path, heading] of [
  ['warehouse', 'Ola Lager', '/console/dispatch', 'Dispatch'],
  ['finance', 'Frida Finans', '/console/holds', 'Card holds'],
] as const) {
  test(`a ${role} user signing in on / lands on ${path}`, async ({ page }) => {
    await signIn(page, name, role, '/');
    await useLanguage(page, 'en');
    await expect(page).toHaveURL(`${base()}${path}`);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    // The console's own address goes to the same page.
    await page.goto(`${base()}/console`);
    await expect(page).toHaveURL(`${base()}${path}`);
    await expect(page.getByRole('link', { name: heading === 'Card holds' ? 'Holds' : heading })).toHaveAttribute('aria-current', 'page');
  });
}
