import type { SfProductCatalogItem } from '@vsf-enterprise/unified-api-sapcc';
import Image from 'next/image';
import Link from 'next/link';

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
            className="aspect-[4/5] w-full bg-neutral-50 object-cover transition-transform duration-300 group-hover:scale-105"
          />
        )}
        {isOnSale && (
          <Badge tone="sale" className="absolute left-2 top-2">
            Sale
          </Badge>
        )}
      </Link>
      <div className="mt-3 flex flex-1 flex-col gap-1">
        <Link href={`/product/${product.slug}`} className="line-clamp-2 text-sm font-medium hover:text-primary-700">
          {product.name}
        </Link>
        {product.rating && product.rating.count > 0 && (
          <span className="flex items-center gap-1 text-xs text-neutral-500">
            <StarRating value={product.rating.average} size="sm" />
            {product.rating.count}
          </span>
        )}
        {product.price && (
          <Price regular={product.price.regularPrice} special={product.price.isDiscounted ? product.price.value : null} />
        )}
      </div>
    </article>
  );
}
