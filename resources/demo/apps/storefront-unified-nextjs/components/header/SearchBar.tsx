'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';

import { cn } from '@/lib/utils';

export function SearchBar({ className }: { className?: string }) {
  const t = useTranslations('navigation');
  const router = useRouter();
  const [phrase, setPhrase] = useState('');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = phrase.trim();
    if (trimmed) {
      router.push(`/category?search=${encodeURIComponent(trimmed)}`);
    }
  }

  return (
    <form role="search" onSubmit={handleSubmit} className={cn('relative', className)}>
      <input
        type="search"
        value={phrase}
        onChange={(event) => setPhrase(event.target.value)}
        placeholder={t('search')}
        aria-label={t('search')}
        className="focus-ring h-10 w-64 rounded-brand border border-neutral-300 pl-3 pr-10 text-sm"
      />
      <button type="submit" className="absolute right-0 top-0 h-10 w-10 text-neutral-500" aria-label={t('search')}>
        ⌕
      </button>
    </form>
  );
}
