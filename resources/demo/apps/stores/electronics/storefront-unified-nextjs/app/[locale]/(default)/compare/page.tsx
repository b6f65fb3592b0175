'use client';

import { useQueries } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';

import { CompareTable } from '@/components/compare/CompareTable';
import { useCompare } from '@/hooks/useCompare';
import { useSdk } from '@/sdk';

export default function ComparePage() {
  const t = useTranslations('compare');
  const sdk = useSdk();
  const { productIds, toggle } = useCompare();

  const results = useQueries({
    queries: productIds.map((id) => ({
      queryKey: ['product', id],
      queryFn: () => sdk.unified.getProductDetails({ id }),
    })),
  });
  const products = results.flatMap((result) => (result.data ? [result.data.product] : []));

  return (
    <div className="container-page py-10">
      <h1 className="typography-headline-2">{t('title')}</h1>
      {productIds.length === 0 ? (
        <p className="py-16 text-center text-neutral-500">{t('empty')}</p>
      ) : (
        <div className="mt-8">
          <CompareTable products={products} onRemove={toggle} />
        </div>
      )}
    </div>
  );
}
