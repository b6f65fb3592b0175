import type { Metadata } from 'next';

import { Impressum } from '@legal/Impressum';

export const metadata: Metadata = {
  title: 'Impressum',
  robots: { index: true, follow: false },
};

export const dynamic = 'force-static';

export default function ImpressumPage() {
  return (
    <div className="container-page py-12">
      <Impressum />
    </div>
  );
}
