import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { Countdown } from './Countdown';

interface PromoBannerProps {
  /** ISO date at which the campaign ends; hides the countdown when absent. */
  endsAt?: string;
  href?: string;
}

export function PromoBanner({ endsAt, href = '/category/sale' }: PromoBannerProps) {
  const t = useTranslations('promo');

  return (
    <section
      aria-label={t('label')}
      className="bg-secondary-700 text-white"
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
    </section>
  );
}
