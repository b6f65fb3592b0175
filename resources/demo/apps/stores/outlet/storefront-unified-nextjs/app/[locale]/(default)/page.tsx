import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { ProductGrid } from '@/components/product-grid/ProductGrid';
import { getSdk } from '@/sdk';

export default async function HomePage() {
  const t = await getTranslations('home');
  const sdk = getSdk();
  const { products } = await sdk.unified.searchProducts({
    category: 'outlet',
    pageSize: 12,
    sortBy: 'price-low-to-high',
  });

  return (
    <>
      {/* The outlet is permanently discounted: no promo banner, no countdown. */}
      <section className="bg-primary-50">
        <div className="container-page flex flex-col items-start gap-6 py-16 md:py-24">
          <p className="text-sm font-semibold uppercase tracking-widest text-primary-700">{t('heroEyebrow')}</p>
          <h1 className="max-w-2xl text-4xl font-bold md:text-6xl">{t('heroTitle')}</h1>
          <p className="max-w-xl text-lg text-neutral-700">{t('heroText')}</p>
          <Link
            href="/category/outlet"
            className="focus-ring rounded-brand bg-primary-700 px-8 py-3 font-medium text-white hover:bg-primary-800"
          >
            {t('heroCta')}
          </Link>
        </div>
      </section>

      <section className="container-page py-12" aria-labelledby="new-arrivals-heading">
        <div className="mb-6 flex items-end justify-between">
          <h2 id="new-arrivals-heading" className="typography-headline-2">
            {t('newArrivals')}
          </h2>
          <Link href="/category/outlet" className="text-sm font-medium text-primary-700 hover:underline">
            {t('seeAll')}
          </Link>
        </div>
        <ProductGrid products={products} emptyLabel={t('noProducts')} />
      </section>
    </>
  );
}
