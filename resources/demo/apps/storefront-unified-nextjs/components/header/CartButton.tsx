'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { useCartCount } from '@/hooks/useCart';

export function CartButton() {
  const t = useTranslations('navigation');
  const count = useCartCount();

  return (
    <Link
      href="/cart"
      className="focus-ring relative rounded-brand p-2 text-neutral-700 hover:bg-neutral-100"
      aria-label={t('cartWithCount', { count })}
      data-testid="header-cart"
    >
      🛒
      {count > 0 && (
        <span className="absolute -right-1 -top-1 flex h-5 min-w-5 items-center justify-center rounded-full bg-primary-700 px-1 text-xs font-bold text-white">
          {count}
        </span>
      )}
    </Link>
  );
}
