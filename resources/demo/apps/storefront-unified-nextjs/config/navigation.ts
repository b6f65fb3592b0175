export interface NavItem {
  label: string;
  href: string;
  children?: NavItem[];
}

/**
 * Top navigation. Labels are catalogue category names, which the commerce
 * backend already returns in the shop language.
 */
export const mainNavigation: NavItem[] = [
  { label: 'New arrivals', href: '/category/new-arrivals' },
  {
    label: 'Clothing',
    href: '/category/clothing',
    children: [
      { label: 'Tops', href: '/category/clothing/tops' },
      { label: 'Trousers', href: '/category/clothing/trousers' },
      { label: 'Jackets', href: '/category/clothing/jackets' },
    ],
  },
  { label: 'Shoes', href: '/category/shoes' },
  { label: 'Accessories', href: '/category/accessories' },
  { label: 'Sale', href: '/category/sale' },
];

export const footerNavigation: Record<'help' | 'company', NavItem[]> = {
  help: [
    { label: 'Shipping', href: '/help/shipping' },
    { label: 'Returns', href: '/help/returns' },
    { label: 'Contact', href: '/help/contact' },
  ],
  company: [
    { label: 'About us', href: '/about' },
    { label: 'Careers', href: '/careers' },
    { label: 'Privacy', href: '/privacy' },
  ],
};
