// The seed's "Gebruikers beheren" flows, run by both projects: `js` (hydrated pages, instant
// validation, no reloads) and `nojs` (plain HTML forms and server re-renders).
import { test, expect, Page } from '@playwright/test';
import { actFor, addButton } from './confirm';

test.describe.configure({ mode: 'serial' });

const MAM = '85073003328'; // An Peeters, Hoofdtoegangsbeheerder of the demo enterprise
const OUTSIDER = '17073003384'; // known to the portal, not in the staff register

// Each project acts on its own demo people so that the runs do not interfere.
const people = {
  js: {
    add: { nn: '90100816305', shown: '90.10.08-163.05', name: 'Leen Smets' },
    all: { nn: '60010110070', name: 'Jan Peeters', groups: 2 },
  },
  nojs: {
    add: { nn: '97031916661', shown: '97.03.19-166.61', name: 'Kristof Mertens' },
    all: { nn: '88091711228', name: 'Koen Jacobs', groups: 1 },
  },
};

function who() {
  return people[test.info().project.name as 'js' | 'nojs'];
}
const withJs = () => test.info().project.name === 'js';

async function ready(page: Page) {
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
}

async function signIn(page: Page, nn = MAM) {
  await page.goto('/aanmelden');
  await expect(page.getByRole('note')).toContainText('DEMO');
  await page.getByLabel('Kies een persoon uit de demogegevens').selectOption(nn);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toBeVisible();
  await ready(page);
}

async function openGroup(page: Page, name: string) {
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await ready(page);
}

function row(page: Page, name: string) {
  return page.locator('tbody tr', { hasText: name });
}

test('a manager adds a user to a group', async ({ page }) => {
  const p = who().add;
  await signIn(page);
  await expect(page.getByText('Account actief')).toBeVisible();
  await openGroup(page, 'Werkgever');
  const nn = page.getByRole('textbox', { name: 'Rijksregisternummer', exact: true });

  if (withJs()) {
    // Instant validation by `domain` while typing, before anything is sent.
    await nn.fill('85073003329');
    await expect(page.getByText('Dit rijksregisternummer klopt niet')).toBeVisible();
    await nn.fill('85.07.30-033.28');
    await expect(page.getByText('Dit rijksregisternummer klopt niet')).toBeHidden();
  }

  // Nothing filled in: both fields explain what is missing.
  await nn.fill('');
  await addButton(page).click();
  await expect(page.getByText('Vul een rijksregisternummer in.')).toBeVisible();
  await expect(page.getByText('Kies minstens één onlinedienst.')).toBeVisible();

  // Someone outside the staff register: refused by the server, what was typed stays.
  await page.getByRole('textbox', { name: 'Rijksregisternummer', exact: true }).fill(OUTSIDER);
  await page.getByLabel('Dimona').check();
  // With JavaScript the staff register says so while typing, before anything is sent.
  if (withJs()) await expect(page.locator('p.staff-name')).toHaveText('Niet in het personeelsregister van uw onderneming.');
  await addButton(page).click();
  await expect(page.getByText('staat niet in het personeelsregister')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Rijksregisternummer', exact: true })).toHaveValue(OUTSIDER);
  await ready(page);

  await page.getByRole('textbox', { name: 'Rijksregisternummer', exact: true }).fill(p.shown);
  await page.getByLabel('Dimona').check();
  await page.getByLabel('e-Box Enterprise').check();
  // The person's name before anything is written; the button names the act.
  await actFor(page, 'add', p.name);
  const added = row(page, p.name);
  await expect(added).toBeVisible();
  await expect(added).toContainText(p.shown);
  await expect(added).toContainText('e-Box Enterprise, Dimona');
  await expect(added).toContainText('Actief');
  // Named, announced, at the top of the content, with and without JavaScript (issue 14).
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`${p.name} is toegevoegd aan de groep Werkgever.`);
});

