import { createSdk } from '@vue-storefront/next';

import { getSdkConfig } from './sdk.config';

const options = {
  middleware: {
    apiUrl: process.env.NEXT_PUBLIC_ALOKAI_MIDDLEWARE_API_URL ?? 'http://localhost:4000',
    ssrApiUrl: process.env.NEXT_PUBLIC_ALOKAI_MIDDLEWARE_SSR_API_URL,
    cdnCacheBustingId: process.env.NEXT_PUBLIC_ALOKAI_CDN_CACHE_BUSTING_ID ?? 'no-cache-busting-id-set',
  },
  multistore: {
    enabled: true,
  },
};

export const { getSdk, getSdkContext } = createSdk(options, getSdkConfig());

export const [SdkProvider, useSdk] = getSdkContext();
