'use client';

import { useTranslations } from 'next-intl';

import { useCompare } from '@/hooks/useCompare';
import { cn } from '@/lib/utils';

export function CompareToggle({ productId, className }: { productId: string; className?: string }) {
  const t = useTranslations('compare');
  const { has, isFull, toggle } = useCompare();
  const checked = has(productId);
  const disabled = !checked && isFull;

  return (
    <label
      className={cn('inline-flex cursor-pointer items-center gap-2 text-sm', disabled && 'cursor-not-allowed opacity-50', className)}
      title={disabled ? t('limitReached') : undefined}
    >
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={() => toggle(productId)}
        className="h-4 w-4 rounded border-neutral-300 text-primary-700 focus:ring-primary-500"
        data-testid="compare-toggle"
      />
      {checked ? t('added') : t('add')}
    </label>
  );
}
