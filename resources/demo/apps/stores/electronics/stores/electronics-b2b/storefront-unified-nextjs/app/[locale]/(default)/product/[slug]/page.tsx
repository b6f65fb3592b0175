import type { Metadata } from 'next';
import Image from 'next/image';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';

import { BulkPricing } from '@/components/b2b/BulkPricing';
import { CompareToggle } from '@/components/compare/CompareToggle';
import { AddToCart } from '@/components/product/AddToCart';
import { ReviewSummary } from '@/components/reviews/ReviewSummary';
import { Price } from '@/components/ui/Price';
import { getSdk } from '@/sdk';

interface ProductPageProps {
  params: { locale: string; slug: string };
}

export async function generateMetadata({ params }: ProductPageProps): Promise<Metadata> {
  const { product } = await getSdk().unified.getProductDetails({ id: params.slug });
  return { title: product.name ?? undefined, description: product.description ?? undefined };
}

export default async function ProductPage({ params }: ProductPageProps) {
  const t = await getTranslations('product');
  const sdk = getSdk();
  const { product } = await sdk.unified.getProductDetails({ id: params.slug }).catch(() => notFound());
  const image = product.primaryImage;

  return (
    <div className="container-page grid gap-10 py-10 md:grid-cols-2">
      {image && (
        <Image
          src={image.url}
          alt={image.alt ?? product.name ?? ''}
          width={800}
          height={1000}
          priority
          className="aspect-square w-full rounded-brand bg-white object-contain p-8"
        />
      )}
      <div className="flex flex-col gap-4">
        <h1 className="text-3xl font-semibold">{product.name}</h1>
        {product.price && <Price regular={product.price.regularPrice} special={product.price.value} className="text-2xl" />}
        <BulkPricing tiers={product.$custom?.volumePrices ?? []} />
        <p className="text-neutral-700">{product.description}</p>
        <AddToCart productId={product.id} sku={product.sku} inStock={product.quantityLimit !== 0} />
        <CompareToggle productId={product.id} />
        <p className="text-sm text-neutral-500">{t('sku', { sku: product.sku })}</p>
      </div>

      <section className="md:col-span-2" aria-labelledby="specs-heading">
        <h2 id="specs-heading" className="typography-headline-2 mb-6">
          {t('specifications')}
        </h2>
        <div className="grid gap-10 md:grid-cols-[1fr_18rem]">
          <table className="w-full max-w-3xl text-sm" data-testid="spec-table">
            <tbody className="divide-y divide-neutral-100">
              {product.attributes.map((attribute) => (
                <tr key={attribute.name}>
                  <th scope="row" className="w-1/3 py-3 pr-4 text-left font-medium text-neutral-500">
                    {attribute.label}
                  </th>
                  <td className="py-3">{attribute.valueLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* Business buyers asked for ratings back; see ignorePaths in alokai.config.json. */}
          {product.rating && <ReviewSummary average={product.rating.average} count={product.rating.count} />}
        </div>
      </section>
    </div>
  );
}
