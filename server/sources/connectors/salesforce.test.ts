import { describe, expect, it } from 'vitest';
import { conversionRate, opportunitySoql, salesforceDeal, salesforceOptionsSchema, salesforceStage, sfCurrencies, type SfOpportunity } from './salesforce';

const opts = salesforceOptionsSchema.parse({ instance_url: 'https://acme.my.salesforce.com' });
const opp: SfOpportunity = {
  Id: '006Hs00001Kx7QbIAJ', Name: 'POS rollout', StageName: 'Negotiation/Review', Amount: 48000, Probability: 90, CloseDate: '2025-03-31',
  IsClosed: false, IsWon: false, OwnerId: '005A', Owner: { Name: 'Dana Whitfield' }, CreatedDate: '2025-01-20T10:14:03.000+0000',
  LastModifiedDate: '2025-03-14T09:12:44.000+0000', SystemModstamp: '2025-03-14T09:12:44.000+0000',
};

describe('Salesforce mapping', () => {
  it('maps stages: config first, then IsWon/IsClosed, the default picklist, then probability', () => {
    expect(salesforceStage('Negotiation/Review', {})).toBe('negotiation');
    expect(salesforceStage('Negotiation/Review', { 'Negotiation/Review': 'proposal' })).toBe('proposal');
    expect(salesforceStage('Signed', {}, { isClosed: true, isWon: true })).toBe('won');
    expect(salesforceStage('Went dark', {}, { isClosed: true, isWon: false })).toBe('lost');
    expect(salesforceStage('Discovery call', {}, { probability: 20 })).toBe('lead');
    expect(salesforceStage('Shortlisted', {}, { probability: 60 })).toBe('proposal');
    expect(salesforceStage('Anything', { Anything: 'won' }, { isClosed: true, isWon: false })).toBe('won');
  });

  it('turns +0000 timestamps into UTC, a null amount into 0, and a deleted row into a tombstone keeping its stage', () => {
    expect(salesforceDeal(opp, opts)).toMatchObject({ type: 'deal', id: opp.Id, stage: 'negotiation', amount: 48000, owner: 'Dana Whitfield',
      created_at: '2025-01-20T10:14:03.000Z', updated_at: '2025-03-14T09:12:44.000Z', close_date: '2025-03-31' });
    expect(salesforceDeal({ ...opp, Amount: null }, { ...opts, currency: 'USD' })).toMatchObject({ amount: 0, currency: 'USD' });
    const gone = salesforceDeal({ ...opp, IsDeleted: true, SystemModstamp: '2025-03-14T10:00:00.000+0000' }, opts,
      [{ OpportunityId: opp.Id, StageName: 'Qualification', CreatedDate: '2025-01-20T10:14:03.000+0000' }]);
    expect(gone).toMatchObject({ stage: 'negotiation', deleted: true, updated_at: '2025-03-14T10:00:00.000Z',
      history: [{ stage: 'qualified', at: '2025-01-20T10:14:03.000Z' }] });
    expect(gone.extra).not.toHaveProperty('deleted');
    expect(salesforceDeal({ ...opp, IsDeleted: false }, opts)).not.toHaveProperty('deleted'); // restored from the recycle bin
  });

  it('maps history stages through the OpportunityStage metadata and drops repeats', () => {
    const stages = new Map([['Signed', { ApiName: 'Signed', MasterLabel: 'Signed', IsClosed: true, IsWon: true, DefaultProbability: 100 }]]);
    const deal = salesforceDeal({ ...opp, StageName: 'Signed', IsClosed: true, IsWon: true }, opts, [
      { OpportunityId: opp.Id, StageName: 'Prospecting', CreatedDate: '2025-01-20T10:14:03.000+0000' },
      { OpportunityId: opp.Id, StageName: 'Prospecting', CreatedDate: '2025-01-21T10:00:00.000+0000' }, // amount change only
      { OpportunityId: opp.Id, StageName: 'Signed', CreatedDate: '2025-03-14T09:12:44.000+0000' },
    ], stages);
    expect(deal.history).toEqual([{ stage: 'lead', at: '2025-01-20T10:14:03.000Z' }, { stage: 'won', at: '2025-03-14T09:12:44.000Z' }]);
  });

  it('a single-currency org: every amount in the configured org currency, which is the corporate one', () => {
    expect(salesforceDeal(opp, { ...opts, currency: 'CNY' })).toMatchObject({ amount: 48000, currency: 'CNY', base_amount: 48000, base_currency: 'CNY' });
    expect(salesforceDeal(opp, opts)).not.toHaveProperty('currency'); // no currency configured: the hub takes it as the reporting currency
    expect(salesforceDeal(opp, opts)).not.toHaveProperty('base_amount');
  });

  it('a multi-currency org: Amount in CurrencyIsoCode, and Amount ÷ the rate of its currency in the corporate currency', () => {
    // Corporate USD; EUR's CurrencyType rate 0.92 EUR per USD. Advanced currency management: dated EUR periods
    // [0000-12-30, 2025-01-01) 0.95, [2025-01-01, 2025-04-01) 0.90, [2025-04-01, —) 0.93, applied by CloseDate.
    const types = [{ IsoCode: 'USD', ConversionRate: 1, IsCorporate: true, DecimalPlaces: 2 }, { IsoCode: 'EUR', ConversionRate: 0.92, IsCorporate: false, DecimalPlaces: 2 }];
    const dated = [
      { IsoCode: 'EUR', ConversionRate: 0.93, StartDate: '2025-04-01', NextStartDate: null },
      { IsoCode: 'EUR', ConversionRate: 0.95, StartDate: '0000-12-30', NextStartDate: '2025-01-01' },
      { IsoCode: 'EUR', ConversionRate: 0.9, StartDate: '2025-01-01', NextStartDate: '2025-04-01' },
    ];
    const acm = sfCurrencies(types, dated)!;
    expect(conversionRate(acm, 'EUR', '2025-03-31')).toBe(0.9);
    expect(conversionRate(acm, 'EUR', '2025-04-01')).toBe(0.93); // NextStartDate is the next period's first day
    expect(conversionRate(acm, 'EUR', '2024-12-31')).toBe(0.95);
    expect(conversionRate(acm, 'USD', '2025-03-31')).toBe(1);
    expect(conversionRate(acm, 'GBP', '2025-03-31')).toBeUndefined();
    const eur = { ...opp, CurrencyIsoCode: 'EUR' };
    // 48000 EUR closing 2025-03-31: 48000 / 0.90 = 53333.333… → 53333.33 USD.
    expect(salesforceDeal(eur, opts, undefined, undefined, acm)).toMatchObject({ amount: 48000, currency: 'EUR', base_amount: 53333.33, base_currency: 'USD',
      extra: { conversion_rate: 0.9 } });
    // Closing a day later: 48000 / 0.93 = 51612.903… → 51612.90 USD.
    expect(salesforceDeal({ ...eur, CloseDate: '2025-04-01' }, opts, undefined, undefined, acm)).toMatchObject({ base_amount: 51612.9 });
    // Without advanced currency management: the static rate, 48000 / 0.92 = 52173.913… → 52173.91 USD.
    expect(salesforceDeal(eur, opts, undefined, undefined, sfCurrencies(types)!)).toMatchObject({ base_amount: 52173.91, base_currency: 'USD' });
    // An opportunity in the corporate currency is its own base; a currency the org has no rate for gets none.
    expect(salesforceDeal({ ...opp, CurrencyIsoCode: 'USD' }, opts, undefined, undefined, acm)).toMatchObject({ amount: 48000, base_amount: 48000, base_currency: 'USD' });
    const gbp = salesforceDeal({ ...opp, CurrencyIsoCode: 'GBP' }, { ...opts, currency: 'USD' }, undefined, undefined, acm);
    expect(gbp).toMatchObject({ amount: 48000, currency: 'GBP' });
    expect(gbp).not.toHaveProperty('base_amount');
    // The rates unreadable: the record's own currency only, never the configured one as its base.
    expect(salesforceDeal(eur, { ...opts, currency: 'USD' })).not.toHaveProperty('base_currency');
    // A JPY corporate currency has no decimals: 1000 EUR at 0.0061 EUR per JPY = 163934.426… → 163934 JPY.
    const yen = sfCurrencies([{ IsoCode: 'JPY', ConversionRate: 1, IsCorporate: true, DecimalPlaces: 0 }, { IsoCode: 'EUR', ConversionRate: 0.0061, IsCorporate: false }])!;
    expect(salesforceDeal({ ...eur, Amount: 1000 }, opts, undefined, undefined, yen)).toMatchObject({ base_amount: 163934, base_currency: 'JPY' });
    expect(sfCurrencies([{ IsoCode: 'EUR', ConversionRate: 1, IsCorporate: false }])).toBeUndefined(); // no corporate currency: no conversion
  });

  it('builds the incremental SOQL with an unquoted UTC literal', () => {
    expect(opportunitySoql(opts, '2025-03-14T07:55:00.000Z')).toMatch(/FROM Opportunity WHERE SystemModstamp >= 2025-03-14T07:55:00Z ORDER BY SystemModstamp, Id$/);
    expect(opportunitySoql({ ...opts, watermark_field: 'LastModifiedDate', multi_currency: true }, undefined))
      .toMatch(/CurrencyIsoCode.* FROM Opportunity ORDER BY LastModifiedDate, Id$/);
    expect(opportunitySoql(opts, undefined, true)).toContain('CurrencyIsoCode'); // `auto` found a multi-currency org
    expect(opportunitySoql(opts, undefined, false)).not.toContain('CurrencyIsoCode');
    expect(salesforceOptionsSchema.parse({ instance_url: 'https://acme.my.salesforce.com' }).multi_currency).toBe('auto');
  });
});
