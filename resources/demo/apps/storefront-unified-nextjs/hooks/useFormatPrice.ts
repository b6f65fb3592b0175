'use client';

import type { SfMoney } from '@vsf-enterprise/unified-api-sapcc';
import { useMemo } from 'react';

import { getCurrencyConfig } from '@/config/currencies';

export function formatPrice(money: SfMoney): string {
  const currency = getCurrencyConfig(money.currency);

  return new Intl.NumberFormat(currency.locale, {
    style: 'currency',
    currency: currency.code,
    minimumFractionDigits: currency.fractionDigits,
    maximumFractionDigits: currency.fractionDigits,
  }).format(money.amount);
}

export function useFormatPrice(money: SfMoney | null | undefined): string | null {
  return useMemo(() => (money ? formatPrice(money) : null), [money]);
}
