import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { type Look, Lookbook } from '@/components/lookbook/Lookbook';
import { getSdk } from '@/sdk';

export const metadata: Metadata = {
  title: 'Lookbook',
};

export const revalidate = 3600;

interface LookbookEntry {
  season: string;
  looks: Look[];
}

export default async function LookbookPage({ params }: { params: { locale: string } }) {
  const sdk = getSdk();
  const page = await sdk.unifiedCms.getPage<LookbookEntry>({ path: '/lookbook', locale: params.locale });

  if (!page?.componentsAboveFold) {
    notFound();
  }

  const [entry] = page.componentsAboveFold;

  return <Lookbook season={entry.season} looks={entry.looks} />;
}
