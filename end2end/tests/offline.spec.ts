// Offline-tolerant forms (with JavaScript only; without it the forms post as always): a
// change that cannot reach the server waits in the browser, the page says so, a reload
// while offline shows Toegang's offline page, and every change is applied exactly once
// when the connection returns. The first test runs its own server, which it stops and
// starts again (a service worker's requests escape Playwright's offline mode and routes).
import { test, expect, Page, BrowserContext } from '@playwright/test';
import { addButton } from './confirm';
import { spawn, ChildProcess, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

test.describe.configure({ mode: 'serial' });
test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'the queue lives in the browser');

const MAM = '85073003328'; // An Peeters
const GM = '74020422361'; // Tom Jacobs, group manager of Werkgever
const root = path.resolve(__dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const serverBin = path.join(target, process.env.E2E_PROFILE ?? 'debug', 'server');

/** A count from a server's SQLite database (read-only, beside the running server). */
function count(db: string, sql: string): number {
  const out = execFileSync('python3', ['-c',
    'import sqlite3,sys; c=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro", uri=True); print(c.execute(sys.argv[2]).fetchone()[0])',
    db, sql], { encoding: 'utf8' });
  return Number(out.trim());
}

/** A server of this test's own, on a database that outlives its restarts, serving its own
 * copy of the built site (so that the test can make a "new build"). */
class OwnServer {
  proc?: ChildProcess;
  constructor(readonly port: number, readonly db: string, readonly site: string) {}
  get base() { return `http://127.0.0.1:${this.port}`; }
  async start() {
    this.proc = spawn(serverBin, ['--demo', '--addr', `127.0.0.1:${this.port}`, '--database-url', `sqlite://${this.db}`], {
      cwd: root,
      env: { ...process.env, LEPTOS_SITE_ROOT: this.site, LEPTOS_OUTPUT_NAME: 'toegang', RUST_LOG: 'warn' },
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      if (this.proc.exitCode !== null) throw new Error(`own server exited with ${this.proc.exitCode}`);
      try {
        if ((await fetch(`${this.base}/aanmelden`)).ok) return;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('own server did not start');
  }
  async stop() {
    const proc = this.proc!;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
    // Its port is free once nothing answers there any more.
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`${this.base}/aanmelden`);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function signIn(page: Page, base: string, nn = MAM) {
  await page.goto(`${base}/aanmelden`);
  await page.getByLabel('Kies een persoon uit de demogegevens').selectOption(nn);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  // The start page, or a group manager of one group's group page.
  await expect(page.locator('main#inhoud h1')).toBeVisible();
  await page.locator('body[data-hydrated]').waitFor();
}

const queue = (page: Page) => page.locator('header .queue');

async function addUser(page: Page, nn: string) {
  const field = page.getByRole('textbox', { name: 'Rijksregisternummer', exact: true });
  await field.fill(nn);
  await page.getByLabel('Dimona').check();
  await addButton(page).click();
}

test('offline: a user added and another blocked wait, survive a reload offline with a draft, and are applied once when back', async ({ browser }) => {
  test.setTimeout(90_000);
  const dir = path.join(target, 'e2e-offline');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const db = path.join(dir, 'toegang.db');
  const site = path.join(dir, 'site');
  fs.cpSync(path.join(target, 'site'), site, { recursive: true });
  const server = new OwnServer(3110, db, site);
  await server.start();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, server.base);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // The connection fails for the changes (they get no answer): a user added and another
    // blocked, each waiting; the page says so at once.
    await page.route('**/api/add_user', (r) => r.abort('failed'));
    await page.route('**/api/change_membership', (r) => r.abort('failed'));
    await page.getByRole('link', { name: 'Werkgever' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Werkgever' })).toBeVisible();
    await addUser(page, '90100816305');
    await expect(page.getByText('Geen verbinding met de server: de wijziging wacht')).toBeVisible();
    const member = `${server.base}/groepen/werkgever/gebruikers/60010110070`; // Jan Peeters
    await page.goto(member);
    await page.locator('body[data-hydrated]').waitFor();
    await page.getByRole('button', { name: 'Blokkeren', exact: true }).click();
    await expect(queue(page)).toContainText('2 wijzigingen wachten op verbinding');
    await expect(queue(page).getByRole('list', { name: 'Wachtende wijzigingen' }).getByRole('listitem')).toHaveCount(2);
    // A half-made draft: one service ticked differently, not sent.
    const box = page.locator('form.services input[value="drs"]');
    const was = await box.isChecked();
    await box.setChecked(!was);
    await page.waitForTimeout(200);

    // Offline, and the server goes away: a reload shows Toegang's offline page with what waits.
    await context.setOffline(true);
    await server.stop();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Geen verbinding' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Wachtende wijzigingen (2)' })).toBeVisible();
    await expect(page.locator('#queued li')).toHaveCount(2);
    await expect(page.locator('#drafts')).toContainText('services:werkgever:60010110070');

    // Back, with a new build: both applied, once each; the draft is back in its form; the
    // new service worker takes over and the page offers a reload.
    fs.appendFileSync(path.join(site, 'offline.js'), '\n// a new build\n');
    await server.start();
    await context.setOffline(false);
    await page.unrouteAll();
    await page.goto(member);
    await page.locator('body[data-hydrated]').waitFor();
    await expect(queue(page)).toContainText('Toegepast: 90.10.08-163.05 toevoegen aan Werkgever');
    await expect(queue(page)).toContainText('Toegepast: 60.01.01-100.70 blokkeren voor Werkgever');
    await expect(queue(page)).toContainText('Geen wijzigingen wachten op verbinding');
    expect(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.add'")).toBe(1);
    expect(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.block'")).toBe(1);
    await expect(page.getByText('Er is een nieuwe versie van Toegang.')).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Herladen' }).click();
    await page.locator('body[data-hydrated]').waitFor();
    await expect(page.getByRole('button', { name: 'Deblokkeren', exact: true })).toBeVisible();
    await expect(page.locator('form.services input[value="drs"]')).toBeChecked({ checked: !was });
    await page.goto(`${server.base}/groepen/werkgever`);
    await expect(page.locator('tbody tr', { hasText: 'Leen Smets' })).toBeVisible();
  } finally {
    await context.close();
    await server.stop().catch(() => {});
  }
});

/** The demo database of the shared test server. */
const sharedDb = path.join(target, 'e2e', 'toegang.db');

async function openMember(page: Page, group: string, nn: string) {
  await page.goto(`/groepen/${group}/gebruikers/${nn}`);
  await page.locator('body[data-hydrated]').waitFor();
}

test('an answer lost after the server applied the change: the replay is applied once', async ({ page }) => {
  await signIn(page, '');
  const nn = '60010110070'; // Jan Peeters, in Werkgever
  await openMember(page, 'werkgever', nn);
  const before = count(sharedDb, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.block'");
  let lost = false;
  await page.route('**/api/change_membership', async (route) => {
    if (lost) return route.continue();
    lost = true;
    await route.fetch(); // the server applies it…
    await route.abort('failed'); // …and the answer never arrives
  });
  await page.getByRole('button', { name: 'Blokkeren', exact: true }).click();
  await expect(queue(page)).toContainText('Toegepast: 60.01.01-100.70 blokkeren voor Werkgever');
  expect(count(sharedDb, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.block'")).toBe(before + 1);
  await page.unroute('**/api/change_membership');
  // Unblocked again for the other tests.
  await page.reload();
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByRole('button', { name: 'Deblokkeren', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Blokkeren', exact: true })).toBeVisible();
});

/** Calls a server function as the page's person would (their cookies, this site's origin). */
async function call(context: BrowserContext, fn: string, form: Record<string, string>) {
  const base = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
  const key = `1.e2e-${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const res = await context.request.post(`${base}/api/${fn}`, {
    form: { ...form, idempotency_key: key },
    headers: { Origin: base, Accept: 'application/json' },
  });
  expect(res.status(), await res.text()).toBe(200);
}

test('a queued change refused meanwhile shows why, and the rest of the queue still applies', async ({ page, context, browser }) => {
  // Someone of the staff register in no group yet, added to Werkgever for this test.
  const nn = execFileSync('python3', ['-c',
    'import sqlite3,sys; c=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro", uri=True); print(c.execute(sys.argv[2]).fetchone()[0])',
    sharedDb,
    "SELECT p.national_number FROM staff s JOIN people p ON p.id = s.person_id WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id) AND NOT EXISTS (SELECT 1 FROM mandates x WHERE x.person_id = p.id) AND p.national_number <> '75072319065' ORDER BY p.id DESC LIMIT 1"],
    { encoding: 'utf8' }).trim();
  await signIn(page, '');
  await call(context, 'add_user', { group: 'werkgever', national_number: nn, 'services[]': 'dimona' });
  await openMember(page, 'werkgever', nn);
  // Unreachable: a block of that user waits, then a change of Jan Peeters' services.
  await page.route('**/api/change_membership', (route) => route.abort('failed'));
  await page.getByRole('button', { name: 'Blokkeren', exact: true }).click();
  await expect(queue(page)).toContainText('1 wijziging wacht op verbinding');
  await openMember(page, 'werkgever', '60010110070'); // Jan Peeters
  await page.getByRole('button', { name: 'Blokkeren', exact: true }).click();
  await expect(queue(page)).toContainText('2 wijzigingen wachten op verbinding');
  // Meanwhile another manager deletes the first user from the group.
  const other = await browser.newContext();
  const gm = await other.newPage();
  await signIn(gm, `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`, GM);
  await call(other, 'change_membership', { group: 'werkgever', national_number: nn, change: 'Delete' });
  await other.close();
  // Back: the block is refused with its reason; nothing else is held up.
  await page.unroute('**/api/change_membership');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(queue(page)).toContainText('Geweigerd:');
  await expect(queue(page)).toContainText('niet gevonden');
  await expect(queue(page)).toContainText('Toegepast: 60.01.01-100.70 blokkeren voor Werkgever');
  await expect(queue(page)).toContainText('Geen wijzigingen wachten op verbinding');
  // Jan Peeters unblocked again for the other tests.
  await page.reload();
  await page.locator('body[data-hydrated]').waitFor();
  await page.getByRole('button', { name: 'Deblokkeren', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Blokkeren', exact: true })).toBeVisible();
});

test('signing out with waiting changes warns; after it nothing of that person remains', async ({ page, context }) => {
  await signIn(page, '');
  await openMember(page, 'werkgever', '60010110070');
  await page.route('**/api/change_membership', (route) => route.abort('failed'));
  await page.getByRole('button', { name: 'Blokkeren', exact: true }).click();
  await expect(queue(page)).toContainText('1 wijziging wacht op verbinding');
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Er wacht nog 1 wijziging');
  await page.getByRole('button', { name: 'Weggooien en afmelden' }).click();
  await expect(page).toHaveURL(/\/aanmelden/);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  await page.unroute('**/api/change_membership');
  // Another person on the same computer sees and sends nothing of it.
  await signIn(page, '', GM);
  await expect(queue(page)).not.toContainText('wacht');
  await openMember(page, 'werkgever', '60010110070');
  await expect(page.getByRole('button', { name: 'Blokkeren', exact: true })).toBeVisible();
  void context;
});

test('with JavaScript, searching and the eye, pencil and trash buttons navigate within the page', async ({ page }) => {
  await signIn(page, '');
  await page.getByRole('link', { name: 'Werkgever' }).click();
  await page.locator('body[data-hydrated]').waitFor();
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  const stillHere = () => page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere === true);
  await page.getByRole('searchbox').fill('Peeters');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page).toHaveURL(/q=Peeters/);
  expect(await stillHere()).toBe(true);
  await page.locator('tbody tr', { hasText: 'Jan Peeters' }).getByRole('button', { name: 'Bewerken' }).click();
  await expect(page).toHaveURL(/\/gebruikers\//);
  await expect(page.getByRole('heading', { name: 'Onlinediensten' })).toBeVisible();
  expect(await stillHere()).toBe(true);
  await page.getByRole('button', { name: 'Verwijderen uit deze groep' }).click();
  await expect(page).toHaveURL(/bevestig=verwijderen/);
  expect(await stillHere()).toBe(true, 'no page was loaded');
});

test('a session that ended while changes waited: the page asks to sign in, and they go after it', async ({ page, context }) => {
  await signIn(page, '');
  await openMember(page, 'werkgever', '60010110070'); // Jan Peeters
  const before = count(sharedDb, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.block'");
  await page.route('**/api/change_membership', (route) => route.abort('failed'));
  await page.getByRole('button', { name: 'Blokkeren', exact: true }).click();
  await expect(queue(page)).toContainText('1 wijziging wacht op verbinding');
  // The session ends (as after 30 minutes away); the connection returns.
  await context.clearCookies();
  await page.unroute('**/api/change_membership');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(queue(page)).toContainText('Uw sessie is verlopen');
  await page.goto('/aanmelden');
  await expect(page.getByText('1 wijziging wacht in deze browser')).toBeVisible();
  // The same person signs in again: it goes, once.
  await signIn(page, '');
  // (A send cut off by leaving the page holds the change for at most ten seconds.)
  await expect(queue(page)).toContainText('Toegepast: 60.01.01-100.70 blokkeren voor Werkgever', { timeout: 15_000 });
  expect(count(sharedDb, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.block'")).toBe(before + 1);
  await openMember(page, 'werkgever', '60010110070');
  await page.getByRole('button', { name: 'Deblokkeren', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Blokkeren', exact: true })).toBeVisible();
});

test('two tabs with one queue: every change is applied once', async ({ page, context }) => {
  // The answers that reach either tab (a send cut off by the route has none).
  let sends = 0;
  page.on('response', (r) => { if (r.url().endsWith('/api/change_membership')) sends += 1; });
  await signIn(page, '');
  await openMember(page, 'werkgever', '60010110070'); // Jan Peeters
  const before = count(sharedDb, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.block'");
  await page.route('**/api/change_membership', (route) => route.abort('failed'));
  await page.getByRole('button', { name: 'Blokkeren', exact: true }).click();
  await expect(queue(page)).toContainText('1 wijziging wacht op verbinding');
  await page.unroute('**/api/change_membership');
  // A second tab opens (and replays on load) while the first is told the connection is back.
  const second = await context.newPage();
  second.on('response', (r) => { if (r.url().endsWith('/api/change_membership')) sends += 1; });
  await Promise.all([
    second.goto('/groepen/werkgever'),
    page.evaluate(() => window.dispatchEvent(new Event('online'))),
  ]);
  await second.locator('body[data-hydrated]').waitFor();
  await expect(queue(second)).toContainText('Geen wijzigingen wachten op verbinding');
  await expect(queue(page)).toContainText('Geen wijzigingen wachten op verbinding');
  expect(count(sharedDb, "SELECT COUNT(*) FROM audit_log WHERE action = 'membership.block'")).toBe(before + 1);
  expect(sends, 'one tab sent it, the other found it gone').toBe(1);
  await second.close();
  await openMember(page, 'werkgever', '60010110070');
  await page.getByRole('button', { name: 'Deblokkeren', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Blokkeren', exact: true })).toBeVisible();
});
