export type { Endpoints as CommerceEndpoints } from '@vsf-enterprise/sapcc-api';
export type { UnifiedEndpoints } from './integrations/sapcc/types';
export type { UnifiedCmsEndpoints } from './integrations/cms/types';
