import { createUnifiedExtension } from '@vsf-enterprise/unified-api-sapcc';

const { IMAGE_CDN_URL } = process.env;

export const unifiedApiExtension = createUnifiedExtension({
  normalizers: {
    addCustomFields: [
      {
        normalizeProduct: (_context, product) => ({
          // Exposed to the storefront as product.$custom.brand
          brand: product.manufacturer ?? null,
        }),
      },
    ],
  },
  methods: {
    override: {},
  },
  config: {
    transformImageUrl: (url) => {
      if (!IMAGE_CDN_URL || url.startsWith('http')) {
        return url;
      }
      return new URL(url, IMAGE_CDN_URL).toString();
    },
    getCurrencies: () => ({
      currencies: ['EUR'],
      defaultCurrency: 'EUR',
    }),
    defaultCurrency: 'EUR',
  },
});
