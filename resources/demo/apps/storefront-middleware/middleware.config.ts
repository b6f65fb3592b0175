import { config as cmsConfig } from './integrations/cms';
import { config as commerceConfig } from './integrations/sapcc';

/**
 * Every key under `integrations` becomes a route prefix:
 * /commerce/* for SAP Commerce Cloud, /cms/* for Contentful.
 */
export const config = {
  integrations: {
    commerce: commerceConfig,
    cms: cmsConfig,
  },
};
