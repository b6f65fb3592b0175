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
    label: 'Women',
    href: '/category/women',
    children: [
      { label: 'Dresses', href: '/category/women/dresses' },
      { label: 'Knitwear', href: '/category/women/knitwear' },
      { label: 'Pants', href: '/category/women/pants' },
    ],
  },
  {
    label: 'Men',
    href: '/category/men',
    children: [
      { label: 'Shirts', href: '/category/men/shirts' },
      { label: 'Pants', href: '/category/men/pants' },
      { label: 'Outerwear', href: '/category/men/outerwear' },
    ],
  },
  { label: 'Shoes', href: '/category/shoes' },
  { label: 'Accessories', href: '/category/accessories' },
  { label: 'Lookbook', href: '/lookbook' },
  { label: 'Sale', href: '/category/sale' },
];

export const footerNavigation: Record<'help' | 'company', NavItem[]> = {
  help: [
    { label: 'Shipping', href: '/help/shipping' },
    { label: 'Size guide', href: '/help/size-guide' },
    { label: 'Returns', href: '/help/returns' },
    { label: 'Contact', href: '/help/contact' },
  ],
  company: [
    { label: 'Our ateliers', href: '/about' },
    { label: 'Sustainability', href: '/sustainability' },
    { label: 'Careers', href: '/careers' },
    { label: 'Privacy', href: '/privacy' },
  ],
};
