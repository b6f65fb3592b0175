import { createUnifiedExtension } from '@vsf-enterprise/unified-api-sapcc';

const { IMAGE_CDN_URL } = process.env;

type Classification = {
  features?: Array<{ name?: string; comparable?: boolean; featureValues?: Array<{ value?: string }> }>;
};

/** Turns SAP classification features into short "Name: value" lines for product cards. */
function toKeySpecs(classifications: Classification[] | undefined): string[] {
  return (classifications ?? [])
    .flatMap((classification) => classification.features ?? [])
    .filter((feature) => feature.comparable && feature.name)
    .slice(0, 5)
    .map((feature) => `${feature.name}: ${(feature.featureValues ?? []).map((v) => v.value).join(', ')}`);
}

export const unifiedApiExtension = createUnifiedExtension({
  normalizers: {
    addCustomFields: [
      {
        normalizeProduct: (_context, product) => ({
          // Exposed to the storefront as product.$custom.brand / .keySpecs
          brand: product.manufacturer ?? null,
          keySpecs: toKeySpecs(product.classifications),
        }),
        normalizeProductCatalogItem: (_context, product) => ({
          keySpecs: toKeySpecs(product.classifications),
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
      currencies: ['USD'],
      defaultCurrency: 'USD',
    }),
    defaultCurrency: 'USD',
  },
});
