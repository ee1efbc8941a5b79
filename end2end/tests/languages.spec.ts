// Four languages (DESIGN.md §1), run by both projects (with and without JavaScript):
//  - the first visit follows the browser's Accept-Language; the switcher in the header
//    changes the language without changing the URL, keeps it in a cookie, and (signed in)
//    as the person's preference, which wins at their next sign-in on any browser;
//  - the seed's user lifecycle (add, block for one group, unblock, block for all groups,
//    unblock, delete) in French and in German, with the outcome messages in those words.
import { test, expect, Page, BrowserContext } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

const MAM = '85073003328'; // An Peeters, Hoofdtoegangsbeheerder of the demo enterprise

// Each project acts on its own demo people so that the runs do not interfere.
const people = {
  js: {
    // Not a group manager of one group (who would land in it), and no other test changes
    // his mandate.
    chooser: { nn: '93051822361', name: 'Luc Janssens' }, // co-Hoofdtoegangsbeheerder
    fr: { nn: '65080216928', shown: '65.08.02-169.28', name: 'Hilde Lambert' },
    de: { nn: '72011317284', shown: '72.01.13-172.84', name: 'Ruben Van Damme' },
  },
  nojs: {
    chooser: { nn: '67092122038', name: 'Ann Claes' }, // staff 40, Toegangsbeheerder Sociale zekerheid
    fr: { nn: '79062417530', shown: '79.06.24-175.30', name: 'Jan Janssens' },
    de: { nn: '86110717840', shown: '86.11.07-178.40', name: 'Marie Wouters' },
  },
};

function who() {
  return people[test.info().project.name as 'js' | 'nojs'];
}
const withJs = () => test.info().project.name === 'js';

async function ready(page: Page) {
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
}

/** Chooses a language as a person would: the switcher's button named in that language. */
async function choose(page: Page, language: string) {
  await ready(page);
  await page.getByRole('button', { name: language, exact: true }).click();
}

async function keepLanguage(context: BrowserContext, code: string) {
  await context.addCookies([{ name: 'taal', value: code, url: test.info().project.use.baseURL! }]);
}

// The demo enterprise is active once its main access manager signed in (R3).
test.beforeAll(async ({ request }, info) => {
  const base = info.project.use.baseURL!;
  await request.post(`${base}/auth/demo`, { form: { national_number: MAM }, headers: { Origin: base }, maxRedirects: 0 });
});

test.describe('the first visit and the switcher', () => {
  test.use({ locale: 'de-DE' });

  test('the browser language first, then the chosen one, which the person keeps', async ({ page, browser }) => {
    const p = who().chooser;
    await page.goto('/aanmelden');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bei der Zugangsverwaltung anmelden');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');

    // The switcher names each language in itself; the URL does not change.
    await choose(page, 'Français');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Se connecter à la Gestion des accès');
    await expect(page).toHaveURL(/\/aanmelden$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

    await page.getByLabel('Choisissez une personne dans les données de démonstration').selectOption(p.nn);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mes groupes' })).toBeVisible();
    await expect(page.getByText('Compte actif')).toBeVisible();

    // Signed in, on a page with a query: the switch comes back to the same address.
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Utilisateurs' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs' })).toBeVisible();
    await ready(page);
    await page.getByLabel('Rechercher par nom ou numéro NISS').fill('peeters');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect(page).toHaveURL(/\/gebruikers\?q=peeters(&=)?$/);
    await choose(page, 'English');
    await expect(page).toHaveURL(/\/gebruikers\?q=peeters(&=)?$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
    await expect(page.getByRole('searchbox')).toHaveValue('peeters');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // Another browser, which prefers French: after signing in, the person's choice wins.
    const other = await browser.newContext({ locale: 'fr-BE', javaScriptEnabled: withJs() });
    const second = await other.newPage();
    await second.goto('/aanmelden');
    await expect(second.getByRole('heading', { level: 1 })).toHaveText('Se connecter à la Gestion des accès');
    await second.getByLabel('Choisissez une personne dans les données de démonstration').selectOption(p.nn);
    await second.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await expect(second.getByRole('heading', { level: 1, name: 'My groups' })).toBeVisible();
    await expect(second.locator('html')).toHaveAttribute('lang', 'en');
    await other.close();
  });
});

