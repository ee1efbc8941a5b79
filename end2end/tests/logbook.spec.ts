// The Logboek (R14): a manager reads what was done in its scope, filters it (a GET form:
// the same with and without JavaScript), pages through it and exports it as CSV.
import { test, expect, Page } from '@playwright/test';

const MAM = '85073003328'; // An Peeters
const GROUP_MANAGER = '74020422361'; // Tom Jacobs, Groepsbeheerder of Werkgever

async function signIn(page: Page, nn: string) {
  await page.goto('/aanmelden');
  await page.locator('#demo-person').selectOption(nn);
  await page.locator('form[action="/auth/demo"] button[type="submit"]').click();
  await expect(page.locator('main#inhoud')).toBeVisible();
  if (test.info().project.name === 'js') await page.locator('body[data-hydrated]').waitFor();
}

test('the main access manager reads the Logboek, filters it and exports it', async ({ page }) => {
  await signIn(page, MAM);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Logboek' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logboek' })).toBeVisible();
  await expect(page.getByText('U ziet alles wat in de onderneming gebeurde.')).toBeVisible();
  // Its own sign-in, in words.
  await expect(page.locator('tr[data-action="signin.success"]', { hasText: 'An Peeters' }).first()).toBeVisible();

  await page.getByLabel('Soort handeling').selectOption('signin');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await expect(page).toHaveURL(/soort=signin/);
  const rows = page.locator('table.logbook tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const action of await rows.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-action')))) {
    expect(action).toMatch(/^signin\./);
  }
  // The export carries the filters, and answers CSV.
  const href = await page.getByRole('link', { name: 'Exporteren als CSV' }).getAttribute('href');
  expect(href).toContain('soort=signin');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).split('\n')[0]).toContain('action_words');

  // An impossible range is refused with its reason, not answered with an empty list.
  await page.goto('/logboek?van=2026-02-01&tot=2026-01-01');
  await expect(page.getByText('De einddatum ligt vóór de begindatum.')).toBeVisible();
});

test('a group manager reads only its group', async ({ page }) => {
  await signIn(page, GROUP_MANAGER);
  await page.goto('/logboek');
  await expect(page.getByText('U ziet wat gebeurde in de groepen die u beheert: Werkgever.')).toBeVisible();
  const groups = page.getByLabel('Groep', { exact: true }).locator('option');
  await expect(groups).toHaveText(['Alle', 'Werkgever']);
});
