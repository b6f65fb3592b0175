import type { Metadata } from 'next';
import Image from 'next/image';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';

import { AddToCart } from '@/components/product/AddToCart';
import { ReviewList } from '@/components/reviews/ReviewList';
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
  const { reviews } = await sdk.unified.getProductReviews({ productId: product.id });
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
          className="aspect-[4/5] w-full rounded-brand bg-neutral-50 object-cover"
        />
      )}
      <div className="flex flex-col gap-4">
        <h1 className="text-3xl font-semibold">{product.name}</h1>
        {product.price && <Price regular={product.price.regularPrice} special={product.price.value} className="text-2xl" />}
        <p className="text-neutral-700">{product.description}</p>
        <AddToCart productId={product.id} sku={product.sku} inStock={product.quantityLimit !== 0} />
        <p className="text-sm text-neutral-500">{t('sku', { sku: product.sku })}</p>
      </div>

      <section className="md:col-span-2" aria-labelledby="reviews-heading">
        <h2 id="reviews-heading" className="typography-headline-2 mb-6">
          {t('reviews')}
        </h2>
        <div className="grid gap-10 md:grid-cols-[18rem_1fr]">
          {product.rating && <ReviewSummary average={product.rating.average} count={product.rating.count} />}
          <ReviewList reviews={reviews} />
        </div>
      </section>
    </div>
  );
}
