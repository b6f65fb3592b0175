'use client';

import type { SfCart } from '@vsf-enterprise/unified-api-sapcc';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { formatPrice } from '@/hooks/useFormatPrice';

export function OrderSummary({ cart }: { cart: SfCart }) {
  const t = useTranslations('cart');

  const rows: Array<[string, string | null]> = [
    [t('subtotal'), formatPrice(cart.subtotalRegularPrice)],
    [t('discount'), cart.totalCouponDiscounts.amount > 0 ? `− ${formatPrice(cart.totalCouponDiscounts)}` : null],
    [t('shipping'), cart.totalShippingPrice ? formatPrice(cart.totalShippingPrice) : t('shippingAtCheckout')],
    [t('tax'), formatPrice(cart.totalTax)],
  ];

  return (
    <aside className="h-fit rounded-brand border border-neutral-100 p-6" data-testid="order-summary">
      <h2 className="text-lg font-semibold">{t('summary')}</h2>
      <dl className="mt-4 space-y-2 text-sm">
        {rows
          .filter(([, value]) => value !== null)
          .map(([label, value]) => (
            <div key={label} className="flex justify-between">
              <dt className="text-neutral-500">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <div className="mt-4 flex justify-between border-t border-neutral-100 pt-4 text-lg font-semibold">
        <span>{t('total')}</span>
        <span data-testid="order-total">{formatPrice(cart.totalPrice)}</span>
      </div>
      <Link
        href="/checkout"
        className="focus-ring mt-6 flex h-12 items-center justify-center rounded-brand bg-primary-700 font-medium text-white hover:bg-primary-800"
      >
        {t('checkout')}
      </Link>
    </aside>
  );
}
