import { notFound } from 'next/navigation';
import { getRequestConfig } from 'next-intl/server';

// German shop: German first, English as a fallback for expats and tourists.
export const locales = ['de', 'en'] as const;
export const defaultLocale = 'de';

export type Locale = (typeof locales)[number];

export function isLocale(value: string): value is Locale {
  return (locales as readonly string[]).includes(value);
}

export default getRequestConfig(async ({ locale }) => {
  if (!isLocale(locale)) {
    notFound();
  }

  return {
    messages: (await import(`./lang/${locale}/base.json`)).default,
    timeZone: 'Europe/Berlin',
  };
});
