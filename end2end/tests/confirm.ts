// Adding a user and appointing a helper name the person before anything is written
// (issue 14): with JavaScript the staff register names the typed number and the button
// names the act; without it, the post asks first, naming the person, and the
// confirmation does it.
import { test, expect, Locator, Page } from '@playwright/test';

const withJs = () => test.info().project.name === 'js';

/** The add form's button, whatever it says now (named or not). */
export const addButton = (scope: Page | Locator) =>
  scope.locator('form[data-draft^="add-user:"]').getByRole('button', { name: /^Voeg gebruiker toe$| toevoegen aan / });

/** Adds (`add`) or appoints (`appoint`) the person named `name`, typed in the form in `scope`. */
export async function actFor(scope: Page | Locator, act: 'add' | 'appoint', name: string) {
  const named = act === 'add' ? `${name} toevoegen aan ` : `${name} aanstellen als `;
  if (withJs()) {
    await expect(scope.locator('p.staff-name', { hasText: name })).toHaveText(name);
    await scope.getByRole('button', { name: named }).click();
  } else {
    const plain = act === 'add' ? 'Voeg gebruiker toe' : 'Aanstellen';
    await scope.getByRole('button', { name: plain, exact: true }).click();
    const dialog = scope.getByRole('alertdialog');
    await expect(dialog).toContainText(`${name} (`);
    await dialog.getByRole('button', { name: named }).click();
  }
}
