// The seed's "Het account van mijn onderneming activeren" and "U bent Hoofdtoegangsbeheerder,
// maar u hebt geen Belgisch rijksregisternummer": real sign-in means, run by both projects.
//  - a foreign main access manager registered by the operator: username by e-mail and a
//    temporary password by SMS (read from the outbox), the forced change, linking an
//    authenticator app (QR code / secret), signing in with a code, replay refused;
//  - OpenID Connect against a real provider (oidc-provider) on loopback, including the
//    choice of enterprise for a person who acts for several.
import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { TOTP } from 'otpauth';

test.describe.configure({ mode: 'serial' });

const MAM = '85073003328'; // An Peeters, Hoofdtoegangsbeheerder of the demo enterprise
const GM = '74020422361'; // Tom Jacobs (staff 41), Groepsbeheerder Werkgever of the demo enterprise

const root = path.resolve(__dirname, '..', '..');
const target = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const serverBin = path.join(target, process.env.E2E_PROFILE ?? 'debug', 'server');
const database = `sqlite://${path.join(target, 'e2e', 'toegang.db')}`;

const withJs = () => test.info().project.name === 'js';

/** An enterprise number (R1) from an 8-digit stem: the check digits make it valid. */
function enterpriseNumber(stem: number): string {
  const base = String(stem).padStart(8, '0');
  const check = 97 - (Number(base) % 97);
  return base + String(check).padStart(2, '0');
}

/** The operator's command line, on the database of the running test server. */
function operator(...args: string[]): string {
  return execFileSync(serverBin, ['--database-url', database, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, RUST_LOG: 'warn' },
  });
}

