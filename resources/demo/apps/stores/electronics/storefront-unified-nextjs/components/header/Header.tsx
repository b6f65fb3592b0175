import Image from 'next/image';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { CompareLink } from '@/components/compare/CompareLink';
import { theme } from '@/config/theme';

import { CartButton } from './CartButton';
import { Navigation } from './Navigation';
import { SearchBar } from './SearchBar';

export function Header() {
  const t = useTranslations('navigation');

  return (
    <header className="sticky top-0 z-40 bg-neutral-900 text-white">
      <div className="container-page flex h-16 items-center gap-6">
        <Link href="/" className="focus-ring shrink-0" aria-label={t('home')}>
          <Image src={theme.logo.src} alt={theme.logo.alt} width={theme.logo.width} height={theme.logo.height} priority />
        </Link>

        <SearchBar className="hidden flex-1 md:block [&_input]:w-full [&_input]:bg-white [&_input]:text-neutral-900" />

        <div className="ml-auto flex items-center gap-2 [&_a]:text-white [&_a:hover]:bg-neutral-700">
          <CompareLink />
          <Link href="/wishlist" className="focus-ring rounded-brand p-2" aria-label={t('wishlist')}>
            ♡
          </Link>
          <Link href="/login" className="focus-ring rounded-brand p-2" aria-label={t('account')}>
            👤
          </Link>
          <CartButton />
        </div>
      </div>

      <div className="bg-primary-700">
        <div className="container-page h-10 [&_a]:text-white [&_a:hover]:text-secondary-100">
          <Navigation />
        </div>
      </div>
    </header>
  );
}
