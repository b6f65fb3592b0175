'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

import { Button } from '@/components/ui/Button';
import { QuantitySelector } from '@/components/ui/QuantitySelector';
import { useAddToCart } from '@/hooks/useCart';

interface AddToCartProps {
  productId: string;
  sku: string;
  inStock: boolean;
}

export function AddToCart({ productId, sku, inStock }: AddToCartProps) {
  const t = useTranslations('product');
  const [quantity, setQuantity] = useState(1);
  const { mutate: addToCart, isPending, isSuccess } = useAddToCart();

  if (!inStock) {
    return <p className="font-medium text-red-600">{t('outOfStock')}</p>;
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <QuantitySelector value={quantity} onChange={setQuantity} />
      <Button
        size="lg"
        className="flex-1"
        disabled={isPending}
        onClick={() => addToCart({ productId, sku, quantity })}
        data-testid="add-to-cart"
      >
        {isPending ? t('adding') : t('addToCart')}
      </Button>
      {isSuccess && (
        <p role="status" className="w-full text-sm text-primary-700">
          {t('added')}
        </p>
      )}
    </div>
  );
}
