import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { footerNavigation } from '@/config/navigation';
import { theme } from '@/config/theme';

export function Footer() {
  const t = useTranslations('footer');
  const year = new Date().getFullYear();

  return (
    <footer className="mt-16 bg-neutral-900 text-neutral-100">
      <div className="container-page grid gap-8 py-12 md:grid-cols-3">
        <div>
          <p className="font-headings text-lg font-semibold">{theme.name}</p>
          <p className="mt-2 max-w-xs text-sm text-neutral-300">{t('tagline')}</p>
        </div>
        {(Object.keys(footerNavigation) as Array<keyof typeof footerNavigation>).map((group) => (
          <div key={group}>
            <h2 className="text-sm font-semibold uppercase tracking-wider text-neutral-300">{t(group)}</h2>
            <ul className="mt-4 space-y-2">
              {footerNavigation[group].map((link) => (
                <li key={link.href}>
                  <Link href={link.href} className="text-sm hover:underline">
                    {link.label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      <div className="border-t border-neutral-700">
        <p className="container-page py-4 text-xs text-neutral-500">
          © {year} {theme.name}. {t('rights')}
        </p>
      </div>
    </footer>
  );
}
