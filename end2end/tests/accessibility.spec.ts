// WCAG 2.1 AA, checked by axe-core on every page: hydrated, and as the server renders it
// (the app's scripts blocked; axe itself runs in the page, so JavaScript stays on).
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'axe runs in the page');

const MAM = '85073003328';
const USER = '60010110070'; // Jan Peeters, in Werkgever
const PAGES = [
  '/',
  '/groepen/werkgever',
  `/groepen/werkgever/gebruikers/${USER}`,
  `/groepen/werkgever/gebruikers/${USER}?bevestig=verwijderen`,
  '/gebruikers',
  `/gebruikers/${USER}`,
  `/gebruikers/${USER}?bevestig=blokkeren`,
  '/beheerders',
  '/ebox',
  '/contactgegevens',
  '/chaman',
];

async function signIn(page: Page) {
  await page.goto('/aanmelden');
  await page.getByLabel('Kies een persoon uit de demogegevens').selectOption(MAM);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toBeVisible();
}

async function check(page: Page, path: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(found, path).toEqual([]);
}

test('every page passes axe, hydrated', async ({ page }) => {
  await page.goto('/aanmelden');
  await check(page, '/aanmelden');
  await signIn(page);
  for (const path of PAGES) {
    await page.goto(path);
    await page.locator('body[data-hydrated]').waitFor();
    await check(page, path);
  }
});

test('every page passes axe as the server renders it', async ({ page }) => {
  await page.route('**/pkg/*.{js,wasm}', (route) => route.abort());
  await page.goto('/aanmelden');
  await check(page, '/aanmelden');
  await signIn(page);
  for (const path of PAGES) {
    await page.goto(path);
    await check(page, `${path} (server-rendered)`);
  }
});
