'use client';

import type { SfMoney } from '@vsf-enterprise/unified-api-sapcc';

import { useFormatPrice } from '@/hooks/useFormatPrice';
import { cn } from '@/lib/utils';

interface PriceProps {
  regular: SfMoney;
  special?: SfMoney | null;
  className?: string;
}

export function Price({ regular, special, className }: PriceProps) {
  const regularLabel = useFormatPrice(regular);
  const specialLabel = useFormatPrice(special);

  if (!specialLabel) {
    return <span className={cn('font-semibold', className)}>{regularLabel}</span>;
  }

  return (
    <span className={cn('inline-flex items-baseline gap-2', className)}>
      <span className="font-semibold text-red-600">{specialLabel}</span>
      <span className="text-sm text-neutral-500 line-through">{regularLabel}</span>
    </span>
  );
}
