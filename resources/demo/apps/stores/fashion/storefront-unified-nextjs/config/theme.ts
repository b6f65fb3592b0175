/**
 * Brand tokens. tailwind.config.ts turns them into `primary-*`, `secondary-*` and
 * `neutral-*` utilities; layout.tsx uses them for <meta name="theme-color">.
 * Stores override this file to re-brand the storefront.
 */
export const theme = {
  name: 'Atelier',
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
      100: '#f5f5f4',
      500: '#a8a29e',
      700: '#44403c',
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
    alt: 'Atelier',
    width: 112,
    height: 32,
  },
} as const;

export type Theme = typeof theme;
