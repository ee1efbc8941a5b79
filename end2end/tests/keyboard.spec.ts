// Every seed flow with the keyboard alone (WCAG 2.1.1), with and without JavaScript: each
// control is reached with Tab (never a click, never a programmatic focus), shows a visible
// focus (2.4.7), and is used with Enter, Space or typing. Add, block for one group,
// unblock, block for all groups with the confirmation, unblock, delete, appoint.
import { test, expect, Page, Locator } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

const MAM = '85073003328';
const people = {
  js: {
    user: { nn: '93041818196', name: 'Pieter Pauwels' }, // staff 27
    helper: { nn: '68021218722', name: 'Koen Mertens' }, // staff 29
  },
  nojs: {
    user: { nn: '61090118463', name: 'Lotte Smets' }, // staff 28
    helper: { nn: '82120619375', name: 'Wout Van Damme' }, // staff 31
  },
};
const who = () => people[test.info().project.name as 'js' | 'nojs'];
const withJs = () => test.info().project.name === 'js';

async function ready(page: Page) {
  if (withJs()) await page.locator('body[data-hydrated]').waitFor();
}

/** Presses Tab until `target` has the focus; its focus must be visible. */
async function tabTo(page: Page, target: Locator, max = 120) {
  await expect(target).toBeVisible();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) {
      const visible = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        return outline || s.boxShadow !== 'none';
      });
      expect(visible, 'a visible focus').toBe(true);
      return;
    }
  }
  throw new Error(`not reached with Tab: ${target}`);
}

/** Starts a page from its top, as after loading it. */
async function fromTop(page: Page, path: string) {
  await page.goto(path);
  await ready(page);
}

async function signIn(page: Page) {
  await fromTop(page, '/aanmelden');
  await tabTo(page, page.getByLabel('Kies een persoon uit de demogegevens'));
  await page.getByLabel('Kies een persoon uit de demogegevens').selectOption(MAM); // a select's own keys
  await tabTo(page, page.getByRole('button', { name: 'Aanmelden', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Mijn groepen' })).toBeVisible();
  await ready(page);
}

test('the seed flows with the keyboard alone', async ({ page }) => {
  const p = who();
  await signIn(page);
  const said = page.getByRole('main').getByRole('status');

  // Add a user to Werkgever.
  await tabTo(page, page.getByRole('link', { name: 'Werkgever' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Werkgever' })).toBeVisible();
  await ready(page);
  await tabTo(page, page.getByRole('textbox', { name: 'Rijksregisternummer', exact: true }));
  await page.keyboard.type(p.user.nn);
  await tabTo(page, page.getByLabel('Dimona'));
  await page.keyboard.press('Space');
  // With JavaScript the button names the person the staff register gives; without it,
  // the post asks first, naming the person, and the confirmation adds.
  if (withJs()) {
    await tabTo(page, page.getByRole('button', { name: `${p.user.name} toevoegen aan Werkgever` }));
    await page.keyboard.press('Enter');
  } else {
    await tabTo(page, page.getByRole('button', { name: 'Voeg gebruiker toe', exact: true }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('alertdialog').getByRole('button', { name: `${p.user.name} toevoegen aan Werkgever` }));
    await page.keyboard.press('Enter');
  }
  const row = page.locator('tbody tr', { hasText: p.user.name });
  await expect(row).toContainText('Actief');
  await ready(page);

  // Block and unblock for this group.
  await fromTop(page, '/groepen/werkgever?q=' + p.user.nn);
  await tabTo(page, row.getByRole('button', { name: 'Bewerken' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Machtigingen van de gebruiker' })).toBeVisible();
  await ready(page);
  await tabTo(page, page.getByRole('button', { name: 'Blokkeren', exact: true }));
  await page.keyboard.press('Enter');
  await expect(said).toHaveText(`${p.user.name} is geblokkeerd voor de groep Werkgever.`);
  await ready(page);
  await tabTo(page, page.getByRole('button', { name: 'Deblokkeren', exact: true }));
  await page.keyboard.press('Enter');
  await expect(said).toHaveText(`${p.user.name} is gedeblokkeerd voor de groep Werkgever.`);

  // Block and unblock for all groups, with the confirmation step.
  await fromTop(page, `/gebruikers/${p.user.nn}`);
  for (const [act, done] of [['Blokkeren', 'geblokkeerd'], ['Deblokkeren', 'gedeblokkeerd']]) {
    await tabTo(page, page.getByRole('button', { name: act, exact: true }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await ready(page);
    await tabTo(page, page.getByRole('button', { name: 'Bevestigen' }));
    await page.keyboard.press('Enter');
    await expect(said).toHaveText(`${p.user.name} is ${done} voor alle groepen.`);
    await ready(page);
  }

  // Delete from the group, with the confirmation step.
  await fromTop(page, '/groepen/werkgever?q=' + p.user.nn);
  await tabTo(page, row.getByRole('button', { name: 'Verwijderen', exact: true }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await ready(page);
  await tabTo(page, dialog.getByRole('button', { name: 'Verwijderen', exact: true }));
  await page.keyboard.press('Enter');
  await expect(said).toHaveText(`${p.user.name} is nu verwijderd uit de groep Werkgever.`);

  // Appoint a co-main access manager.
  await fromTop(page, '/beheerders');
  const field = page.getByLabel('Rijksregisternummer van de nieuwe co-Hoofdtoegangsbeheerder');
  await tabTo(page, field);
  await page.keyboard.type(p.helper.nn);
  const appoint = `${p.helper.name} aanstellen als co-Hoofdtoegangsbeheerder`;
  if (withJs()) {
    await tabTo(page, page.getByRole('button', { name: appoint }));
    await page.keyboard.press('Enter');
  } else {
    await tabTo(page, page.getByRole('button', { name: 'Aanstellen', exact: true }).first());
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('alertdialog').getByRole('button', { name: appoint }));
    await page.keyboard.press('Enter');
  }
  await expect(page.locator('ul.holders')).toContainText(p.helper.name);
  // Done: the form is empty again, ready for the next appointment.
  await expect(page.getByLabel('Rijksregisternummer van de nieuwe co-Hoofdtoegangsbeheerder')).toHaveValue('');
});
