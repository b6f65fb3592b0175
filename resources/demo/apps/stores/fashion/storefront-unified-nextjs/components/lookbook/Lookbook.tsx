import Image from 'next/image';
import Link from 'next/link';

export interface Look {
  id: string;
  title: string;
  image: { url: string; alt: string };
  productSlugs: string[];
}

interface LookbookProps {
  season: string;
  looks: Look[];
}

export function Lookbook({ season, looks }: LookbookProps) {
  return (
    <section className="container-page py-12" aria-labelledby="lookbook-heading">
      <p className="text-xs uppercase tracking-[0.3em] text-secondary-500">{season}</p>
      <h1 id="lookbook-heading" className="typography-headline-2 mt-2">
        Lookbook
      </h1>

      <ul className="mt-10 grid gap-x-6 gap-y-12 md:grid-cols-2 xl:grid-cols-3">
        {looks.map((look, index) => (
          <li key={look.id} className={index % 3 === 1 ? 'md:mt-16' : undefined}>
            <figure>
              <Image
                src={look.image.url}
                alt={look.image.alt}
                width={600}
                height={900}
                className="aspect-[2/3] w-full object-cover"
                priority={index < 2}
              />
              <figcaption className="mt-4 flex items-baseline justify-between">
                <span className="font-headings text-lg">{look.title}</span>
                <Link href={`/product/${look.productSlugs[0]}`} className="link-underline text-xs uppercase tracking-widest">
                  Shop the look ({look.productSlugs.length})
                </Link>
              </figcaption>
            </figure>
          </li>
        ))}
      </ul>
    </section>
  );
}
