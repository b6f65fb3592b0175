import { expect, test } from '../setup/fixtures';

test.describe('wishlist', () => {
  test('is reachable from the header', async ({ storefront, page }) => {
    await storefront.goto('/');
    await storefront.header.getByRole('link', { name: 'Wishlist' }).click();

    await expect(page).toHaveURL(/\/wishlist$/);
    await expect(page.getByTestId('wishlist')).toContainText('You have not saved any products yet.');
  });

  test('keeps saved products after a reload', async ({ storefront, page }) => {
    await storefront.goto('/');
    await page.evaluate(() => window.localStorage.setItem('alokai:wishlist', JSON.stringify(['300310300'])));
    await storefront.goto('/wishlist');
    await page.reload();

    await expect(page.getByTestId('wishlist').getByRole('link')).toHaveText(['300310300']);
  });
});
