import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { QuickOrderForm } from '@/components/b2b/QuickOrderForm';

export const metadata: Metadata = {
  title: 'Quick order',
  robots: { index: false },
};

export default async function QuickOrderPage() {
  const t = await getTranslations('quickOrder');

  return (
    <div className="container-page py-10">
      <h1 className="typography-headline-2">{t('title')}</h1>
      <p className="mt-2 max-w-xl text-neutral-500">{t('description')}</p>
      <div className="mt-8">
        <QuickOrderForm />
      </div>
    </div>
  );
}
