import { describe, expect, it } from 'vitest';
import { currencyConfigSchema } from './config';

/** Every problem of a section as `path: message`. */
function problems(section: unknown): string[] {
  const result = currencyConfigSchema.safeParse(section);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the currency section', () => {
  it('defaults to CNY and no rates', () => {
    expect(currencyConfigSchema.parse({})).toEqual({ reporting: 'CNY', rates: {} });
  });

  it('takes plain and dated rates as written', () => {
    const section = { reporting: 'CNY', rates: { USD: 7.1, EUR: [{ from: '2026-01-01', rate: 7.8 }, { from: '2026-07-01', rate: 7.7 }] } };
    expect(currencyConfigSchema.parse(section)).toEqual(section);
  });

  it('names a currency code that is not three capitals, in the reporting currency and in the rates', () => {
    expect(problems({ reporting: 'rmb' })).toEqual(['reporting: expected an ISO 4217 currency code in capitals, such as "CNY" or "USD"']);
    expect(problems({ rates: { usd: 7.1 } })).toEqual(['rates.usd: "usd": expected an ISO 4217 currency code in capitals, such as "CNY" or "USD"']);
  });

  it('refuses a rate for the reporting currency itself', () => {
    expect(problems({ reporting: 'USD', rates: { USD: 1 } })).toEqual(['rates.USD: USD is the reporting currency: its amounts are taken as they are, so it has no rate']);
  });

  it('says what a rate is when it is not a positive number or a list', () => {
    expect(problems({ rates: { USD: '7.1' } })).toEqual(['rates.USD: expected a rate (a number such as 7.1) or dated rates [{ "from": "2026-01-01", "rate": 7.8 }, …]']);
    expect(problems({ rates: { USD: 0 } })).toEqual(['rates.USD: expected a rate above 0: how many units of the reporting currency one unit of this currency is worth']);
    expect(problems({ rates: { USD: [] } })).toEqual(['rates.USD: expected at least one dated rate { "from": "2026-01-01", "rate": 7.8 }']);
  });

  it('names the dated entry that is wrong: its date, its rate, a field it does not know, its order', () => {
    expect(problems({ rates: { EUR: [{ from: '2026-02-30', rate: 7.8 }] } })).toEqual(['rates.EUR.0.from: expected a calendar date such as "2026-01-01"']);
    expect(problems({ rates: { EUR: [{ from: '2026-01-01', rate: -7.8 }] } }))
      .toEqual(['rates.EUR.0.rate: expected a rate above 0: how many units of the reporting currency one unit of this currency is worth']);
    expect(problems({ rates: { EUR: [{ from: '2026-01-01', rate: 7.8, to: '2026-06-30' }] } })[0]).toMatch(/^rates\.EUR\.0: .*"to"/);
    expect(problems({ rates: { EUR: [{ from: '2026-07-01', rate: 7.7 }, { from: '2026-01-01', rate: 7.8 }] } }))
      .toEqual(['rates.EUR.1.from: expected a date after 2026-07-01 (entry 0): dated rates are listed oldest first, one per date']);
    expect(problems({ rates: { EUR: [{ from: '2026-01-01', rate: 7.8 }, { from: '2026-01-01', rate: 7.7 }] } }))
      .toEqual(['rates.EUR.1.from: expected a date after 2026-01-01 (entry 0): dated rates are listed oldest first, one per date']);
  });

  it('refuses a field it does not know', () => {
    expect(problems({ reporting: 'CNY', rate: { USD: 7 } })[0]).toMatch(/"rate"/);
  });
});
