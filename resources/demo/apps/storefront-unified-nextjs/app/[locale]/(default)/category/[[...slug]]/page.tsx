import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { ProductGrid } from '@/components/product-grid/ProductGrid';
import { slugToTitle } from '@/lib/utils';
import { getSdk } from '@/sdk';

interface CategoryPageProps {
  params: { locale: string; slug?: string[] };
  searchParams: { search?: string; page?: string; sort?: string };
}

export async function generateMetadata({ params }: CategoryPageProps): Promise<Metadata> {
  const last = params.slug?.at(-1);
  return { title: last ? slugToTitle(last) : undefined };
}

export default async function CategoryPage({ params, searchParams }: CategoryPageProps) {
  const t = await getTranslations('category');
  const sdk = getSdk();
  const category = params.slug?.at(-1);
  const currentPage = Number(searchParams.page ?? '1');

  const { products, pagination, facets } = await sdk.unified.searchProducts({
    category,
    search: searchParams.search,
    currentPage,
    pageSize: 24,
    sortBy: searchParams.sort ?? 'relevant',
  });

  const title = searchParams.search
    ? t('searchResults', { phrase: searchParams.search })
    : category
      ? slugToTitle(category)
      : t('allProducts');

  return (
    <div className="container-page py-10">
      <h1 className="typography-headline-2">{title}</h1>
      <p className="mt-1 text-sm text-neutral-500">{t('productCount', { count: pagination.totalResults })}</p>

      <div className="mt-8 grid gap-8 lg:grid-cols-[16rem_1fr]">
        <aside aria-label={t('filters')} className="hidden lg:block">
          {facets.map((facet) => (
            <details key={facet.name} open className="border-b border-neutral-100 py-4">
              <summary className="cursor-pointer text-sm font-semibold">{facet.label}</summary>
              <ul className="mt-3 space-y-2 text-sm">
                {facet.values.map((value) => (
                  <li key={value.value} className="flex justify-between text-neutral-700">
                    <span>{value.label}</span>
                    <span className="text-neutral-500">{value.productCount}</span>
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </aside>
        <ProductGrid products={products} emptyLabel={t('empty')} />
      </div>
    </div>
  );
}
