'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useLocale } from 'next-intl';
import { type ChangeEvent, useTransition } from 'react';

const labels: Record<string, string> = {
  de: 'Deutsch',
  en: 'English',
  fr: 'Français',
};

export function LocaleSwitcher({ locales }: { locales: readonly string[] }) {
  const locale = useLocale();
  const pathname = usePathname();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();

  function handleChange(event: ChangeEvent<HTMLSelectElement>) {
    const next = event.target.value;
    const withoutLocale = pathname.replace(new RegExp(`^/(${locales.join('|')})(?=/|$)`), '') || '/';
    document.cookie = `NEXT_LOCALE=${next}; path=/; max-age=31536000; samesite=lax`;
    startTransition(() => router.replace(`/${next}${withoutLocale === '/' ? '' : withoutLocale}`));
  }

  return (
    <select
      value={locale}
      onChange={handleChange}
      disabled={isPending}
      aria-label="Language"
      className="focus-ring h-9 bg-transparent px-2 text-xs uppercase tracking-widest"
      data-testid="locale-switcher"
    >
      {locales.map((code) => (
        <option key={code} value={code}>
          {labels[code] ?? code}
        </option>
      ))}
    </select>
  );
}
