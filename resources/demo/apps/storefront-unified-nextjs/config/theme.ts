/**
 * Brand tokens. tailwind.config.ts turns them into `primary-*`, `secondary-*` and
 * `neutral-*` utilities; layout.tsx uses them for <meta name="theme-color">.
 * Stores override this file to re-brand the storefront.
 */
export const theme = {
  name: 'Alokai Demo Store',
  colors: {
    primary: {
      50: '#f0fdf4',
      100: '#dcfce7',
      200: '#bbf7d0',
      300: '#86efac',
      400: '#4ade80',
      500: '#22c55e',
      600: '#16a34a',
      700: '#15803d',
      800: '#166534',
      900: '#14532d',
    },
    secondary: {
      100: '#e0f2fe',
      500: '#0ea5e9',
      700: '#0369a1',
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
    headings: 'Inter',
  },
  radius: '0.375rem',
  logo: {
    src: '/logo.svg',
    alt: 'Alokai Demo Store',
    width: 132,
    height: 32,
  },
} as const;

export type Theme = typeof theme;