/** The words of one language that the lifecycle needs. */
const words = {
  fr: {
    heading: 'Mes groupes', group: 'Employeur', nn: 'Numéro NISS', add: 'Ajouter un utilisateur',
    addNamed: (n: string) => `Ajouter ${n} à Employeur`,
    active: 'Actif', blocked: 'Bloqué', edit: 'Modifier', block: 'Bloquer', unblock: 'Débloquer',
    users: 'Utilisateurs', search: 'Rechercher par nom ou numéro NISS', searchButton: 'Rechercher',
    view: 'Consulter', confirm: 'Confirmer', delete: 'Supprimer', signIn: 'Se connecter',
    person: 'Choisissez une personne dans les données de démonstration',
    notInRegister: 'ne figure pas dans le registre du personnel',
    blockedIn: (n: string) => `${n}\u00a0: accès bloqué pour le groupe Employeur.`,
    unblockedIn: (n: string) => `${n}\u00a0: accès débloqué pour le groupe Employeur.`,
    blockedAll: (n: string) => `${n}\u00a0: accès bloqué pour tous les groupes.`,
    unblockedAll: (n: string) => `${n}\u00a0: accès débloqué pour tous les groupes.`,
    question: (n: string) => `Voulez-vous retirer ${n} du groupe Employeur\u00a0?`,
    deleted: (n: string) => `${n} ne fait plus partie du groupe Employeur.`,
  },
  de: {
    heading: 'Meine Gruppen', group: 'Arbeitgeber', nn: 'Nationalregisternummer', add: 'Benutzer hinzufügen',
    addNamed: (n: string) => `${n} zu Arbeitgeber hinzufügen`,
    active: 'Aktiv', blocked: 'Gesperrt', edit: 'Bearbeiten', block: 'Sperren', unblock: 'Entsperren',
    users: 'Benutzer', search: 'Nach Name oder Nationalregisternummer suchen', searchButton: 'Suchen',
    view: 'Ansehen', confirm: 'Bestätigen', delete: 'Löschen', signIn: 'Anmelden',
    person: 'Wählen Sie eine Person aus den Demodaten',
    notInRegister: 'steht nicht im Personalregister',
    blockedIn: (n: string) => `${n} ist für die Gruppe Arbeitgeber gesperrt.`,
    unblockedIn: (n: string) => `${n} ist für die Gruppe Arbeitgeber entsperrt.`,
    blockedAll: (n: string) => `${n} ist für alle Gruppen gesperrt.`,
    unblockedAll: (n: string) => `${n} ist für alle Gruppen entsperrt.`,
    question: (n: string) => `Möchten Sie ${n} aus der Gruppe Arbeitgeber entfernen?`,
    deleted: (n: string) => `${n} ist jetzt aus der Gruppe Arbeitgeber entfernt.`,
  },
};

for (const code of ['fr', 'de'] as const) {
  test(`the user lifecycle in ${code === 'fr' ? 'French' : 'German'}`, async ({ page, context }) => {
    const w = words[code];
    const p = who()[code];
    await keepLanguage(context, code);
    await page.goto('/aanmelden');
    await page.getByLabel(w.person).selectOption(MAM);
    await page.getByRole('button', { name: w.signIn, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: w.heading })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    await ready(page);

    // Add: refused for someone outside the staff register (in words of this language), then added.
    await page.getByRole('link', { name: w.group }).click();
    await expect(page.getByRole('heading', { level: 1, name: w.group })).toBeVisible();
    await ready(page);
    const nn = page.getByRole('textbox', { name: w.nn, exact: true });
    await nn.fill('17073003384');
    await page.getByLabel('Dimona').check();
    await page.getByRole('button', { name: w.add, exact: true }).click();
    await expect(page.getByText(w.notInRegister)).toBeVisible();
    await ready(page);
    await page.getByRole('textbox', { name: w.nn, exact: true }).fill(p.shown);
    await page.getByLabel('Dimona').check();
    // The button names the person (with JavaScript as one types; without it, the post
    // asks first and the confirmation adds).
    if (withJs()) {
      await page.getByRole('button', { name: w.addNamed(p.name) }).click();
    } else {
      await page.getByRole('button', { name: w.add, exact: true }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: w.addNamed(p.name) }).click();
    }
    const row = page.locator('tbody tr', { hasText: p.name });
    await expect(row).toContainText(w.active);
    await ready(page);

    // Block and unblock for this group: the outcome names the person and the group.
    await row.getByRole('button', { name: w.edit }).click();
    await ready(page);
    const permissions = page.locator('table.permissions tbody tr', { hasText: w.group });
    const said = page.getByRole('main').getByRole('status');
    await permissions.getByRole('button', { name: w.block }).click();
    await expect(said).toHaveText(w.blockedIn(p.name));
    await expect(permissions).toContainText(w.blocked);
    await ready(page);
    await permissions.getByRole('button', { name: w.unblock }).click();
    await expect(said).toHaveText(w.unblockedIn(p.name));
    await expect(permissions).toContainText(w.active);

    // Block and unblock for all groups, after confirming, from the users' list.
    await page.getByRole('navigation').getByRole('link', { name: w.users }).click();
    await ready(page);
    await page.getByLabel(w.search).fill(p.nn);
    await page.getByRole('button', { name: w.searchButton }).click();
    await page.locator('tbody tr', { hasText: p.name }).getByRole('button', { name: w.view }).click();
    await ready(page);
    await page.getByRole('button', { name: w.block, exact: true }).click();
    await ready(page);
    await page.getByRole('button', { name: w.confirm }).click();
    await expect(said).toHaveText(w.blockedAll(p.name));
    await ready(page);
    await page.getByRole('button', { name: w.unblock, exact: true }).click();
    await ready(page);
    await page.getByRole('button', { name: w.confirm }).click();
    await expect(said).toHaveText(w.unblockedAll(p.name));

    // Delete from the group, after confirming.
    await page.goto('/groepen/werkgever');
    await ready(page);
    await page.locator('tbody tr', { hasText: p.name }).getByRole('button', { name: w.delete, exact: true }).click();
    await expect(page.getByText(w.question(p.name))).toBeVisible();
    await ready(page);
    await page.getByRole('alertdialog').getByRole('button', { name: w.delete, exact: true }).click();
    await expect(page).toHaveURL(/\/groepen\/werkgever$/);
    await expect(said).toHaveText(w.deleted(p.name));
    await expect(page.locator('tbody tr', { hasText: p.name })).toHaveCount(0);
  });
}
