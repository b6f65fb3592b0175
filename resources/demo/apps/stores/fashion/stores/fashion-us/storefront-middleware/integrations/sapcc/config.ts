import type { MiddlewareConfig } from '@vsf-enterprise/sapcc-api';
import type { ApiClientExtension, Integration } from '@vue-storefront/middleware';

import { unifiedApiExtension } from './extensions/unified';

const {
  SAPCC_API_URI,
  SAPCC_OAUTH_CLIENT_ID,
  SAPCC_OAUTH_CLIENT_SECRET,
  SAPCC_OAUTH_TOKEN_ENDPOINT,
  SAPCC_OAUTH_TOKEN_REVOKE_ENDPOINT,
  SAPCC_OAUTH_URI,
} = process.env;

export const config = {
  location: '@vsf-enterprise/sapcc-api/server',
  configuration: {
    OAuth: {
      uri: SAPCC_OAUTH_URI!,
      clientId: SAPCC_OAUTH_CLIENT_ID!,
      clientSecret: SAPCC_OAUTH_CLIENT_SECRET!,
      tokenEndpoint: SAPCC_OAUTH_TOKEN_ENDPOINT!,
      tokenRevokeEndpoint: SAPCC_OAUTH_TOKEN_REVOKE_ENDPOINT!,
      cookieOptions: {
        'vsf-sap-token': { secure: process.env.NODE_ENV !== 'development' },
      },
    },
    api: {
      uri: SAPCC_API_URI!,
      baseSiteId: 'fashion-us',
      catalogId: 'fashionProductCatalog',
      catalogVersion: 'Online',
      defaultLanguage: 'en',
      defaultCurrency: 'USD',
    },
  },
  extensions: (extensions: ApiClientExtension[]) => [...extensions, unifiedApiExtension],
} satisfies Integration<MiddlewareConfig>;
