'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';

import { Button } from '@/components/ui/Button';
import { useSdk } from '@/sdk';

export default function LoginPage() {
  const t = useTranslations('auth');
  const sdk = useSdk();
  const [error, setError] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await sdk.unified.loginCustomer({
        email: String(form.get('email')),
        password: String(form.get('password')),
      });
      window.location.assign('/');
    } catch {
      setError(t('invalidCredentials'));
    }
  }

  return (
    <main className="mx-auto flex w-full max-w-sm flex-1 flex-col justify-center gap-6 px-4 py-16">
      <h1 className="typography-headline-2 text-center">{t('title')}</h1>
      <form onSubmit={handleSubmit} className="flex flex-col gap-4">
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('email')}
          <input name="email" type="email" autoComplete="email" required className="focus-ring h-10 rounded-brand border border-neutral-300 px-3" />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" required className="focus-ring h-10 rounded-brand border border-neutral-300 px-3" />
        </label>
        {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
        <Button type="submit" size="lg">
          {t('submit')}
        </Button>
      </form>
    </main>
  );
}
