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
  {
    label: 'Laptops',
    href: '/category/laptops',
    children: [
      { label: 'Ultrabooks', href: '/category/laptops/ultrabooks' },
      { label: 'Gaming', href: '/category/laptops/gaming' },
      { label: 'Workstations', href: '/category/laptops/workstations' },
    ],
  },
  {
    label: 'Phones & tablets',
    href: '/category/phones-tablets',
    children: [
      { label: 'Smartphones', href: '/category/phones-tablets/smartphones' },
      { label: 'Tablets', href: '/category/phones-tablets/tablets' },
    ],
  },
  { label: 'Audio', href: '/category/audio' },
  { label: 'Smart home', href: '/category/smart-home' },
  { label: 'Deals', href: '/category/deals' },
];

export const footerNavigation: Record<'help' | 'company', NavItem[]> = {
  help: [
    { label: 'Shipping', href: '/help/shipping' },
    { label: 'Returns', href: '/help/returns' },
    { label: 'Warranty & repairs', href: '/help/warranty' },
    { label: 'Price match', href: '/help/price-match' },
    { label: 'Contact', href: '/help/contact' },
  ],
  company: [
    { label: 'About us', href: '/about' },
    { label: 'Careers', href: '/careers' },
    { label: 'Privacy', href: '/privacy' },
  ],
};
