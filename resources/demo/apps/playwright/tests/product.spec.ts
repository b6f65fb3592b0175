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

  test('shows customer reviews', async ({ page }) => {
    await expect(page.getByRole('heading', { name: 'Customer reviews' })).toBeVisible();
    await expect(page.getByTestId('review-summary')).toBeVisible();
  });
});
