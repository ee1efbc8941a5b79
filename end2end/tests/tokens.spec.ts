// API-sleutels (docs/api.md): a manager makes a token, sees it once, uses it with the
// management API, and revokes it; with and without JavaScript.
import { test, expect, Page } from '@playwright/test';

const GROUP_MANAGER = '74020422361'; // Tom Jacobs, Groepsbeheerder of Werkgever

async function signIn(page: Page, nn: string) {
  await page.goto('/aanmelden');
  await page.locator('#demo-person').selectOption(nn);
  await page.locator('form[action="/auth/demo"] button[type="submit"]').click();
  await expect(page.locator('main#inhoud')).toBeVisible();
  if (test.info().project.name === 'js') await page.locator('body[data-hydrated]').waitFor();
}

test('a group manager makes an API token, sees it once, uses it and revokes it', async ({ page }) => {
  await signIn(page, GROUP_MANAGER);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'API-sleutels' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API-sleutels' })).toBeVisible();

  const name = `Planning ${test.info().project.name} ${Date.now()}`;
  // Without a name: Toegang's own message, nothing made.
  await page.getByRole('button', { name: 'API-sleutel aanmaken' }).click();
  await expect(page.getByText('Geef de API-sleutel een naam.')).toBeVisible();

  await page.getByLabel('Naam (waarvoor dient de sleutel?)').fill(name);
  await page.getByLabel('Geldig gedurende').selectOption('30');
  await page.getByRole('button', { name: 'API-sleutel aanmaken' }).click();
  const shown = page.getByText(/tga_[A-Za-z0-9_-]{40,}/).first();
  await expect(shown).toBeVisible();
  const token = (await shown.textContent())!.match(/tga_[A-Za-z0-9_-]+/)![0];
  await expect(page.getByText('hij wordt nooit meer getoond', { exact: false }).first()).toBeVisible();
  const row = page.locator('table.tokens tbody tr', { hasText: name });
  await expect(row).toContainText('Werkt');

  // The token works with exactly the group manager's scope.
  const groups = await page.request.get('/api/v1/groups', { headers: { Authorization: `Bearer ${token}` } });
  expect(groups.status()).toBe(200);
  expect((await groups.json()).map((g: { code: string }) => g.code)).toEqual(['werkgever']);

  // Shown once: after a reload it is nowhere on the page.
  await page.reload();
  await expect(page.locator('table.tokens tbody tr', { hasText: name })).toBeVisible();
  expect(await page.content()).not.toContain(token);

  // Revoked: the next request is refused.
  await page.getByRole('button', { name: `API-sleutel ${name} intrekken` }).click();
  await expect(page.locator('table.tokens tbody tr', { hasText: name })).toContainText('Ingetrokken');
  const refused = await page.request.get('/api/v1/groups', { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).problems[0].code).toBe('token.revoked');
});
