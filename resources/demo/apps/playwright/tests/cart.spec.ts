import { expect, test } from '../setup/fixtures';

test.describe('cart', () => {
  test('starts empty', async ({ storefront, page }) => {
    await storefront.goto('/cart');

    await expect(page.getByTestId('cart-empty')).toBeVisible();
  });

  test('adds a product and updates the badge', async ({ storefront, page }) => {
    await storefront.goto('/category/new-arrivals');
    await storefront.openFirstProduct();
    await storefront.addToCart();

    await expect(storefront.cartBadge).toContainText('1');

    await storefront.goto('/cart');
    await expect(page.getByTestId('cart-line-item')).toHaveCount(1);
    await expect(page.getByTestId('order-total')).not.toBeEmpty();
  });

  test('removes a line item', async ({ storefront, page }) => {
    await storefront.goto('/category/new-arrivals');
    await storefront.openFirstProduct();
    await storefront.addToCart();
    await storefront.goto('/cart');

    await page.getByRole('button', { name: 'Remove' }).click();

    await expect(page.getByTestId('cart-empty')).toBeVisible();
  });
});
