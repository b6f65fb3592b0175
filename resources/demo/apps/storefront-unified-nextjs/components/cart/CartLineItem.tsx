'use client';

import type { SfCartLineItem } from '@vsf-enterprise/unified-api-sapcc';
import Image from 'next/image';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { Price } from '@/components/ui/Price';
import { QuantitySelector } from '@/components/ui/QuantitySelector';
import { useUpdateCartQuantity } from '@/hooks/useCart';

export function CartLineItem({ item }: { item: SfCartLineItem }) {
  const t = useTranslations('cart');
  const { mutate: updateQuantity, isPending } = useUpdateCartQuantity();

  return (
    <li className="flex gap-4 py-6" data-testid="cart-line-item" aria-busy={isPending}>
      {item.image && (
        <Image
          src={item.image.url}
          alt={item.image.alt ?? item.name ?? ''}
          width={96}
          height={120}
          className="rounded-brand bg-neutral-50 object-cover"
        />
      )}
      <div className="flex flex-1 flex-col gap-2">
        <Link href={`/product/${item.productId}`} className="font-medium hover:text-primary-700">
          {item.name}
        </Link>
        {item.attributes.map((attribute) => (
          <span key={attribute.name} className="text-sm text-neutral-500">
            {attribute.label}: {attribute.valueLabel}
          </span>
        ))}
        <div className="mt-auto flex items-center justify-between">
          <QuantitySelector
            value={item.quantity}
            max={item.quantityLimit ?? 99}
            onChange={(quantity) => updateQuantity({ lineItemId: item.id, quantity })}
          />
          <button
            type="button"
            className="text-sm text-neutral-500 underline hover:text-neutral-900"
            onClick={() => updateQuantity({ lineItemId: item.id, quantity: 0 })}
          >
            {t('remove')}
          </button>
        </div>
      </div>
      {item.totalPrice && <Price regular={item.totalPrice} className="shrink-0" />}
    </li>
  );
}
