/**
 * Brand tokens. tailwind.config.ts turns them into `primary-*`, `secondary-*` and
 * `neutral-*` utilities; layout.tsx uses them for <meta name="theme-color">.
 * Stores override this file to re-brand the storefront.
 */
export const theme = {
  name: 'Voltix',
  colors: {
    primary: {
      50: '#eff6ff',
      100: '#dbeafe',
      200: '#bfdbfe',
      300: '#93c5fd',
      400: '#60a5fa',
      500: '#3b82f6',
      600: '#2563eb',
      700: '#1d4ed8',
      800: '#1e40af',
      900: '#1e3a8a',
    },
    secondary: {
      100: '#fef3c7',
      500: '#f59e0b',
      700: '#b45309',
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
    headings: 'Space Grotesk',
  },
  radius: '0.75rem',
  logo: {
    src: '/logo-voltix.svg',
    alt: 'Voltix',
    width: 120,
    height: 32,
  },
} as const;

export type Theme = typeof theme;
