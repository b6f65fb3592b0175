import '@/styles/globals.css';

import type { Metadata, Viewport } from 'next';
import { notFound } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, unstable_setRequestLocale } from 'next-intl/server';
import type { ReactNode } from 'react';

import { theme } from '@/config/theme';
import { isLocale, locales } from '@/i18n';

import { Providers } from './providers';

export const metadata: Metadata = {
  title: {
    default: theme.name,
    template: `%s | ${theme.name}`,
  },
  description: 'Composable storefront built with Alokai and Next.js',
  icons: { icon: '/favicon.svg' },
};

export const viewport: Viewport = {
  themeColor: theme.colors.primary[700],
};

export function generateStaticParams() {
  return locales.map((locale) => ({ locale }));
}

interface LocaleLayoutProps {
  children: ReactNode;
  params: { locale: string };
}

export default async function LocaleLayout({ children, params: { locale } }: LocaleLayoutProps) {
  if (!isLocale(locale)) {
    notFound();
  }
  unstable_setRequestLocale(locale);
  const messages = await getMessages();

  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <NextIntlClientProvider locale={locale} messages={messages}>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
