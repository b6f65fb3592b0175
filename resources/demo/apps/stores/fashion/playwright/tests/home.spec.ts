import { expect, test } from '../setup/fixtures';

// Atelier home page: shared by every fashion store unless a store overrides it.
test.describe('home page', () => {
  test('shows the header, hero and new arrivals', async ({ storefront, page }) => {
    await storefront.goto('/');

    await expect(storefront.header).toBeVisible();
    await expect(storefront.header.getByRole('img', { name: 'Atelier' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('product-card')).toHaveCount(8);
  });

  test('shows the promo banner', async ({ storefront, page }) => {
    await storefront.goto('/');

    await expect(page.getByTestId('promo-banner')).toBeVisible();
  });

  test('navigates to a category from the centred menu row', async ({ storefront, page }) => {
    await storefront.goto('/');
    const firstLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link').first();
    const label = await firstLink.innerText();
    await firstLink.click();

    await expect(page).toHaveURL(/\/category\//);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(label, { ignoreCase: true });
  });

  test('opens the lookbook', async ({ storefront, page }) => {
    await storefront.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lookbook' }).click();

    await expect(page).toHaveURL(/\/lookbook$/);
    await expect(page.getByRole('heading', { name: 'Lookbook' })).toBeVisible();
  });
});
