export type CurrencyCode = 'EUR';

export interface CurrencyConfig {
  code: CurrencyCode;
  symbol: string;
  /** BCP 47 locale used by Intl.NumberFormat for this currency. */
  locale: string;
  fractionDigits: number;
}

export const currencies: CurrencyConfig[] = [
  // All EU shops settle in euro; number formatting follows the shop locale.
  { code: 'EUR', symbol: '€', locale: 'de-DE', fractionDigits: 2 },
];

export const defaultCurrency: CurrencyCode = 'EUR';

/** Show the currency switcher only when there is something to switch to. */
export const showCurrencySwitcher = currencies.length > 1;

export function getCurrencyConfig(code: string): CurrencyConfig {
  return currencies.find((currency) => currency.code === code) ?? currencies[0];
}
