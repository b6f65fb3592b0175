import type { SfProductReview } from '@vsf-enterprise/unified-api-sapcc';
import { useFormatter, useTranslations } from 'next-intl';

import { StarRating } from '@/components/ui/StarRating';

interface ReviewListProps {
  reviews: SfProductReview[];
}

export function ReviewList({ reviews }: ReviewListProps) {
  const t = useTranslations('reviews');
  const format = useFormatter();

  if (reviews.length === 0) {
    return <p className="text-neutral-500">{t('empty')}</p>;
  }

  return (
    <ul className="divide-y divide-neutral-100" data-testid="review-list">
      {reviews.map((review) => (
        <li key={review.id} className="py-6">
          <div className="flex items-center justify-between gap-4">
            <StarRating value={review.rating ?? 0} size="sm" />
            {review.createdAt && (
              <time dateTime={review.createdAt} className="text-xs text-neutral-500">
                {format.dateTime(new Date(review.createdAt), { dateStyle: 'medium' })}
              </time>
            )}
          </div>
          {review.title && <h3 className="mt-2 font-semibold">{review.title}</h3>}
          <p className="mt-1 text-sm text-neutral-700">{review.text}</p>
          <p className="mt-2 text-xs text-neutral-500">{t('by', { author: review.reviewer ?? t('anonymous') })}</p>
        </li>
      ))}
    </ul>
  );
}
