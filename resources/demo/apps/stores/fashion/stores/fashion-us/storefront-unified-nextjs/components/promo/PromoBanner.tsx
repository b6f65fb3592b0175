'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

import { Countdown } from './Countdown';

interface PromoBannerProps {
  /** ISO date at which the campaign ends; hides the countdown when absent. */
  endsAt?: string;
  href?: string;
}

export function PromoBanner({ endsAt, href = '/category/sale' }: PromoBannerProps) {
  const t = useTranslations('promo');
  const [dismissed, setDismissed] = useState(false);

  if (dismissed) return null;

  return (
    <section
      aria-label={t('label')}
      className="relative bg-secondary-700 text-white"
      data-testid="promo-banner"
    >
      <div className="container-page flex flex-col items-center justify-center gap-2 py-3 text-center text-sm md:flex-row md:gap-4">
        <p className="font-semibold">{t('headline')}</p>
        <p className="text-secondary-100">{t('subline')}</p>
        {endsAt && <Countdown endsAt={endsAt} />}
        <Link href={href} className="font-semibold underline underline-offset-4 hover:no-underline">
          {t('cta')}
        </Link>
      </div>
      <button
        type="button"
        onClick={() => setDismissed(true)}
        className="absolute right-2 top-1/2 -translate-y-1/2 p-2 text-secondary-100 hover:text-white"
        aria-label="Dismiss"
      >
        ×
      </button>
    </section>
  );
}
