'use client';

import { useEffect, useState } from 'react';

function remaining(endsAt: string): number {
  return Math.max(0, new Date(endsAt).getTime() - Date.now());
}

function pad(value: number): string {
  return value.toString().padStart(2, '0');
}

export function Countdown({ endsAt }: { endsAt: string }) {
  const [ms, setMs] = useState(() => remaining(endsAt));

  useEffect(() => {
    const timer = window.setInterval(() => setMs(remaining(endsAt)), 1000);
    return () => window.clearInterval(timer);
  }, [endsAt]);

  if (ms === 0) return null;

  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);

  return (
    <time dateTime={endsAt} className="rounded-brand bg-white/15 px-2 py-0.5 font-mono tabular-nums">
      {pad(hours)}:{pad(minutes)}:{pad(seconds)}
    </time>
  );
}
