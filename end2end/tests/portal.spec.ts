// The portal's own online services (R11–R13), run by both projects: ContactData, Chaman
// and e-Box Enterprise.
import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

test.describe.configure({ mode: 'serial' });

const MAM = '85073003328'; // An Peeters
const STAFF_ONLY = '75072319065'; // staff 30: in the staff register, no mandate, no group

const withJs = () => test.info().project.name === 'js';

async function signIn(page: Page, nn: string) {
  await page.goto('/aanmelden');
  await page.getByLabel('Kies een persoon uit de demogegevens').selectOption(nn);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  // The start page, or a group manager of one group's group page.
  await expect(page.locator('main#inhoud h1')).toBeVisible();
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
}

test('ContactData: the address is checked, saved and its history shown', async ({ page }) => {
  const street = withJs() ? 'Kerkstraat 1' : 'Stationsplein 12';
  await signIn(page, MAM);
  await page.getByRole('link', { name: 'ContactData' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ContactData' })).toBeVisible();
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();

  const form = page.locator('form.contact');
  await form.getByLabel('Land').selectOption('BE');
  await form.getByLabel('Straat en nummer').fill(street);
  await form.getByLabel('Postcode').fill('0999');
  await form.getByLabel('Gemeente').fill('Gent');
  await form.getByLabel('Algemeen e-mailadres').fill('info@bouw');
  await form.getByLabel('Telefoonnummer').fill('09 123 45');
  await form.getByRole('button', { name: 'Contactgegevens opslaan' }).click();
  // Every wrong field says why (with JavaScript before sending, without after the post),
  // and what was typed stays.
  await expect(page.getByText('Een Belgische postcode telt vier cijfers')).toBeVisible();
  await expect(page.getByText('Vul een geldig e-mailadres in')).toBeVisible();
  await expect(page.getByText('Vul een telefoonnummer in zoals')).toBeVisible();
  await expect(form.getByLabel('Straat en nummer')).toHaveValue(street);

  await form.getByLabel('Postcode').fill('B-9000');
  await form.getByLabel('Algemeen e-mailadres').fill('info@bouw.be');
  // Typed the Belgian way: stored as +3291234567, shown readably.
  await form.getByLabel('Telefoonnummer').fill('09 123 45 67');
  await form.getByRole('button', { name: 'Contactgegevens opslaan' }).click();
  const said = page.getByRole('main').getByRole('status');
  await expect(said).toHaveText('De contactgegevens van uw onderneming zijn bewaard.');

  const latest = page.locator('table.history tbody tr').first();
  await expect(latest).toContainText('An Peeters');
  await expect(latest).toContainText('Adres en algemeen contact');
  await expect(latest).toContainText(`Straat en nummer: ${street}`);
  await expect(latest).toContainText('Postcode: 9000');
  await expect(page.locator('form.contact').getByLabel('Telefoonnummer')).toHaveValue('+32 9 123 45 67');

  // A contact person for the role "Werkgever".
  const person = page.getByRole('form', { name: 'Contactpersoon Werkgever' });
  const contact = withJs() ? 'Eva Willems' : 'Tom Jacobs';
  await person.getByLabel('Naam').fill(contact);
  await person.getByLabel('E-mailadres').fill('eva@bouw.be');
  await person.getByLabel('Telefoonnummer').fill('0032 475 12 34 56');
  await person.getByRole('button', { name: 'Contactpersoon Werkgever opslaan' }).click();
  await expect(page.locator('table.history tbody tr').first()).toContainText('Contactpersoon Werkgever');
  await expect(page.locator('table.history tbody tr').first()).toContainText('Telefoonnummer: +32475123456');
  await expect(said).toHaveText(`${contact} is bewaard als contactpersoon voor Werkgever.`);
  await ready(page);

  // An address abroad: the country chosen, its postal code as that country writes them.
  const address = page.locator('form.contact');
  await address.getByLabel('Land').selectOption('NL');
  await address.getByLabel('Postcode').fill('9000');
  await address.getByRole('button', { name: 'Contactgegevens opslaan' }).click();
  await expect(page.getByText('Deze postcode is niet geschreven zoals het gekozen land postcodes schrijft')).toBeVisible();
  await expect(page.locator('form.contact').getByLabel('Land')).toHaveValue('NL');
  await ready(page);
  await page.locator('form.contact').getByLabel('Postcode').fill('1012lg');
  await page.locator('form.contact').getByLabel('Gemeente').fill('Amsterdam');
  await page.locator('form.contact').getByRole('button', { name: 'Contactgegevens opslaan' }).click();
  await expect(said).toHaveText('De contactgegevens van uw onderneming zijn bewaard.');
  await expect(page.locator('table.history tbody tr').first()).toContainText('Land: Nederland');
  await expect(page.locator('table.history tbody tr').first()).toContainText('Postcode: 1012 LG');
});

test('ContactData: staff who are neither manager nor user do not reach it', async ({ page }) => {
  await signIn(page, STAFF_ONLY);
  // Their start page says where they stand, and offers no manager pages.
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn toegang' })).toBeVisible();
  await expect(page.getByText('U bent in deze onderneming aan geen enkele groep toegevoegd.')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Gebruikers' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'ContactData' })).toHaveCount(0);
  await page.goto('/contactgegevens');
  await expect(page.getByText('U hebt geen toegang tot deze onlinedienst.')).toBeVisible();
});

// Chaman (R12): each project acts for its own user of "Werkgever".
const chamanUser = {
  js: { nn: '60010110070', name: 'Jan Peeters' },
  nojs: { nn: '66012113645', name: 'Joris De Smet' },
};

test('a user without a mandate sees "Mijn toegang": services per group and who manages them', async ({ page }) => {
  const u = withJs() ? chamanUser.js : chamanUser.nojs;
  await signIn(page, u.nn);
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn toegang' })).toBeVisible();
  const menu = page.getByRole('navigation', { name: 'Menu' });
  await expect(menu.getByRole('link', { name: 'Mijn toegang' })).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Gebruikers' })).toHaveCount(0);
  const werkgever = page.locator('li.group-card[data-group="werkgever"]');
  await expect(werkgever.getByRole('heading', { name: 'Werkgever' })).toBeVisible();
  await expect(werkgever).toContainText('e-Box Enterprise');
  // The nearest manager first.
  await expect(werkgever.locator('ul.managers li').first()).toHaveText('Tom Jacobs (Groepsbeheerder Werkgever)');
  await expect(werkgever.locator('ul.managers')).toContainText('An Peeters (Hoofdtoegangsbeheerder)');
});

async function ready(page: Page) {
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Aanmelden bij Toegangsbeheer' })).toBeVisible();
}

test('Chaman: a user without the grant is refused, is granted Chaman and configures an SFTP channel', async ({ page }) => {
  const fixtures = path.resolve(__dirname, '..', '..', 'server', 'tests', 'fixtures');
  const sshKey = fs.readFileSync(path.join(fixtures, 'sftp-ed25519.pub'), 'utf8');
  const expired = fs.readFileSync(path.join(fixtures, 'soap-expired.pem'), 'utf8');
  const u = withJs() ? chamanUser.js : chamanUser.nojs;

  // Without the grant: no menu entry, and the page says so.
  await signIn(page, u.nn);
  await expect(page.getByRole('link', { name: 'Chaman' })).toHaveCount(0);
  await page.goto('/chaman');
  await expect(page.getByText('U hebt geen toegang tot deze onlinedienst.')).toBeVisible();
  await page.goto('/');
  await signOut(page);

  // The main access manager grants Chaman in the user's group ("expliciet toegang geven").
  await signIn(page, MAM);
  await page.goto(`/groepen/werkgever/gebruikers/${u.nn}`);
  await expect(page.getByRole('heading', { name: 'Onlinediensten' })).toBeVisible();
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
  await page.getByRole('checkbox', { name: 'Chaman (technische kanalen)' }).check();
  await page.getByRole('button', { name: 'Onlinediensten wijzigen' }).click();
  await expect(page.locator('table.permissions tbody tr')).toContainText('Chaman (technische kanalen)');
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`De diensten van ${u.name} in de groep Werkgever zijn gewijzigd.`);
  await signOut(page);

  // Now the user reaches Chaman.
  await signIn(page, u.nn);
  await page.getByRole('link', { name: 'Chaman' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Chaman — technische kanalen' })).toBeVisible();
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
  // First use: the sender with its one technical contact (the first project creates it).
  if (await page.getByRole('heading', { name: 'Afzender aanmaken' }).count()) {
    await page.getByLabel('Naam van het technisch contact').fill(u.name);
    await page.getByLabel('E-mailadres').fill('it@demo-bouwbedrijf.be');
    await page.getByLabel('Telefoonnummer').fill('+32 475 12 34 56');
    await page.getByRole('button', { name: 'Afzender aanmaken' }).click();
  }
  await expect(page.getByText('Technisch contact:')).toBeVisible();
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();

  const credential = page.getByLabel(/Login \(FTP\), publieke OpenSSH-sleutel/);
  // A garbage key and an expired certificate are refused with a clear message.
  await page.getByLabel('Type').selectOption('sftp');
  await credential.fill('ssh-ed25519 dit-is-geen-sleutel');
  await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
  await expect(page.getByText('Dit is geen publieke OpenSSH-sleutel')).toBeVisible();
  await page.getByLabel('Type').selectOption('soap');
  await page.getByLabel('Productie').check();
  await credential.fill(expired);
  await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
  await expect(page.getByText('Dit certificaat is verlopen.')).toBeVisible();

  // A real OpenSSH key: its type and the fingerprint `ssh-keygen -l` shows.
  // The js project adds it for the test environment; the nojs project (same enterprise)
  // finds that channel there already and adds it for production.
  const env = withJs() ? 'Test' : 'Productie';
  if (!withJs()) {
    await page.getByLabel('Type').selectOption('sftp');
    await page.getByLabel('Test', { exact: true }).check();
    await credential.fill(sshKey);
    await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
    await expect(page.getByText('Dit kanaal bestaat al')).toBeVisible();
  }
  await page.getByLabel('Type').selectOption('sftp');
  await page.getByLabel(env, { exact: true }).check();
  await credential.fill(sshKey);
  await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
  const channel = page.locator('table.channels tbody tr', { hasText: 'SHA256:Om99BnE48mZfcO2z1LhlIPbP25e+v59GNIMAlmNw7js' }).last();
  await expect(channel).toContainText('ssh-ed25519');
  await expect(channel).toContainText(env);
  await expect(channel).toContainText('Niet actief');
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Het kanaal is toegevoegd; activeer het om het te gebruiken.');
  await channel.getByRole('button', { name: `Activeren SFTP ${env}` }).click();
  await expect(page.locator('table.channels tbody tr', { hasText: 'SHA256:Om99' }).last()).toContainText('Actief');
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Het kanaal is geactiveerd.');
});

test('Chaman: an inactive channel is removed after a confirmation, and the technical contact is changed', async ({ page }) => {
  const u = withJs() ? chamanUser.js : chamanUser.nojs;
  await signIn(page, u.nn);
  await page.goto('/chaman');
  await ready(page);
  const credential = page.getByLabel(/Login \(FTP\), publieke OpenSSH-sleutel/);

  // An active channel offers no "Verwijderen"; an inactive one does, after a confirmation.
  await expect(page.locator('table.channels tbody tr', { hasText: 'Actief' }).first()).toBeVisible();
  await expect(page.locator('table.channels tbody tr', { hasText: 'Actief' }).first().getByRole('button', { name: /^Verwijderen/ })).toHaveCount(0);
  const login = withJs() ? 'weg-js' : 'weg-nojs';
  await page.getByLabel('Type').selectOption('ftp');
  await credential.fill(login);
  await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
  const ftp = page.locator('table.channels tbody tr', { hasText: login });
  await expect(ftp).toContainText('Niet actief');
  await expect(credential).toHaveValue(''); // the form is empty again
  await ready(page);
  await ftp.getByRole('button', { name: /^Verwijderen FTP/ }).click();
  const dialog = ftp.getByRole('alertdialog');
  await expect(dialog).toContainText('Dit kan niet ongedaan gemaakt worden.');
  await ready(page);
  await dialog.getByRole('button', { name: /^Bevestigen: FTP .* verwijderen$/ }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Het kanaal is verwijderd.');
  await expect(ftp).toHaveCount(0);
  await ready(page);

  // The technical contact is changed, its phone typed the Belgian way.
  const form = page.getByRole('group', { name: 'Technisch contact wijzigen' });
  await form.getByLabel('Naam van het technisch contact').fill(u.name);
  await form.getByLabel('E-mailadres').fill('techniek@');
  await form.getByRole('button', { name: 'Technisch contact bewaren' }).click();
  await expect(page.getByText('Vul een geldig e-mailadres in')).toBeVisible();
  await ready(page);
  await page.getByRole('group', { name: 'Technisch contact wijzigen' }).getByLabel('E-mailadres').fill('techniek@demo-bouwbedrijf.be');
  await page.getByRole('group', { name: 'Technisch contact wijzigen' }).getByLabel('Telefoonnummer').fill('03 123 45 67');
  await page.getByRole('group', { name: 'Technisch contact wijzigen' }).getByRole('button', { name: 'Technisch contact bewaren' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`${u.name} is nu het technisch contact van de afzender.`);
  await expect(page.locator('section[aria-labelledby="sender-title"] > p')).toHaveText(`Technisch contact: ${u.name} · techniek@demo-bouwbedrijf.be · +32 3 123 45 67`);
});

// e-Box (R13): each project's published message, read by its own user.
const eboxUser = {
  js: { nn: '77050512420', name: 'Bram Claes' },
  nojs: { nn: '94090914867', name: 'Jeroen Dupont' },
};

const root = path.resolve(__dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
function operator(...args: string[]): string {
  const bin = path.join(target, process.env.E2E_PROFILE ?? 'debug', 'server');
  const database = `sqlite://${path.join(target, 'e2e', 'toegang.db')}`;
  return execFileSync(bin, ['--database-url', database, ...args], { cwd: root, encoding: 'utf8' });
}

async function blockEverywhere(page: Page, u: { nn: string; name: string }, what: 'Blokkeren' | 'Deblokkeren') {
  await page.goto(`/gebruikers/${u.nn}`);
  await expect(page.getByRole('heading', { name: 'Machtigingen van de gebruiker' })).toBeVisible();
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
  await page.getByRole('button', { name: what, exact: true }).click();
  await expect(page.getByText(`Bevestig dat u ${u.name} wilt`)).toBeVisible();
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByText('Bevestig dat u')).toBeHidden();
}

test('e-Box: a published message appears for every user and disappears for one blocked in all groups', async ({ page }, info) => {
  const u = withJs() ? eboxUser.js : eboxUser.nojs;
  const title = `Kennisgeving DmfA (${info.project.name})`;
  const attachment = info.outputPath('kennisgeving.txt');
  fs.mkdirSync(path.dirname(attachment), { recursive: true });
  fs.writeFileSync(attachment, 'Uw aangifte is ontvangen.');
  const out = operator('publish', '--enterprise', '0403019261', '--sender', 'RSZ', '--service', 'dmfa',
    '--type', 'kennisgeving', '--title', title, '--body', 'Beste,\nzie de bijlage.', '--attach', attachment);
  expect(out).toContain('published document');

  // The user sees it, marked new; opens it; downloads the attachment.
  await signIn(page, u.nn);
  await page.getByRole('link', { name: 'e-Box Enterprise' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'e-Box Enterprise' })).toBeVisible();
  const item = page.locator('li.document', { hasText: title });
  await expect(item).toContainText('Nieuw');
  await item.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('zie de bijlage.')).toBeVisible();
  // Viewing changes nothing; reading is a POST: sent as the page opens with JavaScript,
  // by the button without it.
  const markRead = page.getByRole('button', { name: 'Markeren als gelezen' });
  if (test.info().project.name === 'js') await expect(markRead).toHaveCount(0);
  else await markRead.click();
  await expect(markRead).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'kennisgeving.txt' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('kennisgeving.txt');
  expect(fs.readFileSync(await file.path(), 'utf8')).toBe('Uw aangifte is ontvangen.');
  await page.goto('/ebox');
  await expect(page.locator('li.document', { hasText: title })).not.toContainText('Nieuw');
  // Filtering by another service hides it.
  await page.getByLabel('Onlinedienst').selectOption('intervat');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await expect(page.locator('li.document', { hasText: title })).toHaveCount(0);
  await page.goto('/');
  await signOut(page);

  // Blocked in all groups, the user no longer reaches the e-Box.
  await signIn(page, MAM);
  await page.goto('/ebox');
  await expect(page.locator('li.document', { hasText: title })).toContainText('Nieuw'); // unread for her
  await blockEverywhere(page, u, 'Blokkeren');
  await signOut(page);
  await signIn(page, u.nn);
  await expect(page.getByRole('link', { name: 'e-Box Enterprise' })).toHaveCount(0);
  await page.goto('/ebox');
  await expect(page.getByText('U hebt geen toegang tot deze onlinedienst.')).toBeVisible();
  await page.goto('/');
  await signOut(page);
  // Unblocked again (the demo data as it was).
  await signIn(page, MAM);
  await blockEverywhere(page, u, 'Deblokkeren');
});

test('every page runs under its Content-Security-Policy without a violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await signIn(page, MAM);
  for (const path of ['/', '/gebruikers', '/beheerders', '/ebox', '/contactgegevens', '/chaman', '/groepen/werkgever']) {
    const res = await page.goto(path);
    expect(res!.headers()['content-security-policy'], path).toContain("'nonce-");
    if (withJs()) await page.locator('body[data-hydrated]').waitFor();
  }
  expect(violations).toEqual([]);
});
