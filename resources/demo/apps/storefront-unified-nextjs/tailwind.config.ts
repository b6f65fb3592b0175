import { tailwindConfig } from '@storefront-ui/react/tailwind-config';
import type { Config } from 'tailwindcss';

import { theme } from './config/theme';

const config: Config = {
  content: [
    './app/**/*.{ts,tsx}',
    './components/**/*.{ts,tsx}',
    './node_modules/@storefront-ui/react/**/*.{js,mjs}',
  ],
  presets: [tailwindConfig],
  theme: {
    extend: {
      colors: theme.colors,
      fontFamily: {
        body: [theme.fonts.body, 'ui-sans-serif', 'system-ui', 'sans-serif'],
        headings: [theme.fonts.headings, 'ui-serif', 'Georgia', 'serif'],
      },
      borderRadius: {
        brand: theme.radius,
      },
      screens: {
        '4xl': '1920px',
      },
    },
  },
  plugins: [],
};

export default config;
