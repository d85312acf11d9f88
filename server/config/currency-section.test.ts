import { describe, expect, it } from 'vitest';
import { FOREIGN_CUSTOMERS } from '../demo/vendor-servers/exchange-rates';
import { ConfigError, DEMO_CONFIG, parseConfig } from '.';

describe('the config file\'s currency section', () => {
  it('defaults to CNY with no rates', () => {
    expect(parseConfig({}).currency).toEqual({ reporting: 'CNY', rates: {} });
  });

  it('names each problem by its path in the file', () => {
    const raw = { currency: { reporting: 'yuan', rates: { USD: -1, EUR: [{ from: '2026-07-01', rate: 7.7 }, { from: '2026-01-01', rate: 7.8 }] } } };
    let error: unknown;
    try { parseConfig(raw, 'ops.json'); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { path: 'currency.reporting', message: 'expected an ISO 4217 currency code in capitals, such as "CNY" or "USD"' },
      { path: 'currency.rates.USD', message: 'expected a rate above 0: how many units of the reporting currency one unit of this currency is worth' },
      { path: 'currency.rates.EUR[1].from', message: 'expected a date after 2026-07-01 (entry 0): dated rates are listed oldest first, one per date' },
    ]);
  });

  it('gives the demo, in CNY, a rate for every currency its simulated vendors sell in', () => {
    const { currency } = parseConfig(DEMO_CONFIG);
    expect(currency.reporting).toBe('CNY');
    const sold = new Set(Object.values(FOREIGN_CUSTOMERS));
    expect(sold.size).toBeGreaterThan(0);
    for (const code of sold) expect(currency.rates, code).toHaveProperty(code);
  });
});
