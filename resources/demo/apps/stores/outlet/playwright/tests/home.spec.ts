import { expect, test } from '../setup/fixtures';

// Runs against every store: keep assertions free of store-specific copy.
test.describe('home page', () => {
  test('shows the header, hero and new arrivals', async ({ storefront, page }) => {
    await storefront.goto('/');

    await expect(storefront.header).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('product-card')).toHaveCount(12);
  });

  test('has no promo banner and no wishlist link', async ({ storefront, page }) => {
    await storefront.goto('/');

    await expect(page.getByTestId('promo-banner')).toHaveCount(0);
    await expect(storefront.header.getByRole('link', { name: 'Wishlist' })).toHaveCount(0);
  });

  test('navigates to a category from the main menu', async ({ storefront, page }) => {
    await storefront.goto('/');
    const firstLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link').first();
    const label = await firstLink.innerText();
    await firstLink.click();

    await expect(page).toHaveURL(/\/category\//);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(label, { ignoreCase: true });
  });
});
