import { cn } from '@/lib/utils';

interface StarRatingProps {
  value: number;
  max?: number;
  size?: 'sm' | 'base';
  className?: string;
}

export function StarRating({ value, max = 5, size = 'base', className }: StarRatingProps) {
  const rounded = Math.round(value * 2) / 2;

  return (
    <span
      role="img"
      aria-label={`${rounded} / ${max}`}
      className={cn('inline-flex text-amber-500', size === 'sm' ? 'text-sm' : 'text-lg', className)}
    >
      {Array.from({ length: max }, (_, index) => {
        const filled = index + 1 <= rounded;
        const half = !filled && index + 0.5 === rounded;
        return (
          <span key={index} aria-hidden="true" className={cn(!filled && !half && 'text-neutral-300')}>
            {half ? '⯪' : '★'}
          </span>
        );
      })}
    </span>
  );
}
