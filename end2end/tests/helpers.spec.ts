// "Helpers aanstellen": the main access manager appoints an access manager, who appoints a
// group manager, who adds a user — and cannot appoint anyone. Runs after the user flows,
// with and without JavaScript (each project with its own people).
import { test, expect, Page } from '@playwright/test';
import { actFor } from './confirm';

test.describe.configure({ mode: 'serial' });

const MAM = '85073003328';
const people = {
  js: { am: { nn: '78010520826', name: 'Nathalie Jacobs' }, gm: { nn: '85061621169', name: 'Joris Dubois' }, user: { nn: '92112721415', name: 'Els Cools' } },
  nojs: { am: { nn: '60041021792', name: 'Stijn Desmet' }, gm: { nn: '92112721415', name: 'Els Cools' }, user: { nn: '85061621169', name: 'Joris Dubois' } },
};
const who = () => people[test.info().project.name as 'js' | 'nojs'];
const withJs = () => test.info().project.name === 'js';

async function ready(page: Page) {
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
}

async function signIn(page: Page, nn: string) {
  await page.goto('/aanmelden');
  await page.getByLabel('Kies een persoon uit de demogegevens').selectOption(nn);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  // The start page, or a group manager of one group's group page.
  await expect(page.locator('main#inhoud h1')).toBeVisible();
  await ready(page);
}

test('the main access manager appoints an access manager', async ({ page }) => {
  const p = who();
  await signIn(page, MAM);
  await page.getByRole('link', { name: 'Beheer der Toegangsbeheerders', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beheer der Toegangsbeheerders', exact: true })).toBeVisible();
  await ready(page);
  // "Sociale zekerheid" has its access manager (demo data); "Fiscaliteit" is free in the js
  // run; in the nojs run the js run's appointee holds it, so revoke first.
  // With JavaScript, what is half typed in one form survives changes made in another.
  const coField = page.getByLabel('Rijksregisternummer van de nieuwe co-Hoofdtoegangsbeheerder');
  if (withJs()) await coField.fill('85.07');
  const row = page.locator('tr[data-domain="fiscaliteit"]');
  const revoke = row.getByRole('button', { name: /intrekken$/ });
  if (await revoke.count()) {
    // Revoking cannot be undone: it is asked first.
    await revoke.click();
    await expect(row.getByRole('alertdialog')).toContainText('Wilt u het mandaat Toegangsbeheerder');
    await ready(page);
    await row.getByRole('button', { name: /^Intrekken van .* bevestigen$/ }).click();
    await expect(row.getByRole('button', { name: 'Aanstellen' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('status')).toHaveText(/ is niet langer Toegangsbeheerder Fiscaliteit\.$/);
    await ready(page);
  }
  const field = row.getByLabel('Rijksregisternummer van de Toegangsbeheerder Fiscaliteit');
  await field.fill('17073003384'); // not in the staff register
  await row.getByRole('button', { name: 'Aanstellen', exact: true }).click();
  await expect(row.getByText('staat niet in het personeelsregister')).toBeVisible();
  await ready(page);
  await row.getByLabel('Rijksregisternummer van de Toegangsbeheerder Fiscaliteit').fill(p.am.nn);
  // The refusal was about the number typed before: with JavaScript it goes as the field
  // changes (never a stale error under a valid number).
  if (withJs()) await expect(row.getByText('staat niet in het personeelsregister')).toBeHidden();
  await actFor(row, 'appoint', p.am.name);
  await expect(row).toContainText(p.am.name);
  await expect(row.getByRole('button', { name: `${p.am.name} intrekken` })).toBeVisible();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`${p.am.name} is aangesteld als Toegangsbeheerder Fiscaliteit.`);
  if (withJs()) await expect(coField).toHaveValue('85.07');
});

test('the access manager appoints a group manager of its domain only', async ({ page }) => {
  const p = who();
  await signIn(page, p.am.nn);
  await expect(page.getByRole('link', { name: 'Beheer der Toegangsbeheerders' })).toHaveCount(0);
  await expect(page.locator('.group-card')).toHaveCount(1); // only "Belastingplichtige"
  await page.getByRole('link', { name: 'Belastingplichtige' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Belastingplichtige' })).toBeVisible();
  await ready(page);
  const section = page.locator('section.group-manager');
  const revoke = section.getByRole('button', { name: /intrekken$/ });
  if (await revoke.count()) {
    await revoke.click();
    await ready(page);
    await section.getByRole('button', { name: /^Intrekken van .* bevestigen$/ }).click();
    await expect(section.getByRole('button', { name: 'Aanstellen' })).toBeVisible();
    await ready(page);
  }
  await section.getByLabel('Rijksregisternummer van de nieuwe Groepsbeheerder').fill(p.gm.nn);
  await actFor(section, 'appoint', p.gm.name);
  await expect(section).toContainText(p.gm.name);
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`${p.gm.name} is aangesteld als Groepsbeheerder Belastingplichtige.`);
});

test('the group manager adds a user and cannot appoint anyone', async ({ page }) => {
  const p = who();
  await signIn(page, p.gm.nn);
  // A group manager of one group lands in it.
  await expect(page).toHaveURL(/\/groepen\/belastingplichtige$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Belastingplichtige' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Beheer der Toegangsbeheerders' })).toHaveCount(0);
  await ready(page);
  const section = page.locator('section.group-manager');
  await expect(section).toContainText(p.gm.name);
  await expect(section.getByRole('button')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Rijksregisternummer', exact: true }).fill(p.user.nn);
  await page.getByLabel('Intervat').check();
  await actFor(page.locator('section.add-user'), 'add', p.user.name);
  await expect(page.locator(`tbody tr[data-national-number="${p.user.nn}"]`)).toContainText('Intervat');
});

test('Beheer der Toegangsbeheerders lists every group manager and names the helpers missing', async ({ page }) => {
  const p = who();
  await signIn(page, MAM);
  await page.getByRole('link', { name: 'Beheer der Toegangsbeheerders', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beheer der Toegangsbeheerders', exact: true })).toBeVisible();
  const gms = page.locator('section[aria-labelledby="gm-title"]');
  await expect(gms.getByRole('heading', { level: 2, name: 'Groepsbeheerders' })).toBeVisible();
  await expect(gms.locator('tr[data-group="werkgever"]')).toContainText('Tom Jacobs');
  await expect(gms.locator('tr[data-group="belastingplichtige"]')).toContainText(p.gm.name);
  await expect(gms.locator('tr[data-group="sociaal-secretariaat"]')).toContainText('Geen Groepsbeheerder');
  // Each group leads to its page, where its group manager is appointed.
  await expect(gms.getByRole('link', { name: 'Sociaal secretariaat' })).toHaveAttribute('href', '/groepen/sociaal-secretariaat');
  const gaps = page.locator('section.gaps');
  await expect(gaps.getByRole('heading', { level: 2, name: 'Zonder beheerder' })).toBeVisible();
  await expect(gaps.getByRole('listitem').filter({ hasText: 'Sociaal secretariaat: geen Groepsbeheerder' })).toHaveCount(1);
  await expect(gaps).not.toContainText('Werkgever: geen');
  await expect(gaps).not.toContainText('Belastingplichtige: geen');
});
