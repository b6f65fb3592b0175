'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useSdk } from '@/sdk';

const CART_QUERY_KEY = ['cart'] as const;

export function useCart() {
  const sdk = useSdk();

  return useQuery({
    queryKey: CART_QUERY_KEY,
    queryFn: () => sdk.unified.getCart(),
    staleTime: 30_000,
  });
}

export function useAddToCart() {
  const sdk = useSdk();
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: ({ productId, sku, quantity }: { productId: string; sku: string; quantity: number }) =>
      sdk.unified.addCartLineItem({ productId, sku, quantity }),
    onSuccess: (cart) => queryClient.setQueryData(CART_QUERY_KEY, cart),
  });
}

export function useUpdateCartQuantity() {
  const sdk = useSdk();
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: ({ lineItemId, quantity }: { lineItemId: string; quantity: number }) =>
      quantity > 0
        ? sdk.unified.updateCartLineItem({ lineItemId, updateCartLineItem: { quantity } })
        : sdk.unified.removeCartLineItem({ lineItemId }),
    onSuccess: (cart) => queryClient.setQueryData(CART_QUERY_KEY, cart),
  });
}

export function useCartCount(): number {
  const { data: cart } = useCart();
  return cart?.totalProductQuantity ?? 0;
}
