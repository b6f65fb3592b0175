export type CurrencyCode = 'USD';

export interface CurrencyConfig {
  code: CurrencyCode;
  symbol: string;
  /** BCP 47 locale used by Intl.NumberFormat for this currency. */
  locale: string;
  fractionDigits: number;
}

export const currencies: CurrencyConfig[] = [
  // The US shop sells in dollars only; prices come from the fashion-us price list.
  { code: 'USD', symbol: '$', locale: 'en-US', fractionDigits: 2 },
];

export const defaultCurrency: CurrencyCode = 'USD';

/** Show the currency switcher only when there is something to switch to. */
export const showCurrencySwitcher = currencies.length > 1;

export function getCurrencyConfig(code: string): CurrencyConfig {
  return currencies.find((currency) => currency.code === code) ?? currencies[0];
}