test('a manager blocks and unblocks a user for one group', async ({ page }) => {
  const p = who().add;
  await signIn(page);
  await openGroup(page, 'Werkgever');
  await row(page, p.name).getByRole('button', { name: 'Bewerken' }).click();
  await expect(page.getByRole('heading', { name: 'Machtigingen van de gebruiker' })).toBeVisible();
  await ready(page);
  const permissions = page.locator('table.permissions tbody tr', { hasText: 'Werkgever' });
  await expect(permissions).toContainText('Actief');
  await permissions.getByRole('button', { name: 'Blokkeren' }).click();
  await expect(permissions).toContainText('Geblokkeerd');
  // The seed's outcome, announced, with and without JavaScript (then once, from the session).
  const said = page.getByRole('main').getByRole('status');
  await expect(said).toHaveText(`${p.name} is geblokkeerd voor de groep Werkgever.`);
  await expect(permissions).toContainText('e-Box Enterprise, Dimona'); // services kept
  await ready(page);
  await permissions.getByRole('button', { name: 'Deblokkeren' }).click();
  await expect(permissions).toContainText('Actief');
  await expect(said).toHaveText(`${p.name} is gedeblokkeerd voor de groep Werkgever.`);
  await expect(permissions).toContainText('e-Box Enterprise, Dimona');
  if (!withJs()) {
    await page.reload();
    await expect(said).toHaveCount(0); // once
  }
});

test('a manager blocks and unblocks a user for all groups after confirming', async ({ page }) => {
  const p = who().all;
  await signIn(page);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Gebruikers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gebruikers' })).toBeVisible();
  await page.getByLabel('Zoeken op naam of rijksregisternummer').fill(p.nn);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await row(page, p.name).getByRole('button', { name: 'Bekijken' }).click();
  await expect(page.getByRole('heading', { name: 'Machtigingen van de gebruiker' })).toBeVisible();
  await ready(page);
  const rows = page.locator('table.permissions tbody tr');
  await expect(rows).toHaveCount(p.groups);

  await page.getByRole('button', { name: 'Blokkeren', exact: true }).click();
  await expect(page.getByText(`Bevestig dat u ${p.name} wilt blokkeren voor alle groepen.`)).toBeVisible();
  await ready(page);
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByText('Bevestig dat u')).toBeHidden();
  for (let i = 0; i < p.groups; i++) await expect(rows.nth(i)).toContainText('Geblokkeerd');
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`${p.name} is geblokkeerd voor alle groepen.`);
  await ready(page);

  await page.getByRole('button', { name: 'Deblokkeren', exact: true }).click();
  await expect(page.getByText(`Bevestig dat u ${p.name} wilt deblokkeren voor alle groepen.`)).toBeVisible();
  await ready(page);
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByText('Bevestig dat u')).toBeHidden();
  for (let i = 0; i < p.groups; i++) await expect(rows.nth(i)).toContainText('Actief');
});

test('a manager deletes a user from a group after confirming', async ({ page }) => {
  const p = who().add;
  await signIn(page);
  await openGroup(page, 'Werkgever');
  await row(page, p.name).getByRole('button', { name: 'Verwijderen', exact: true }).click();
  await expect(page.getByText(`Wilt u ${p.name} verwijderen uit de groep Werkgever?`)).toBeVisible();
  await ready(page);
  await page.getByRole('alertdialog').getByRole('button', { name: 'Verwijderen', exact: true }).click();
  await expect(page).toHaveURL(/\/groepen\/werkgever$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Werkgever' })).toBeVisible();
  await expect(row(page, p.name)).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`${p.name} is nu verwijderd uit de groep Werkgever.`);
});

test('the main access manager cannot be blocked or deleted', async ({ page }) => {
  await signIn(page);
  await openGroup(page, 'Werkgever');
  await page.locator(`tbody tr[data-national-number="${MAM}"]`).getByRole('button', { name: 'Bewerken' }).click();
  await expect(page.getByRole('heading', { name: 'Machtigingen van de gebruiker' })).toBeVisible();
  // The same `domain` rule as the server's (R10) explains why instead of offering it.
  // Blocking, deleting and changing the services are each refused with that reason.
  await expect(page.getByText('De Hoofdtoegangsbeheerder kan hier niet geblokkeerd of verwijderd worden.')).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Blokkeren' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Onlinediensten wijzigen' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Verwijderen/ })).toHaveCount(0);
  await expect(page.locator('table.permissions tbody tr')).toContainText('Actief');
});

test('the user page says per online service whether the user can use it, and why', async ({ page }) => {
  await signIn(page);
  await page.goto(`/gebruikers/${MAM}`);
  await expect(page.getByRole('heading', { name: 'Toegang tot de onlinediensten' })).toBeVisible();
  await ready(page);
  const ebox = page.locator('table.access tbody tr', { hasText: 'e-Box Enterprise' });
  await expect(ebox).toContainText('Ja');
  const why = ebox.getByText('Automatisch als Hoofdtoegangsbeheerder (R13).');
  await expect(why).toBeHidden();
  await ebox.getByText('Waarom?').click();
  await expect(why).toBeVisible();
});
