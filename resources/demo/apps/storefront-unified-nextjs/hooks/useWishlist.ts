'use client';

import { useCallback, useEffect, useState } from 'react';

const STORAGE_KEY = 'alokai:wishlist';

function readStorage(): string[] {
  if (typeof window === 'undefined') return [];
  try {
    return JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}

export function useWishlist() {
  const [productIds, setProductIds] = useState<string[]>([]);

  useEffect(() => {
    setProductIds(readStorage());
  }, []);

  const persist = useCallback((next: string[]) => {
    setProductIds(next);
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  }, []);

  const toggle = useCallback(
    (productId: string) => {
      persist(
        productIds.includes(productId)
          ? productIds.filter((id) => id !== productId)
          : [...productIds, productId],
      );
    },
    [persist, productIds],
  );

  return {
    productIds,
    count: productIds.length,
    has: (productId: string) => productIds.includes(productId),
    toggle,
  };
}
