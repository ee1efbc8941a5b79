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
  '/logboek',
  '/api-sleutels',
];

// In every language: the page's words, and `lang`, change.
const LANGUAGES = ['nl', 'fr', 'de', 'en'];

async function signIn(page: Page) {
  await page.goto('/aanmelden');
  await page.locator('#demo-person').selectOption(MAM);
  await page.locator('form[action="/auth/demo"] button[type="submit"]').click();
  await expect(page.locator('ul.groups')).toBeVisible();
}

async function check(page: Page, path: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(found, path).toEqual([]);
}

for (const language of LANGUAGES) {
  test(`every page passes axe in ${language}, hydrated`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'taal', value: language, url: baseURL! }]);
    await page.goto('/aanmelden');
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await check(page, '/aanmelden');
    await signIn(page);
    for (const path of PAGES) {
      await page.goto(path);
      await page.locator('body[data-hydrated]').waitFor();
      await check(page, `${path} (${language})`);
    }
  });

  test(`every page passes axe in ${language} as the server renders it`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'taal', value: language, url: baseURL! }]);
    await page.route('**/pkg/*.{js,wasm}', (route) => route.abort());
    await page.goto('/aanmelden');
    await check(page, '/aanmelden');
    await signIn(page);
    for (const path of PAGES) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await check(page, `${path} (${language}, server-rendered)`);
    }
  });
}
