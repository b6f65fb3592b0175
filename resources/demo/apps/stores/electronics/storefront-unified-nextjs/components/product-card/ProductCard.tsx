import type { SfProductCatalogItem } from '@vsf-enterprise/unified-api-sapcc';
import Image from 'next/image';
import Link from 'next/link';

import { CompareToggle } from '@/components/compare/CompareToggle';
import { Badge } from '@/components/ui/Badge';
import { Price } from '@/components/ui/Price';
import { StarRating } from '@/components/ui/StarRating';

interface ProductCardProps {
  product: SfProductCatalogItem;
  priority?: boolean;
}

export function ProductCard({ product, priority = false }: ProductCardProps) {
  const image = product.primaryImage;
  const isOnSale = Boolean(product.price?.isDiscounted);
  const keySpecs: string[] = product.$custom?.keySpecs ?? [];

  return (
    <article className="group relative flex flex-col" data-testid="product-card">
      <Link href={`/product/${product.slug}`} className="focus-ring relative block overflow-hidden rounded-brand">
        {image && (
          <Image
            src={image.url}
            alt={image.alt ?? product.name ?? ''}
            width={400}
            height={500}
            priority={priority}
            className="aspect-square w-full bg-white object-contain p-4 transition-transform duration-300 group-hover:scale-105"
          />
        )}
        {isOnSale && (
          <Badge tone="sale" className="absolute left-2 top-2">
            Deal
          </Badge>
        )}
      </Link>
      <div className="mt-3 flex flex-1 flex-col gap-1">
        <Link href={`/product/${product.slug}`} className="line-clamp-2 text-sm font-medium hover:text-primary-700">
          {product.name}
        </Link>
        {keySpecs.length > 0 && (
          <ul className="space-y-0.5 text-xs text-neutral-500" data-testid="key-specs">
            {keySpecs.slice(0, 3).map((spec) => (
              <li key={spec} className="truncate">
                {spec}
              </li>
            ))}
          </ul>
        )}
        {product.rating && product.rating.count > 0 && (
          <span className="flex items-center gap-1 text-xs text-neutral-500">
            <StarRating value={product.rating.average} size="sm" />
            {product.rating.count}
          </span>
        )}
        {product.price && (
          <Price regular={product.price.regularPrice} special={product.price.isDiscounted ? product.price.value : null} />
        )}
        <CompareToggle productId={product.id} className="mt-auto pt-2" />
      </div>
    </article>
  );
}
