import Link from 'next/link';
import { useTranslations } from 'next-intl';

export default function NotFound() {
  const t = useTranslations('notFound');

  return (
    <main className="container-page flex flex-1 flex-col items-center justify-center gap-4 py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-widest text-primary-700">404</p>
      <h1 className="typography-headline-2">{t('title')}</h1>
      <p className="max-w-md text-neutral-500">{t('description')}</p>
      <Link
        href="/"
        className="focus-ring mt-4 rounded-brand bg-primary-700 px-6 py-3 font-medium text-white hover:bg-primary-800"
      >
        {t('backHome')}
      </Link>
    </main>
  );
}
