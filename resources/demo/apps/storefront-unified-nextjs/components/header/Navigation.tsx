import Link from 'next/link';

import { mainNavigation } from '@/config/navigation';

export function Navigation() {
  return (
    <nav aria-label="Main" className="hidden h-full lg:block">
      <ul className="flex h-full items-center gap-1">
        {mainNavigation.map((item) => (
          <li key={item.href} className="group relative h-full">
            <Link
              href={item.href}
              className="focus-ring flex h-full items-center px-3 text-sm font-medium text-neutral-700 hover:text-primary-700"
            >
              {item.label}
            </Link>
            {item.children && (
              <ul className="invisible absolute left-0 top-full min-w-48 rounded-b-brand border border-neutral-100 bg-white py-2 shadow-lg group-hover:visible group-focus-within:visible">
                {item.children.map((child) => (
                  <li key={child.href}>
                    <Link href={child.href} className="block px-4 py-2 text-sm hover:bg-neutral-50">
                      {child.label}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
