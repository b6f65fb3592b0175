export type CurrencyCode = 'USD' | 'EUR' | 'GBP';

export interface CurrencyConfig {
  code: CurrencyCode;
  symbol: string;
  /** BCP 47 locale used by Intl.NumberFormat for this currency. */
  locale: string;
  fractionDigits: number;
}

export const currencies: CurrencyConfig[] = [
  { code: 'USD', symbol: '$', locale: 'en-US', fractionDigits: 2 },
  { code: 'EUR', symbol: '€', locale: 'de-DE', fractionDigits: 2 },
  { code: 'GBP', symbol: '£', locale: 'en-GB', fractionDigits: 2 },
];

export const defaultCurrency: CurrencyCode = 'USD';

/** Show the currency switcher only when there is something to switch to. */
export const showCurrencySwitcher = currencies.length > 1;

export function getCurrencyConfig(code: string): CurrencyConfig {
  return currencies.find((currency) => currency.code === code) ?? currencies[0];
}
