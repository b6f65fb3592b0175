export { config } from './config';
export type { UnifiedEndpoints } from './types';
