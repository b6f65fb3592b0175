'use client';

import { useCallback, useSyncExternalStore } from 'react';

const STORAGE_KEY = 'voltix:compare';
const CHANGE_EVENT = 'voltix:compare-change';
export const COMPARE_LIMIT = 4;

function read(): string {
  return typeof window === 'undefined' ? '[]' : window.localStorage.getItem(STORAGE_KEY) ?? '[]';
}

function subscribe(onChange: () => void) {
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

export function useCompare() {
  const raw = useSyncExternalStore(subscribe, read, () => '[]');
  const productIds = JSON.parse(raw) as string[];

  const save = useCallback((next: string[]) => {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);

  const toggle = useCallback(
    (productId: string) => {
      if (productIds.includes(productId)) {
        save(productIds.filter((id) => id !== productId));
      } else if (productIds.length < COMPARE_LIMIT) {
        save([...productIds, productId]);
      }
    },
    [productIds, save],
  );

  return {
    productIds,
    isFull: productIds.length >= COMPARE_LIMIT,
    has: (productId: string) => productIds.includes(productId),
    toggle,
    clear: () => save([]),
  };
}
