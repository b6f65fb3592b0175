import type { ReactNode } from 'react';

import { cn } from '@/lib/utils';

interface BadgeProps {
  children: ReactNode;
  tone?: 'sale' | 'new' | 'neutral';
  className?: string;
}

const toneClasses = {
  sale: 'bg-red-600 text-white',
  new: 'bg-secondary-700 text-white',
  neutral: 'bg-neutral-100 text-neutral-700',
} as const;

export function Badge({ children, tone = 'neutral', className }: BadgeProps) {
  return (
    <span
      className={cn(
        'inline-flex items-center rounded-brand px-2 py-0.5 text-xs font-semibold uppercase tracking-wide',
        toneClasses[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
