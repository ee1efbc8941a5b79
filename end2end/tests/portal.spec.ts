// The portal's own online services (R11–R13), run by both projects: ContactData.
import { test, expect, Page } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

const MAM = '85073003328'; // An Peeters
const STAFF_ONLY = '75072319065'; // staff 30: in the staff register, no mandate, no group

const withJs = () => test.info().project.name === 'js';

async function signIn(page: Page, nn: string) {
  await page.goto('/aanmelden');
  await page.getByLabel('Kies een persoon uit de demogegevens').selectOption(nn);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toBeVisible();
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
}

test('ContactData: the address is checked, saved and its history shown', async ({ page }) => {
  const street = withJs() ? 'Kerkstraat 1' : 'Stationsplein 12';
  await signIn(page, MAM);
  await page.getByRole('link', { name: 'ContactData' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ContactData' })).toBeVisible();
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();

  const form = page.locator('form.contact');
  await form.getByLabel('Straat en nummer').fill(street);
  await form.getByLabel('Postcode').fill('0999');
  await form.getByLabel('Gemeente').fill('Gent');
  await form.getByLabel('Algemeen e-mailadres').fill('info@bouw');
  await form.getByLabel('Telefoonnummer').fill('09 123 45 67');
  await form.getByRole('button', { name: 'Contactgegevens opslaan' }).click();
  // Every wrong field says why (with JavaScript before sending, without after the post),
  // and what was typed stays.
  await expect(page.getByText('Een Belgische postcode telt vier cijfers')).toBeVisible();
  await expect(page.getByText('Vul een geldig e-mailadres in')).toBeVisible();
  await expect(page.getByText('Vul een internationaal telefoonnummer in')).toBeVisible();
  await expect(form.getByLabel('Straat en nummer')).toHaveValue(street);

  await form.getByLabel('Postcode').fill('B-9000');
  await form.getByLabel('Algemeen e-mailadres').fill('info@bouw.be');
  await form.getByLabel('Telefoonnummer').fill('+32 9 123 45 67');
  await form.getByRole('button', { name: 'Contactgegevens opslaan' }).click();

  const latest = page.locator('table.history tbody tr').first();
  await expect(latest).toContainText('An Peeters');
  await expect(latest).toContainText('Adres en algemeen contact');
  await expect(latest).toContainText(`street: ${street}`);
  await expect(latest).toContainText('postal_code: 9000');
  await expect(page.locator('form.contact').getByLabel('Telefoonnummer')).toHaveValue('+3291234567');

  // A contact person for the role "Werkgever".
  const person = page.getByRole('form', { name: 'Contactpersoon Werkgever' });
  await person.getByLabel('Naam').fill(withJs() ? 'Eva Willems' : 'Tom Jacobs');
  await person.getByLabel('E-mailadres').fill('eva@bouw.be');
  await person.getByLabel('Telefoonnummer').fill('0032 475 12 34 56');
  await person.getByRole('button', { name: 'Contactpersoon Werkgever opslaan' }).click();
  await expect(page.locator('table.history tbody tr').first()).toContainText('Contactpersoon Werkgever');
  await expect(page.locator('table.history tbody tr').first()).toContainText('phone: +32475123456');
});

test('ContactData: staff who are neither manager nor user do not reach it', async ({ page }) => {
  await signIn(page, STAFF_ONLY);
  await expect(page.getByRole('link', { name: 'ContactData' })).toHaveCount(0);
  await page.goto('/contactgegevens');
  await expect(page.getByText('U hebt geen toegang tot deze onlinedienst.')).toBeVisible();
});
