import { useTranslations } from 'next-intl';

import { StarRating } from '@/components/ui/StarRating';

interface ReviewSummaryProps {
  average: number;
  count: number;
  /** Number of reviews per star value, index 0 = 1 star. */
  distribution?: number[];
}

export function ReviewSummary({ average, count, distribution = [] }: ReviewSummaryProps) {
  const t = useTranslations('reviews');

  return (
    <div className="flex flex-col gap-3" data-testid="review-summary">
      <div className="flex items-center gap-3">
        <span className="text-4xl font-semibold">{average.toFixed(1)}</span>
        <div>
          <StarRating value={average} />
          <p className="text-sm text-neutral-500">{t('basedOn', { count })}</p>
        </div>
      </div>
      {distribution.length === 5 && (
        <ul className="space-y-1">
          {[5, 4, 3, 2, 1].map((stars) => {
            const share = count > 0 ? (distribution[stars - 1] / count) * 100 : 0;
            return (
              <li key={stars} className="flex items-center gap-2 text-xs">
                <span className="w-6">{stars}★</span>
                <span className="h-2 flex-1 overflow-hidden rounded-full bg-neutral-100">
                  <span className="block h-full bg-amber-500" style={{ width: `${share}%` }} />
                </span>
                <span className="w-8 text-right text-neutral-500">{distribution[stars - 1]}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
