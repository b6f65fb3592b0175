import { notFound } from 'next/navigation';
import { getRequestConfig } from 'next-intl/server';

export const locales = ['fr', 'en'] as const;
export const defaultLocale = 'fr';

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
    timeZone: 'Europe/Paris',
  };
});
