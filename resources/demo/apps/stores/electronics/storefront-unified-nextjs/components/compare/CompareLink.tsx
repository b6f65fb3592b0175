'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { useCompare } from '@/hooks/useCompare';

export function CompareLink() {
  const t = useTranslations('compare');
  const { productIds } = useCompare();

  if (productIds.length === 0) return null;

  return (
    <Link
      href="/compare"
      className="focus-ring rounded-brand bg-secondary-500 px-3 py-1.5 text-sm font-semibold text-neutral-900"
      data-testid="compare-link"
    >
      {t('link', { count: productIds.length })}
    </Link>
  );
}
