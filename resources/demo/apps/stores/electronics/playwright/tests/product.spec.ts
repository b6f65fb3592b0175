import { expect, test } from '../setup/fixtures';

test.describe('product page', () => {
  test.beforeEach(async ({ storefront }) => {
    await storefront.goto('/category/new-arrivals');
    await storefront.openFirstProduct();
  });

  test('shows name, price and add-to-cart', async ({ page }) => {
    await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();
    await expect(page.getByTestId('add-to-cart')).toBeEnabled();
  });

  test('shows the specification table instead of reviews', async ({ page }) => {
    await expect(page.getByRole('heading', { name: 'Technical specifications' })).toBeVisible();
    await expect(page.getByTestId('spec-table').getByRole('row')).not.toHaveCount(0);
    await expect(page.getByTestId('review-summary')).toHaveCount(0);
  });

  test('can be added to the comparison', async ({ page }) => {
    await page.getByTestId('compare-toggle').check();

    await expect(page.getByTestId('compare-link')).toHaveText('Compare (1)');
  });
});
