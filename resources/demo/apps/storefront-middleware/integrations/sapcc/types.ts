import type { WithoutContext } from '@vue-storefront/middleware';

import type { unifiedApiExtension } from './extensions/unified';

export type UnifiedApiExtension = typeof unifiedApiExtension;

export type UnifiedEndpoints = WithoutContext<UnifiedApiExtension['extendApiMethods']>;