/** The temporary password the fake SMS gateway received for `mobile` (waits for it). */
async function smsPassword(mobile: string): Promise<string> {
  const gateway = `http://127.0.0.1:${process.env.SMS_PORT ?? 3102}/sms`;
  for (let i = 0; i < 100; i++) {
    const received: { to: string; text: string }[] = await (await fetch(gateway)).json();
    const sms = received.find((m) => m.to === mobile);
    const found = sms && /(?:wachtwoord is|Passwort ist|password is|passe temporaire est) (\S+)/.exec(sms.text);
    if (found) return found[1];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no SMS for ${mobile}`);
}

async function ready(page: Page) {
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
}

/** The first sign-in with a temporary password, up to the step that replaces it. */
async function firstSignIn(page: Page, username: string, password: string) {
  await page.goto('/aanmelden');
  await ready(page);
  await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Aanmelden met wachtwoord' }).click();
  await expect(page.getByRole('heading', { name: 'Kies een nieuw wachtwoord' })).toBeVisible();
  await ready(page);
}

/** Types a new password and its repetition (another to see it refused), and sends them. */
async function newPassword(page: Page, password: string, repeated = password) {
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(password);
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(repeated);
  await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
}

function totp(secret: string) {
  return new TOTP({ issuer: 'Toegangsbeheer', algorithm: 'SHA1', digits: 6, period: 30, secret });
}

test('a foreign main access manager: temporary password, forced change, authenticator app', async ({ page }) => {
  const number = enterpriseNumber(withJs() ? 2_123_401 : 2_123_402);
  const mobile = withJs() ? '+31 6 1111 2222' : '+31 6 3333 4444';
  const out = operator(
    'register-enterprise', '--number', number, '--name', `Smit Logistiek ${test.info().project.name}`,
    '--groups', 'werkgever,belastingplichtige', '--main-access-manager-name', 'Jan Smit',
    '--main-access-manager-email', `jan.${test.info().project.name}@smit.nl`,
    '--main-access-manager-mobile', mobile,
  );
  const username = /username (\S+) by e-mail/.exec(out)![1];

  // The outbox (shown to the operator) holds the e-mail with the username; the SMS with
  // the temporary password reaches the phone through the gateway, and neither the
  // command's report nor the operator's view of the outbox ever shows the password.
  const outbox = operator('outbox', '--limit', '10');
  expect(outbox).toContain(`Uw gebruikersnaam: ${username}`);
  const password = await smsPassword(mobile.replace(/ /g, ''));
  expect(out).not.toContain(password);
  expect(outbox).not.toContain(password);

  // First sign-in: the temporary password, then a new password of one's own.
  await firstSignIn(page, username, password);
  await newPassword(page, 'kort-maar-fout', 'kort-maar-anders');
  await expect(page.getByRole('alert')).toContainText('De twee wachtwoorden verschillen.');
  const chosen = 'een zin als wachtwoord';
  await newPassword(page, chosen);

  // Linking an authenticator app: QR code and secret; the app's code confirms it.
  await expect(page.getByRole('heading', { name: 'Koppel een authenticator-app' })).toBeVisible();
  await expect(page.getByRole('img', { name: `QR-code voor ${username}` })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await expect(page.getByTestId('totp-uri')).toContainText(`otpauth://totp/Toegangsbeheer:${username}?`);
  const app = totp(secret);
  const code = app.generate();
  await page.getByLabel('Code uit de app').fill(code);
  await page.getByRole('button', { name: 'Koppelen en aanmelden' }).click();

  // The first sign-in of the main access manager activates the account, in the seed's words.
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Ziezo, het account van uw onderneming is actief!');
  await expect(page.getByText('Account actief')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Werkgever' })).toBeVisible();
  await page.getByRole('button', { name: 'Afmelden' }).click();

  // Later: password + code. The code already used is refused; the next one is accepted.
  const signIn = async (c: string) => {
    await page.goto('/aanmelden');
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(chosen);
    await page.getByLabel('Code uit uw authenticator-app').fill(c);
    await page.getByRole('button', { name: 'Aanmelden met wachtwoord' }).click();
  };
  await signIn(code);
  await expect(page.getByRole('alert')).toContainText('Gebruikersnaam, wachtwoord of code is niet juist.');
  await signIn(app.generate({ timestamp: Date.now() + 30_000 }));
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toBeVisible();
});

test('a foreign main access manager registered in German gets the e-mail and SMS, then the pages, in German', async ({ page }) => {
  const number = enterpriseNumber(withJs() ? 2_123_403 : 2_123_404);
  const mobile = withJs() ? '+49 151 1111 2222' : '+49 151 3333 4444';
  const out = operator(
    'register-enterprise', '--number', number, '--name', `Schmidt Logistik ${test.info().project.name}`,
    '--groups', 'werkgever', '--main-access-manager-name', 'Anna Schmidt', '--language', 'de',
    '--main-access-manager-email', `anna.${test.info().project.name}@schmidt.de`,
    '--main-access-manager-mobile', mobile,
  );
  const username = /username (\S+) by e-mail/.exec(out)![1];
  const outbox = operator('outbox', '--limit', '20');
  expect(outbox).toContain(`Ihr Benutzername: ${username}`);
  expect(outbox).toContain('Ihr Benutzername für die Zugangsverwaltung');
  const password = await smsPassword(mobile.replace(/ /g, ''));

  // The sign-in steps follow this browser (Dutch); once in, the person's language wins.
  await firstSignIn(page, username, password);
  await newPassword(page, 'ein Satz als Passwort');
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Code uit de app').fill(totp(secret).generate());
  await page.getByRole('button', { name: 'Koppelen en aanmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Meine Gruppen' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('main').getByRole('status')).toHaveText('So, das Konto Ihres Unternehmens ist aktiv!');
});

async function signInWithOidc(page: Page, nn: string) {
  await page.goto('/aanmelden');
  await page.getByRole('button', { name: 'Aanmelden met eID, itsme of MyGov.be' }).click();
  // The provider's own login page (oidc-provider's development interaction).
  await expect(page.getByRole('heading', { name: 'Sign-in' })).toBeVisible();
  await page.locator('input[name="login"]').fill(nn);
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('OpenID Connect: the national number from the provider signs in', async ({ page }) => {
  await signInWithOidc(page, MAM);
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toBeVisible();
  await expect(page.getByText('An Peeters')).toBeVisible();
  await expect(page.getByText('Account actief')).toBeVisible();
});

test('OpenID Connect: someone unknown to every enterprise is refused', async ({ page }) => {
  await signInWithOidc(page, '17073003384'); // known to the portal, in no staff register
  await expect(page.getByRole('alert')).toContainText('U bent voor geen enkele onderneming gekend');
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toHaveCount(0);
});

test('OpenID Connect: a person of several enterprises chooses one', async ({ page }) => {
  // The operator registers a second enterprise with the demo group manager as its MAM.
  const number = enterpriseNumber(withJs() ? 3_123_401 : 3_123_402);
  operator('register-enterprise', '--number', number, '--name', `Tweede Zaak ${test.info().project.name}`,
    '--groups', 'werkgever', '--main-access-manager', GM, '--main-access-manager-name', 'Groepsbeheerder');
  await signInWithOidc(page, GM);
  await expect(page.getByRole('heading', { name: 'Kies een onderneming' })).toBeVisible();
  await page.getByRole('button', { name: /^Tweede Zaak/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toBeVisible();
  // The MAM's first sign-in activated that enterprise.
  await expect(page.getByText('Account actief')).toBeVisible();
});
