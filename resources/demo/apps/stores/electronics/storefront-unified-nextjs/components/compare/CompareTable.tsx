'use client';

import type { SfProduct } from '@vsf-enterprise/unified-api-sapcc';
import Image from 'next/image';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { Price } from '@/components/ui/Price';

interface CompareTableProps {
  products: SfProduct[];
  onRemove: (productId: string) => void;
}

export function CompareTable({ products, onRemove }: CompareTableProps) {
  const t = useTranslations('compare');
  const attributeNames = Array.from(new Set(products.flatMap((product) => product.attributes.map((a) => a.name))));
  const labelFor = (name: string) =>
    products.flatMap((product) => product.attributes).find((attribute) => attribute.name === name)?.label ?? name;

  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] table-fixed text-sm" data-testid="compare-table">
        <thead>
          <tr>
            <th className="w-48" />
            {products.map((product) => (
              <th key={product.id} className="p-4 text-left align-top font-normal">
                {product.primaryImage && (
                  <Image src={product.primaryImage.url} alt={product.name ?? ''} width={160} height={160} className="aspect-square object-contain" />
                )}
                <Link href={`/product/${product.slug}`} className="mt-2 block font-semibold hover:text-primary-700">
                  {product.name}
                </Link>
                {product.price && <Price regular={product.price.regularPrice} special={product.price.value} />}
                <button type="button" onClick={() => onRemove(product.id)} className="mt-2 block text-xs text-neutral-500 underline">
                  {t('remove')}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">
          {attributeNames.map((name) => (
            <tr key={name} className="even:bg-neutral-50">
              <th scope="row" className="p-4 text-left font-medium text-neutral-500">
                {labelFor(name)}
              </th>
              {products.map((product) => (
                <td key={product.id} className="p-4">
                  {product.attributes.find((attribute) => attribute.name === name)?.valueLabel ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
