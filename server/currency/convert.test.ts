import { describe, expect, it } from 'vitest';
import type { Deal, Order, Ticket } from '../model';
import { currencyConfigSchema } from './config';
import { createMoney, localDate, rateOn, roundCents } from './convert';

const ZONE = 'Asia/Shanghai'; // UTC+8 all year: the local date turns at 16:00Z
const EUR = [{ from: '2026-01-01', rate: 7.8 }, { from: '2026-07-01', rate: 7.7 }];
const money = createMoney(currencyConfigSchema.parse({ reporting: 'CNY', rates: { USD: 7.1, EUR } }), ZONE);

const AT = '2026-03-10T02:00:00.000Z';
const order = (over: Partial<Order>): Order => ({ type: 'order', id: 'o1', status: 'new', amount: 100, created_at: AT, updated_at: AT, ...over });
const converted = (over: Partial<Order>) => money.convert(order(over)).amount_reporting;

describe('roundCents', () => {
  it('rounds half away from zero on the decimal digits', () => {
    expect(roundCents(1.005)).toBe(1.01); // Math.round(1.005 * 100) / 100 would give 1 (1.005 is 1.00499999… in binary)
    expect(roundCents(-1.005)).toBe(-1.01);
    expect(roundCents(0.125)).toBe(0.13);
    expect(roundCents(100 * 7.1)).toBe(710); // 710.0000000000001 in floating point
    expect(roundCents(87.6449)).toBe(87.64);
    expect(roundCents(1e-7)).toBe(0);
    expect(roundCents(123_456_789_012.345)).toBe(123_456_789_012.35);
  });
});

describe('localDate and rateOn', () => {
  it('takes the calendar date in the zone', () => {
    expect(localDate('2026-06-30T15:59:59Z', ZONE)).toBe('2026-06-30'); // 23:59:59 local
    expect(localDate('2026-06-30T16:00:00Z', ZONE)).toBe('2026-07-01'); // 00:00 local
  });
  it('finds the dated rate in force on a day, none before the first', () => {
    expect(rateOn(EUR, '2026-06-30')).toBe(7.8);
    expect(rateOn(EUR, '2026-07-01')).toBe(7.7); // in force from its own date
    expect(rateOn(EUR, '2027-03-01')).toBe(7.7);
    expect(rateOn(EUR, '2025-12-31')).toBeUndefined();
    expect(rateOn(7.1, '1999-01-01')).toBe(7.1);
    expect(rateOn(undefined, '2026-01-01')).toBeUndefined();
  });
});

describe('convert: the amount in the reporting currency', () => {
  it('takes an amount in the reporting currency as it is', () => {
    expect(converted({ currency: 'CNY', amount: 123.456 })).toBe(123.456);
  });

  it('converts with the rate, to the cent', () => {
    expect(converted({ currency: 'USD', amount: 100 })).toBe(710); // 100 × 7.1
    expect(converted({ currency: 'USD', amount: 12.345 })).toBe(87.65); // 12.345 × 7.1 = 87.6495 → 87.65
    expect(converted({ currency: 'usd', amount: 10 })).toBe(71); // codes compare in capitals
    expect(converted({ currency: 'USD', amount: -20 })).toBe(-142); // a credit note converts the same
  });

  it('takes the dated rate of the local day the record was created', () => {
    expect(converted({ currency: 'EUR', created_at: '2026-06-30T15:59:59Z' })).toBe(780); // 30 June local: 100 × 7.8
    expect(converted({ currency: 'EUR', created_at: '2026-06-30T16:00:00Z' })).toBe(770); // 1 July local: 100 × 7.7
    expect(converted({ currency: 'EUR', created_at: '2025-12-31T15:00:00Z' })).toBeUndefined(); // 23:00 on 31 Dec: before the first rate
  });

  it("takes the vendor's own amount in the reporting currency first", () => {
    // ERPNext: a USD order whose company currency is CNY carries base_grand_total at the vendor's own rate.
    expect(converted({ currency: 'USD', amount: 100, base_amount: 705.5, base_currency: 'CNY' })).toBe(705.5);
    // The base amount in a currency with a rate, the transaction's without: the base amount converts (6.5 × 7.1 = 46.15).
    expect(converted({ currency: 'JPY', amount: 1000, base_amount: 6.5, base_currency: 'USD' })).toBe(46.15);
    // Both have rates: the transaction's own amount converts directly (100 × 7.8), not the base through a second rate.
    expect(converted({ currency: 'EUR', amount: 100, base_amount: 108, base_currency: 'USD' })).toBe(780);
  });

  it('leaves a record no rate covers without an amount, and one without a currency as it is', () => {
    const jpy = money.convert(order({ currency: 'JPY', amount: 1000 }));
    expect('amount_reporting' in jpy).toBe(false);
    expect(jpy).toMatchObject({ amount: 1000, currency: 'JPY' }); // the vendor's amount and currency are kept
    const bare = money.convert(order({ amount: 50 }));
    expect('amount_reporting' in bare).toBe(false); // money metrics count its amount as reporting currency
  });

  it('never trusts an amount_reporting a source sent: it is worked out again', () => {
    expect(converted({ currency: 'USD', amount: 100, amount_reporting: 1 })).toBe(710);
    expect('amount_reporting' in money.convert(order({ currency: 'JPY', amount_reporting: 1 }))).toBe(false);
    expect('amount_reporting' in money.convert(order({ amount_reporting: 1 }))).toBe(false);
  });

  it('converts deals the same, leaves tickets alone, and returns a record already right as the same object', () => {
    const deal: Deal = { type: 'deal', id: 'd1', stage: 'won', amount: 1000, currency: 'USD', created_at: AT, updated_at: AT };
    expect(money.convert(deal).amount_reporting).toBe(7100);
    const ticket: Ticket = { type: 'ticket', id: 't1', priority: 'low', status: 'open', created_at: AT, updated_at: AT };
    expect(money.convert(ticket)).toBe(ticket);
    const once = money.convert(order({ currency: 'USD' }));
    expect(money.convert(once)).toBe(once);
  });
});

describe('the fingerprint', () => {
  const of = (section: unknown, zone = ZONE) => createMoney(currencyConfigSchema.parse(section), zone).fingerprint;
  it('changes with the reporting currency or a rate, not with the order rates are written in', () => {
    const base = of({ rates: { USD: 7.1, EUR: 7.8 } });
    expect(of({ rates: { EUR: 7.8, USD: 7.1 } })).toBe(base);
    expect(of({ rates: { USD: 7.2, EUR: 7.8 } })).not.toBe(base);
    expect(of({ reporting: 'HKD', rates: { USD: 7.1, EUR: 7.8 } })).not.toBe(base);
  });
  it('changes with the zone only when a rate is dated', () => {
    expect(of({ rates: { USD: 7.1 } }, 'Europe/Berlin')).toBe(of({ rates: { USD: 7.1 } }));
    expect(of({ rates: { EUR } }, 'Europe/Berlin')).not.toBe(of({ rates: { EUR } }));
  });
});
