'use client';

import { useTranslations } from 'next-intl';

import { clamp } from '@/lib/utils';

interface QuantitySelectorProps {
  value: number;
  min?: number;
  max?: number;
  onChange: (value: number) => void;
}

export function QuantitySelector({ value, min = 1, max = 99, onChange }: QuantitySelectorProps) {
  const t = useTranslations('cart');

  return (
    <div className="inline-flex h-10 items-center rounded-brand border border-neutral-300">
      <button
        type="button"
        className="focus-ring h-full w-10 disabled:text-neutral-300"
        aria-label={t('decrease')}
        disabled={value <= min}
        onClick={() => onChange(clamp(value - 1, min, max))}
      >
        −
      </button>
      <input
        type="number"
        className="h-full w-12 border-x border-neutral-300 text-center [appearance:textfield]"
        value={value}
        min={min}
        max={max}
        aria-label={t('quantity')}
        onChange={(event) => onChange(clamp(Number(event.target.value) || min, min, max))}
      />
      <button
        type="button"
        className="focus-ring h-full w-10 disabled:text-neutral-300"
        aria-label={t('increase')}
        disabled={value >= max}
        onClick={() => onChange(clamp(value + 1, min, max))}
      >
        +
      </button>
    </div>
  );
}
