import { expect, test } from '../setup/fixtures';

test.describe('product comparison', () => {
  test('compares two laptops side by side', async ({ storefront, page }) => {
    await storefront.goto('/category/laptops');

    const toggles = page.getByTestId('compare-toggle');
    await toggles.nth(0).check();
    await toggles.nth(1).check();
    await page.getByTestId('compare-link').click();

    await expect(page).toHaveURL(/\/compare$/);
    await expect(page.getByTestId('compare-table').locator('thead th')).toHaveCount(3);
  });

  test('limits the comparison to four products', async ({ storefront, page }) => {
    await storefront.goto('/category/laptops');

    const toggles = page.getByTestId('compare-toggle');
    for (let index = 0; index < 4; index += 1) {
      await toggles.nth(index).check();
    }

    await expect(toggles.nth(4)).toBeDisabled();
  });
});
