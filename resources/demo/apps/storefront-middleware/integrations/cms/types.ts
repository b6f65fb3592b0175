import type { WithoutContext } from '@vue-storefront/middleware';

import type { unifiedCmsExtension } from './config';

export type UnifiedCmsEndpoints = WithoutContext<(typeof unifiedCmsExtension)['extendApiMethods']>;
