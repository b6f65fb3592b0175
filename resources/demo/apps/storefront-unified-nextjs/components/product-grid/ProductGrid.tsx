import type { SfProductCatalogItem } from '@vsf-enterprise/unified-api-sapcc';

import { ProductCard } from '@/components/product-card/ProductCard';

interface ProductGridProps {
  products: SfProductCatalogItem[];
  emptyLabel: string;
}

export function ProductGrid({ products, emptyLabel }: ProductGridProps) {
  if (products.length === 0) {
    return <p className="py-16 text-center text-neutral-500">{emptyLabel}</p>;
  }

  return (
    <ul className="grid grid-cols-2 gap-x-4 gap-y-8 md:grid-cols-3 xl:grid-cols-4">
      {products.map((product, index) => (
        <li key={product.id}>
          <ProductCard product={product} priority={index < 4} />
        </li>
      ))}
    </ul>
  );
}
