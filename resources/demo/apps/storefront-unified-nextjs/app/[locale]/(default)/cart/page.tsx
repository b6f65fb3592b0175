'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { CartLineItem } from '@/components/cart/CartLineItem';
import { OrderSummary } from '@/components/cart/OrderSummary';
import { useCart } from '@/hooks/useCart';

export default function CartPage() {
  const t = useTranslations('cart');
  const { data: cart, isLoading } = useCart();

  if (isLoading) {
    return <div className="container-page py-10 text-neutral-500">{t('loading')}</div>;
  }

  if (!cart || cart.lineItems.length === 0) {
    return (
      <div className="container-page flex flex-col items-center gap-4 py-24 text-center" data-testid="cart-empty">
        <h1 className="typography-headline-2">{t('emptyTitle')}</h1>
        <p className="text-neutral-500">{t('emptyText')}</p>
        <Link href="/" className="font-medium text-primary-700 hover:underline">
          {t('continueShopping')}
        </Link>
      </div>
    );
  }

  return (
    <div className="container-page py-10">
      <h1 className="typography-headline-2">{t('title')}</h1>
      <div className="mt-8 grid gap-10 lg:grid-cols-[1fr_24rem]">
        <ul className="divide-y divide-neutral-100 border-y border-neutral-100">
          {cart.lineItems.map((item) => (
            <CartLineItem key={item.id} item={item} />
          ))}
        </ul>
        <OrderSummary cart={cart} />
      </div>
    </div>
  );
}
