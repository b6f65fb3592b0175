import { expect, test } from '../setup/fixtures';

test.describe('quick order', () => {
  test('adds several SKUs to the cart at once', async ({ storefront, page }) => {
    await storefront.goto('/');
    await page.getByTestId('quick-order-link').click();

    const form = page.getByTestId('quick-order-form');
    await form.getByLabel('SKU').nth(0).fill('3881018');
    await form.getByLabel('Quantity').nth(0).fill('10');
    await form.getByLabel('SKU').nth(1).fill('3881024');
    await form.getByRole('button', { name: 'Add all to cart' }).click();

    await expect(page.getByRole('status')).toHaveText('2 lines added to your cart.');
    await expect(storefront.cartBadge).toContainText('11');
  });
});
