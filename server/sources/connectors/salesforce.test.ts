import { describe, expect, it } from 'vitest';
import { accountSoql, conversionRate, opportunitySoql, orderSoql, salesforceAccount, salesforceDeal, salesforceOptionsSchema, salesforceOrder, salesforceOrderStatus,
  salesforceStage, sfCurrencies, websiteDomain, type SfAccount, type SfOpportunity, type SfOrder } from './salesforce';

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

describe('Salesforce accounts and links', () => {
  it('a deal carries its AccountId and one link per configured field that holds a value', () => {
    // salesforce_opportunity_query.json (shared reference payloads): Brightlane's opportunity names AccountId 001Hs00002AbXyZIAU.
    const withLinks = { ...opts, links: salesforceOptionsSchema.shape.links.parse([{ field: 'ERP_Order__c', type: 'order', source: 'erp' }, { field: 'Case__r.Id', type: 'ticket' }]) };
    const deal = salesforceDeal({ ...opp, AccountId: '001Hs00002AbXyZIAU', ERP_Order__c: 'SAL-ORD-2025-00871', Case__r: { Id: '500Hs00001' } }, withLinks);
    expect(deal).toMatchObject({ account_id: '001Hs00002AbXyZIAU',
      links: [{ type: 'order', id: 'SAL-ORD-2025-00871', source: 'erp' }, { type: 'ticket', id: '500Hs00001' }] });
    // No account (AccountId null) and empty link fields: neither key.
    const bare = salesforceDeal({ ...opp, AccountId: null, ERP_Order__c: null }, withLinks);
    expect(bare).not.toHaveProperty('account_id');
    expect(bare).not.toHaveProperty('links');
    expect(salesforceOptionsSchema.safeParse({ instance_url: 'https://x.my.salesforce.com', links: [{ field: 'ERP Order', type: 'order' }] }).success).toBe(false);
  });

  it('an Account is an account record: the configured tax id, AccountNumber as the external id, the website\'s host as the domain', () => {
    // Object Reference, Account (developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm):
    // AccountNumber is "Account number assigned to this account (not the unique, system-generated ID)"; Tax_ID__c is a custom field.
    const row: SfAccount = { attributes: { type: 'Account' }, Id: '001Hs00002AbXyZIAU', Name: 'Brightlane Retail GmbH', AccountNumber: 'CUST-2025-00042',
      Website: 'https://www.Brightlane.de/shop', Tax_ID__c: ' DE812345678 ', CreatedDate: '2024-06-03T08:00:00.000+0000',
      LastModifiedDate: '2025-03-10T08:00:00.000+0000', SystemModstamp: '2025-03-10T08:00:01.000+0000', IsDeleted: false };
    const withTax = salesforceOptionsSchema.parse({ instance_url: 'https://x.my.salesforce.com', account_fields: { tax_id: 'Tax_ID__c' } });
    expect(salesforceAccount(row, withTax)).toEqual({ type: 'account', id: '001Hs00002AbXyZIAU', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678',
      external_id: 'CUST-2025-00042', domain: 'brightlane.de', created_at: '2024-06-03T08:00:00.000Z', updated_at: '2025-03-10T08:00:01.000Z' });
    // Without a tax id field: none; another external id field wins over AccountNumber; a deleted account is a tombstone.
    const other = salesforceOptionsSchema.parse({ instance_url: 'https://x.my.salesforce.com', account_fields: { external_id: 'ERP_Customer__c' } });
    const gone = salesforceAccount({ ...row, ERP_Customer__c: 'C20000', IsDeleted: true }, other);
    expect(gone).toMatchObject({ external_id: 'C20000', deleted: true });
    expect(gone).not.toHaveProperty('tax_id');
  });

  it('a website becomes a bare lower-case host, or nothing', () => {
    expect(websiteDomain('https://www.brightlane.de/')).toBe('brightlane.de');
    expect(websiteDomain('northgate-logistics.ch')).toBe('northgate-logistics.ch');
    expect(websiteDomain('HTTP://Shop.Example.COM:8080/x?y')).toBe('shop.example.com');
    expect(websiteDomain('n/a')).toBeUndefined();
    expect(websiteDomain(null)).toBeUndefined();
  });

  it('an Order: its category sets the status unless the org\'s Status is mapped', () => {
    // OrderStatus.StatusCode is Draft or Activated (Object Reference, OrderStatus).
    expect(salesforceOrderStatus({ Status: 'Draft', StatusCode: 'Draft' }, {})).toBe('new');
    expect(salesforceOrderStatus({ Status: 'Activated', StatusCode: 'Activated' }, {})).toBe('confirmed');
    expect(salesforceOrderStatus({ Status: 'Shipped', StatusCode: 'Activated' }, { Shipped: 'shipped' })).toBe('shipped');
    expect(salesforceOrderStatus({ Status: 'Draft', StatusCode: null }, {})).toBe('new');
  });

  it('an Order is an order of its account, linked to its opportunity, with its history from ActivatedDate', () => {
    const order: SfOrder = { Id: '801Hs00000Qa1ZxIAJ', OrderNumber: '00000102', AccountId: '001Hs00002AcQ4mIAE', Account: { Name: 'Northgate Logistics AG' },
      OpportunityId: '006Hs00001Kw2RtIAJ', Status: 'Activated', StatusCode: 'Activated', TotalAmount: 126500, EffectiveDate: '2025-03-14',
      ActivatedDate: '2025-03-14T09:55:00.000+0000', OwnerId: '005Hs000004TqN2IAK', Owner: { Name: 'Marcus Lindqvist' }, CurrencyIsoCode: 'EUR',
      CreatedDate: '2025-03-14T09:45:10.000+0000', LastModifiedDate: '2025-03-14T09:55:00.000+0000', SystemModstamp: '2025-03-14T09:55:02.000+0000' };
    const types = [{ IsoCode: 'EUR', ConversionRate: 1, IsCorporate: true, DecimalPlaces: 2 }, { IsoCode: 'USD', ConversionRate: 1.08, IsCorporate: false, DecimalPlaces: 2 }];
    // Dated rates apply to opportunities only: an order converts at the static CurrencyType rate.
    const dated = [{ IsoCode: 'USD', ConversionRate: 1.2, StartDate: '0000-12-30', NextStartDate: null }];
    const o = salesforceOrder(order, opts, sfCurrencies(types, dated));
    expect(o).toEqual({ type: 'order', id: '801Hs00000Qa1ZxIAJ', status: 'confirmed', amount: 126500, currency: 'EUR', base_amount: 126500, base_currency: 'EUR',
      account_id: '001Hs00002AcQ4mIAE', links: [{ type: 'deal', id: '006Hs00001Kw2RtIAJ' }], customer: 'Northgate Logistics AG', owner: 'Marcus Lindqvist',
      created_at: '2025-03-14T09:45:10.000Z', updated_at: '2025-03-14T09:55:02.000Z',
      history: [{ status: 'new', at: '2025-03-14T09:45:10.000Z' }, { status: 'confirmed', at: '2025-03-14T09:55:00.000Z' }],
      extra: { order_number: '00000102', status_name: 'Activated', effective_date: '2025-03-14' } });
    // A USD draft without opportunity: 1190 USD ÷ the static 1.08 USD per EUR = 1101.851… → 1101.85 EUR; no link, no history (the hub derives it).
    const draft = salesforceOrder({ ...order, OpportunityId: null, Status: 'Draft', StatusCode: 'Draft', TotalAmount: 1190, ActivatedDate: null, CurrencyIsoCode: 'USD' },
      opts, sfCurrencies(types, dated));
    expect(draft).toMatchObject({ status: 'new', amount: 1190, currency: 'USD', base_amount: 1101.85, base_currency: 'EUR', extra: { conversion_rate: 1.08 } });
    expect(draft).not.toHaveProperty('links');
    expect(draft).not.toHaveProperty('history');
    // A mapped Status: the vendor's history would miss the mapped step, so the hub derives it; a deleted order is a tombstone.
    const mapped = salesforceOrder({ ...order, Status: 'Shipped', IsDeleted: true }, { ...opts, status_map: { Shipped: 'shipped' } });
    expect(mapped).toMatchObject({ status: 'shipped', deleted: true });
    expect(mapped).not.toHaveProperty('history');
  });

  it('builds the Account and Order SOQL with the configured fields', () => {
    const o = salesforceOptionsSchema.parse({ instance_url: 'https://x.my.salesforce.com', account_fields: { tax_id: 'Tax_ID__c', external_id: 'AccountNumber' } });
    expect(accountSoql(o, '2025-03-14T07:55:00.000Z')).toBe('SELECT Id, Name, AccountNumber, Website, Tax_ID__c, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted '
      + 'FROM Account WHERE SystemModstamp >= 2025-03-14T07:55:00Z ORDER BY SystemModstamp, Id');
    expect(orderSoql(o, undefined, true)).toBe('SELECT Id, OrderNumber, AccountId, Account.Name, OpportunityId, Status, StatusCode, TotalAmount, EffectiveDate, '
      + 'ActivatedDate, OwnerId, Owner.Name, CurrencyIsoCode, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted FROM Order ORDER BY SystemModstamp, Id');
    expect(opportunitySoql({ ...o, links: [{ field: 'ERP_Order__c', type: 'order' }] }, undefined, false)).toContain('AccountId, Account.Name');
    expect(opportunitySoql({ ...o, links: [{ field: 'ERP_Order__c', type: 'order' }] }, undefined, false)).toContain('IsDeleted, ERP_Order__c FROM Opportunity');
  });
});
