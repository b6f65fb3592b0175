'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { Button } from '@/components/ui/Button';
import { useWishlist } from '@/hooks/useWishlist';

export default function WishlistPage() {
  const t = useTranslations('wishlist');
  const { productIds, toggle } = useWishlist();

  return (
    <div className="container-page py-10" data-testid="wishlist">
      <h1 className="typography-headline-2">{t('title')}</h1>

      {productIds.length === 0 ? (
        <div className="flex flex-col items-center gap-4 py-24 text-center">
          <p className="text-neutral-500">{t('empty')}</p>
          <Link href="/category" className="font-medium text-primary-700 hover:underline">
            {t('browse')}
          </Link>
        </div>
      ) : (
        <ul className="mt-8 divide-y divide-neutral-100">
          {productIds.map((productId) => (
            <li key={productId} className="flex items-center justify-between py-4">
              <Link href={`/product/${productId}`} className="font-medium hover:text-primary-700">
                {productId}
              </Link>
              <Button variant="tertiary" size="sm" onClick={() => toggle(productId)}>
                {t('remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
