export { config } from './config';
export type { UnifiedCmsEndpoints } from './types';
