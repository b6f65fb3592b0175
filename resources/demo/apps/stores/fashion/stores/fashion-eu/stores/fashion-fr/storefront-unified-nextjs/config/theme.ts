/**
 * Brand tokens. tailwind.config.ts turns them into `primary-*`, `secondary-*` and
 * `neutral-*` utilities; layout.tsx uses them for <meta name="theme-color">.
 * Stores override this file to re-brand the storefront.
 */
export const theme = {
  name: 'Atelier Paris',
  colors: {
    primary: {
      50: '#fff1f2',
      100: '#ffe4e6',
      200: '#fecdd3',
      300: '#fda4af',
      400: '#fb7185',
      500: '#e11d48',
      600: '#be123c',
      700: '#9f1239',
      800: '#881337',
      900: '#4c0519',
    },
    secondary: {
      // Navy accents for the Paris boutique campaign.
      100: '#e0e7ff',
      500: '#3730a3',
      700: '#1e1b4b',
    },
    neutral: {
      50: '#f8fafc',
      100: '#f1f5f9',
      300: '#cbd5e1',
      500: '#64748b',
      700: '#334155',
      900: '#0f172a',
    },
  },
  fonts: {
    body: 'Inter',
    headings: 'Playfair Display',
  },
  // Fashion brand guidelines: no rounded corners anywhere.
  radius: '0',
  logo: {
    src: '/logo-atelier.svg',
    alt: 'Atelier Paris',
    width: 112,
    height: 32,
  },
} as const;

export type Theme = typeof theme;
