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
