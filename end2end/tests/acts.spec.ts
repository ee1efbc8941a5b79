// Acts that cannot be undone ask first, and the screen shows the question (issue 14, in
// part): deleting from a group, revoking a helper, marking an e-Box task done; what the
// rules refuse is not offered; an impossible date range says so; a second submit is
// ignored.
import { test, expect, Page } from '@playwright/test';
import { actFor } from './confirm';
import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
function operator(...args: string[]): string {
  const bin = path.join(target, process.env.E2E_PROFILE ?? 'debug', 'server');
  const database = `sqlite://${path.join(target, 'e2e', 'toegang.db')}`;
  return execFileSync(bin, ['--database-url', database, ...args], { cwd: root, encoding: 'utf8' });
}

const MAM = '85073003328'; // An Peeters

async function signIn(page: Page, nn: string) {
  await page.goto('/aanmelden');
  await page.locator('#demo-person').selectOption(nn);
  await page.locator('form[action="/auth/demo"] button[type="submit"]').click();
  await expect(page.locator('main#inhoud')).toBeVisible();
}

const withJs = () => test.info().project.name === 'js';
async function ready(page: Page) {
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
}

test('the delete confirmation is in view and the main access manager has no trash', async ({ page }) => {
  await signIn(page, MAM);
  await page.goto('/groepen/werkgever');
  await ready(page);
  const mamRow = page.locator(`tr[data-national-number="${MAM}"]`);
  await expect(mamRow.getByRole('button', { name: 'Bewerken', exact: true })).toBeVisible();
  await expect(mamRow.getByRole('button', { name: 'Verwijderen', exact: true })).toHaveCount(0);

  const other = page.locator('table.members tbody tr').filter({ hasNot: page.locator(`[data-national-number="${MAM}"]`) }).nth(1);
  await other.getByRole('button', { name: 'Verwijderen', exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toBeInViewport();
  if (withJs()) await expect(dialog).toBeFocused();
  await dialog.getByRole('link', { name: 'Annuleren' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Werkgever' })).toBeVisible();
});

test('marking an e-Box task done asks first', async ({ page }, info) => {
  const title = `Taak ter bevestiging (${info.project.name})`;
  const out = operator('publish', '--enterprise', '0403019261', '--sender', 'RSZ', '--service', 'dmfa',
    '--type', 'taak', '--title', title, '--body', 'Vul de aangifte aan.');
  expect(out).toContain('published document');
  await signIn(page, MAM);
  await page.goto('/ebox');
  await page.getByRole('link', { name: title }).click();
  await ready(page);
  const mark = page.getByRole('button', { name: 'Markeren als afgerond' });
  await mark.click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Wilt u deze taak als afgerond markeren?');
  await dialog.getByRole('link', { name: 'Annuleren' }).click();
  await expect(page.getByRole('button', { name: 'Markeren als afgerond' })).toBeVisible();
  // Confirmed, it says what it did (issue 14), with and without JavaScript.
  await ready(page);
  await page.getByRole('button', { name: 'Markeren als afgerond' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('De taak is afgerond.');
  await expect(page.getByRole('button', { name: 'Markeren als afgerond' })).toHaveCount(0);
});

test('an impossible e-Box date range says so', async ({ page }) => {
  await signIn(page, MAM);
  await page.goto('/ebox?van=2026-02-01&tot=2026-01-31');
  await expect(page.getByText('De einddatum ligt vóór de begindatum.')).toBeVisible();
});

test('a second submit while the first is under way is ignored', async ({ page }) => {
  test.skip(!withJs(), 'with JavaScript: without it the browser posts the form once and waits');
  await signIn(page, MAM);
  await page.goto('/beheerders');
  await ready(page);
  let posts = 0;
  await page.route('**/api/appoint', async (route) => {
    posts += 1;
    await new Promise((r) => setTimeout(r, 300));
    await route.continue();
  });
  // Someone outside the staff register: refused, so nothing changes for the other tests.
  const form = page.locator('form.appoint').first();
  await form.getByRole('textbox').fill('17073003384');
  await form.evaluate((f: HTMLFormElement) => { f.requestSubmit(); f.requestSubmit(); });
  await expect(form.getByText('staat niet in het personeelsregister')).toBeVisible();
  expect(posts).toBe(1);
  await expect(page.getByRole('main').getByRole('status')).toHaveCount(0);
});

test('a block is undone from its message, and the undo says what it did', async ({ page }) => {
  // Each project its own user of Dienstverrichter.
  const u = withJs() ? { nn: '63071111851', name: 'Wout Cools' } : { nn: '80111514201', name: 'Stijn Verhoeven' };
  await signIn(page, MAM);
  await page.goto(`/groepen/dienstverrichter/gebruikers/${u.nn}`);
  await ready(page);
  const status = page.getByRole('main').getByRole('status');
  await page.getByRole('button', { name: 'Blokkeren', exact: true }).click();
  await expect(status).toHaveText(`${u.name} is geblokkeerd voor de groep Dienstverrichter.`);
  await expect(page.getByRole('button', { name: 'Deblokkeren', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Ongedaan maken' }).click();
  await expect(status).toHaveText(`${u.name} is gedeblokkeerd voor de groep Dienstverrichter.`);
  await expect(page.getByRole('button', { name: 'Blokkeren', exact: true })).toBeVisible();
  await expect(page.locator('tr[data-group="dienstverrichter"]')).toContainText('Actief');
});

test('the user page is the hub; a leaver is deleted from all groups after a confirmation', async ({ page }) => {
  await signIn(page, MAM);
  // A person the project adds to two groups, then deletes from all of them.
  const u = withJs() ? { nn: '80111514201', name: 'Stijn Verhoeven' } : { nn: '63071111851', name: 'Wout Cools' };
  await page.goto(`/gebruikers/${u.nn}`);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1, name: u.name })).toBeVisible();
  await expect(page.locator('dd.mandates')).toHaveText('Geen mandaat');
  await page.getByRole('link', { name: 'Toevoegen aan Werkgever' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Werkgever' })).toBeVisible();
  await ready(page);
  await expect(page.getByLabel('Rijksregisternummer', { exact: true })).toHaveValue(u.nn);
  await page.getByRole('checkbox', { name: 'e-Box Enterprise' }).check();
  await actFor(page, 'add', u.name);
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`${u.name} is toegevoegd aan de groep Werkgever.`);
  await page.goto(`/gebruikers/${u.nn}`);
  await ready(page);
  await expect(page.locator('p.added').first()).toContainText('door An Peeters');
  await page.getByRole('button', { name: 'Verwijderen uit alle groepen' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(`Bevestig dat u ${u.name} wilt verwijderen uit alle groepen.`);
  await dialog.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gebruikers' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`${u.name} is verwijderd uit alle groepen.`);
  // (The page has taken its one-time message from the session before we leave it.)
  await page.waitForLoadState('networkidle');
  // Back in their group for the other project and the next run.
  await page.goto('/groepen/dienstverrichter');
  await ready(page);
  await page.getByLabel('Rijksregisternummer', { exact: true }).fill(u.nn);
  await page.getByRole('checkbox', { name: 'e-Box Enterprise' }).check();
  await actFor(page, 'add', u.name);
  await expect(page.getByRole('main').getByRole('status')).toHaveText(`${u.name} is toegevoegd aan de groep Dienstverrichter.`);
});
