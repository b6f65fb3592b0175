import Image from 'next/image';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { theme } from '@/config/theme';
import { locales } from '@/i18n';

import { CartButton } from './CartButton';
import { LocaleSwitcher } from './LocaleSwitcher';
import { TrustedShopsBadge } from './TrustedShopsBadge';
import { Navigation } from './Navigation';
import { SearchBar } from './SearchBar';

export function Header() {
  const t = useTranslations('navigation');

  return (
    <header className="sticky top-0 z-40 h-[var(--header-height)] border-b border-neutral-900 bg-white">
      <div className="container-page grid h-16 grid-cols-[1fr_auto_1fr] items-center">
        <div className="flex items-center gap-4">
          <SearchBar className="hidden md:block" />
          <TrustedShopsBadge />
        </div>

        <Link href="/" className="focus-ring col-start-2 justify-self-center" aria-label={t('home')}>
          <Image src={theme.logo.src} alt={theme.logo.alt} width={theme.logo.width} height={theme.logo.height} priority />
        </Link>

        <div className="col-start-3 flex items-center justify-self-end gap-1">
          <LocaleSwitcher locales={locales} />
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

      <div className="container-page flex h-10 justify-center border-t border-neutral-100 text-xs uppercase tracking-[0.2em]">
        <Navigation />
      </div>
    </header>
  );
}
