'use client';

import type { SfMoney } from '@vsf-enterprise/unified-api-sapcc';
import { useTranslations } from 'next-intl';

import { formatPrice } from '@/hooks/useFormatPrice';

export interface VolumePrice {
  minQuantity: number;
  price: SfMoney;
}

export function BulkPricing({ tiers }: { tiers: VolumePrice[] }) {
  const t = useTranslations('product');

  if (tiers.length === 0) return null;

  return (
    <section className="rounded-brand border border-neutral-100 p-4" data-testid="bulk-pricing">
      <h2 className="text-sm font-semibold">{t('volumePricing')}</h2>
      <table className="mt-2 w-full text-sm">
        <tbody>
          {tiers.map((tier) => (
            <tr key={tier.minQuantity} className="border-t border-neutral-100 first:border-t-0">
              <td className="py-1.5 text-neutral-500">{t('fromQuantity', { quantity: tier.minQuantity })}</td>
              <td className="py-1.5 text-right font-medium">{t('perUnit', { price: formatPrice(tier.price) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
