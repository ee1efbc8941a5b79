// Any screen (issue 14, in part): on a 390 px phone no page is wider than the screen and
// the content comes before the menu; every page has its own title; the favicon exists.
import { test, expect, Page } from '@playwright/test';

const MAM = '85073003328';
const USER = '60010110070'; // Jan Peeters, in Werkgever

const PAGES = [
  '/',
  '/groepen/werkgever',
  `/groepen/werkgever/gebruikers/${USER}`,
  '/gebruikers',
  `/gebruikers/${USER}`,
  '/beheerders',
  '/ebox',
  '/contactgegevens',
  '/chaman',
  '/logboek',
  '/api-sleutels',
];

async function signIn(page: Page) {
  await page.goto('/aanmelden');
  await page.locator('#demo-person').selectOption(MAM);
  await page.locator('form[action="/auth/demo"] button[type="submit"]').click();
  await expect(page.locator('main#inhoud')).toBeVisible();
}

test('on a 390 px phone every page fits and shows its content first', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.locator('main#inhoud h1')).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(390);
    const main = (await page.locator('main#inhoud').boundingBox())!;
    const menu = (await page.locator('nav.menu').boundingBox())!;
    expect(main.y, `${path}: the content comes before the menu`).toBeLessThan(menu.y);
  }
});

test('the group page shows its users first, with a way to the form that adds one', async ({ page }) => {
  await signIn(page);
  await page.goto('/groepen/werkgever');
  const users = (await page.locator('table.members').boundingBox())!;
  const adding = (await page.locator('section.add-user').boundingBox())!;
  const manager = (await page.locator('section.group-manager').boundingBox())!;
  expect(users.y).toBeLessThan(adding.y);
  expect(adding.y).toBeLessThan(manager.y);
  await page.getByRole('link', { name: 'Voeg gebruiker toe' }).click();
  await expect(page).toHaveURL(/#add-user-title$/);
});

test('at 200 % zoom (a 1280 px screen seen as 640 px) every page fits, for a manager and for a user', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 450 });
  const fits = async (path: string) => {
    await page.goto(path);
    await expect(page.locator('main#inhoud h1')).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(640);
  };
  await signIn(page);
  for (const path of PAGES) await fits(path);
  // A person without a mandate: "Mijn toegang" and the services they use.
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await page.goto('/aanmelden');
  await page.locator('#demo-person').selectOption(USER);
  await page.locator('form[action="/auth/demo"] button[type="submit"]').click();
  for (const path of ['/', '/ebox', '/contactgegevens']) await fits(path);
});

test('on a 390 px phone the controls are touch targets of at least 44 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  for (const path of ['/', '/groepen/werkgever', `/groepen/werkgever/gebruikers/${USER}`, '/beheerders']) {
    await page.goto(path);
    await expect(page.locator('main#inhoud h1')).toBeVisible();
    const small = await page.evaluate(() =>
      // A check box or radio button is reached through its label, which takes its clicks.
      Array.from(document.querySelectorAll('main button, main a.button, main select, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main label:has(> input[type=checkbox]), main label:has(> input[type=radio]), main label.checkbox, nav.menu a'))
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({ el: el as HTMLElement, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.height < 44 && !(r.width === 0 && r.height === 0))
        .map(({ el, r }) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.height)}px`));
    expect(small, `${path}: controls under 44 px`).toEqual([]);
  }
});

test('every page has its own title, and there is a favicon', async ({ page, request }) => {
  await signIn(page);
  const titles = new Set<string>();
  for (const path of PAGES.filter((p) => !p.includes('gebruikers/'))) {
    await page.goto(path);
    const h1 = (await page.locator('main#inhoud h1').textContent())!.trim();
    await expect(page).toHaveTitle(`${h1} — Toegangsbeheer`);
    titles.add(await page.title());
  }
  expect(titles.size).toBe(PAGES.filter((p) => !p.includes('gebruikers/')).length);
  const icon = await request.get('/favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('svg');
});
