'use client';

import Script from 'next/script';

const TS_ID = process.env.NEXT_PUBLIC_TRUSTED_SHOPS_ID;

/**
 * Trusted Shops trust badge. Required by the German marketing team; the
 * widget renders itself into the container once the script has loaded.
 */
export function TrustedShopsBadge() {
  if (!TS_ID) return null;

  return (
    <>
      <div id="trustbadge-container" className="hidden h-9 w-24 xl:block" aria-label="Trusted Shops" />
      <Script
        id="trustbadge"
        src={`https://widgets.trustedshops.com/js/${TS_ID}.js`}
        strategy="lazyOnload"
        data-desktop-position="right"
        data-desktop-y-offset="0"
        data-mobile-y-offset="0"
        data-disable-mobile="true"
        data-desktop-custom-element="#trustbadge-container"
      />
    </>
  );
}
