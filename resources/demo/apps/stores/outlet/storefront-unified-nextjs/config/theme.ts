/**
 * Brand tokens. tailwind.config.ts turns them into `primary-*`, `secondary-*` and
 * `neutral-*` utilities; layout.tsx uses them for <meta name="theme-color">.
 * Stores override this file to re-brand the storefront.
 */
export const theme = {
  name: 'Demo Outlet',
  colors: {
    primary: {
      50: '#fff7ed',
      100: '#ffedd5',
      200: '#fed7aa',
      300: '#fdba74',
      400: '#fb923c',
      500: '#f97316',
      600: '#ea580c',
      700: '#c2410c',
      800: '#9a3412',
      900: '#7c2d12',
    },
    secondary: {
      100: '#fee2e2',
      500: '#ef4444',
      700: '#b91c1c',
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
    alt: 'Demo Outlet',
    width: 132,
    height: 32,
  },
} as const;

export type Theme = typeof theme;
