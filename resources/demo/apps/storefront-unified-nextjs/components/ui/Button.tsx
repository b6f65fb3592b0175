import type { ButtonHTMLAttributes, ReactNode } from 'react';

import { cn } from '@/lib/utils';

type Variant = 'primary' | 'secondary' | 'tertiary';
type Size = 'sm' | 'base' | 'lg';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: Size;
  slotPrefix?: ReactNode;
  square?: boolean;
}

const variantClasses: Record<Variant, string> = {
  primary: 'bg-primary-700 text-white hover:bg-primary-800 active:bg-primary-900 disabled:bg-neutral-300',
  secondary:
    'border border-primary-700 text-primary-700 hover:bg-primary-100 active:bg-primary-200 disabled:border-neutral-300',
  tertiary: 'text-primary-700 hover:bg-primary-100 active:bg-primary-200 disabled:text-neutral-300',
};

const sizeClasses: Record<Size, string> = {
  sm: 'h-8 px-3 text-sm gap-1.5',
  base: 'h-10 px-4 text-base gap-2',
  lg: 'h-12 px-6 text-lg gap-3',
};

export function Button({
  variant = 'primary',
  size = 'base',
  square = false,
  slotPrefix,
  className,
  children,
  type = 'button',
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={cn(
        'focus-ring inline-flex items-center justify-center rounded-brand font-medium transition-colors',
        'disabled:cursor-not-allowed',
        variantClasses[variant],
        sizeClasses[size],
        square && 'aspect-square px-0',
        className,
      )}
      {...rest}
    >
      {slotPrefix}
      {children}
    </button>
  );
}
