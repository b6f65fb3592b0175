import { expect, type Page, test as base } from '@playwright/test';

class StorefrontPage {
  constructor(readonly page: Page) {}

  async goto(path = '/') {
    await this.page.goto(path);
    await this.page.waitForLoadState('networkidle');
  }

  get header() {
    return this.page.getByRole('banner');
  }

  get cartBadge() {
    return this.page.getByTestId('header-cart');
  }

  async openFirstProduct() {
    await this.page.getByTestId('product-card').first().getByRole('link').first().click();
    await expect(this.page).toHaveURL(/\/product\//);
  }

  async addToCart() {
    await this.page.getByTestId('add-to-cart').click();
    await expect(this.page.getByRole('status')).toBeVisible();
  }
}

export const test = base.extend<{ storefront: StorefrontPage }>({
  storefront: async ({ page }, use) => {
    await use(new StorefrontPage(page));
  },
});

export { expect };
