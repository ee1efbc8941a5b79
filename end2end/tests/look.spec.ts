// What every browser shows: the eye, pencil and trash buttons are drawn (inline SVG, not
// emoji that a stock Chromium shows as empty boxes) and keep their accessible names.
import { test, expect } from '@playwright/test';

test('the eye, pencil and trash are drawn and named', async ({ page }) => {
  await page.goto('/aanmelden');
  await page.getByLabel('Kies een persoon uit de demogegevens').selectOption('85073003328');
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.getByRole('link', { name: 'Werkgever' }).click();
  for (const name of ['Bewerken', 'Verwijderen']) {
    const button = page.getByRole('button', { name, exact: true }).first();
    await expect(button.locator('svg')).toHaveCount(1);
    expect((await button.innerText()).trim()).toBe('');
  }
  await page.getByRole('link', { name: 'Gebruikers', exact: true }).click();
  const eye = page.getByRole('button', { name: 'Bekijken', exact: true }).first();
  await expect(eye.locator('svg')).toHaveCount(1);
  const box = await eye.locator('svg').boundingBox();
  expect(box!.width).toBeGreaterThan(10);
});

test('a skip link leads to the content, and an outcome takes the focus', async ({ page }, info) => {
  await page.goto('/aanmelden');
  await page.getByLabel('Kies een persoon uit de demogegevens').selectOption('85073003328');
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toBeVisible();
  if (info.project.name === 'js') await page.locator('body[data-hydrated]').waitFor();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Naar de inhoud' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#inhoud$/);
  if (info.project.name !== 'js') return;
  // With the keyboard alone: block a user, and the focus is on what it did.
  await page.goto('/groepen/werkgever/gebruikers/60010110070');
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByRole('button', { name: 'Blokkeren', exact: true }).focus();
  await page.keyboard.press('Enter');
  const said = page.getByRole('main').getByRole('status');
  await expect(said).toContainText('is geblokkeerd voor de groep Werkgever.');
  await expect(said).toBeFocused();
  await page.getByRole('button', { name: 'Deblokkeren', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(said).toContainText('is gedeblokkeerd voor de groep Werkgever.');
});
