/**
 * Money in one currency: the config section (reporting currency and rates) and the pure conversion every
 * order and deal passes through at ingest, and again at start when the section changed (docs/metrics.md § Money).
 */
export { currencyCode, currencyConfigSchema, type CurrencyConfig, type RateEntry } from './config';
export { createMoney, localDate, rateOn, roundCents, roundMoney, type Money } from './convert';
export { amountsWithoutRate, tallyWithoutRate, withoutRate } from './without-rate';
