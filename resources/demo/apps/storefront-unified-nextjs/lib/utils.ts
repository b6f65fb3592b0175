import classNames from 'classnames';

export const cn = classNames;

/** Builds a locale-aware href; the default locale has no prefix (localePrefix: 'as-needed'). */
export function localizedHref(locale: string, defaultLocale: string, path: string): string {
  const normalized = path.startsWith('/') ? path : `/${path}`;
  return locale === defaultLocale ? normalized : `/${locale}${normalized}`;
}

export function slugToTitle(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
