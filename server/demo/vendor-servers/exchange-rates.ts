import { customerOf, DEMO_CUSTOMERS } from '../customers';

/**
 * The simulated company keeps its books in CNY (its ERP company's and its CRM org's corporate currency). A few of
 * its customers are abroad and are quoted and billed in their own currency, so the vendors hold some records in a
 * foreign currency next to the vendor's own CNY figure, as a real ERP and CRM do.
 */
export const BOOKS_CURRENCY = 'CNY';

/** The currency the orders and deals of a customer (by its key, customers.ts) are in: the books' unless it is abroad. */
export const currencyOf = (accountKey: string | undefined): string => customerOf(accountKey)?.currency ?? BOOKS_CURRENCY;

/** Customers abroad (by their everyday name), and the currency their orders and deals are in. */
export const FOREIGN_CUSTOMERS: Readonly<Record<string, string>> = Object.fromEntries(
  DEMO_CUSTOMERS.filter((c) => c.currency !== BOOKS_CURRENCY).map((c) => [c.short, c.currency]));

/** The currencies other than the books' that some customers are quoted and billed in. */
export const FOREIGN_CURRENCIES: readonly string[] = [...new Set(Object.values(FOREIGN_CUSTOMERS))].sort();

/** CNY per unit, around which each rate moves. */
export const CENTRE_RATES: Readonly<Record<string, number>> = { USD: 7.18, EUR: 7.82, HKD: 0.92 };
const DAY = 86_400_000;

/**
 * CNY per unit of `currency` on a calendar day (YYYY-MM-DD), to 4 decimals: its centre rate, swinging ±1.5 % over
 * about two months, the same every run. The books' own currency is 1.
 */
export function cnyPer(currency: string, date: string): number {
  const centre = CENTRE_RATES[currency];
  if (centre === undefined) return 1;
  const day = Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY);
  const phase = currency.charCodeAt(0); // each currency swings on its own
  return Math.round(centre * (1 + 0.015 * Math.sin((2 * Math.PI * day) / 61 + phase)) * 10_000) / 10_000;
}

/** Half away from zero to `decimals` places, as a vendor rounds a converted amount. */
export function roundTo(n: number, decimals: number): number {
  const units = Math.round(Number(`${Math.abs(n)}e${decimals}`));
  return Math.sign(n) * Number(`${units}e-${decimals}`);
}
