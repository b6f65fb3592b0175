import Image from 'next/image';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { theme } from '@/config/theme';

import { CartButton } from './CartButton';
import { Navigation } from './Navigation';
import { SearchBar } from './SearchBar';

export function Header() {
  const t = useTranslations('navigation');

  return (
    <header className="sticky top-0 z-40 h-[var(--header-height)] border-b border-neutral-100 bg-white">
      <div className="container-page flex h-full items-center gap-6">
        <Link href="/" className="focus-ring shrink-0" aria-label={t('home')}>
          <Image src={theme.logo.src} alt={theme.logo.alt} width={theme.logo.width} height={theme.logo.height} priority />
        </Link>

        <Navigation />

        <div className="ml-auto flex items-center gap-2">
          <SearchBar className="hidden md:block" />
          <Link
            href="/wishlist"
            className="focus-ring rounded-brand p-2 text-neutral-700 hover:bg-neutral-100"
            aria-label={t('wishlist')}
          >
            ♡
          </Link>
          <Link
            href="/login"
            className="focus-ring rounded-brand p-2 text-neutral-700 hover:bg-neutral-100"
            aria-label={t('account')}
          >
            👤
          </Link>
          <CartButton />
        </div>
      </div>
    </header>
  );
}
