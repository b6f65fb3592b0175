import type { MiddlewareConfig } from '@vsf-enterprise/contentful-api';
import { createUnifiedCmsExtension } from '@vsf-enterprise/unified-api-contentful';
import type { ApiClientExtension, Integration } from '@vue-storefront/middleware';

const { CNTF_ENVIRONMENT = 'master', CNTF_SPACE, CNTF_TOKEN } = process.env;

export const unifiedCmsExtension = createUnifiedCmsExtension({
  resolvePages: () => ({
    '/': { entryType: 'page', slug: 'home' },
    '/category/*': { entryType: 'categoryPage', slugParam: 'category' },
  }),
  defaultLocale: 'en',
  localeMapping: {
    en: 'en-US',
    de: 'de-DE',
  },
});

export const config = {
  location: '@vsf-enterprise/contentful-api/server',
  configuration: {
    space: CNTF_SPACE!,
    token: CNTF_TOKEN!,
    environment: CNTF_ENVIRONMENT,
    unified: {
      resolveFast: true,
    },
  },
  extensions: (extensions: ApiClientExtension[]) => [...extensions, unifiedCmsExtension],
} satisfies Integration<MiddlewareConfig>;
