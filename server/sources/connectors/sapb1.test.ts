import { describe, expect, it } from 'vitest';
import { sapb1Account, sapb1Money, sapb1OptionsSchema, sapb1Order, sapb1Status, sapInstant, sapTime, sessionCookie } from './sapb1';

/** sapb1_orders.json, first row. */
const open = { DocEntry: 10412, DocNum: 2025000871, DocType: 'dDocument_Items', DocDate: '2025-03-14', DocDueDate: '2025-03-21', CardCode: 'C20045',
  CardName: 'Brightlane Retail GmbH', DocTotal: 14875.0, DocCurrency: 'EUR', DocumentStatus: 'bost_Open', Cancelled: 'tNO', SalesPersonCode: 6,
  CreationDate: '2025-03-14', UpdateDate: '2025-03-14', UpdateTime: '09:41:22' };

describe('SAP Business One mapping', () => {
  it('maps DocumentStatus and Cancelled, with overrides', () => {
    expect(sapb1Status({ DocumentStatus: 'bost_Open', Cancelled: 'tNO' }, {})).toBe('confirmed');
    expect(sapb1Status({ DocumentStatus: 'bost_Close', Cancelled: 'tNO' }, {})).toBe('delivered');
    expect(sapb1Status({ DocumentStatus: 'bost_Close', Cancelled: 'tYES' }, {})).toBe('cancelled'); // a cancelled document is also closed
    expect(sapb1Status({ DocumentStatus: 'bost_Paid' }, {})).toBe('confirmed');
    expect(sapb1Status({ DocumentStatus: 'bost_Close', Cancelled: 'tNO' }, { bost_Close: 'shipped' })).toBe('shipped');
    expect(sapb1Status({ DocumentStatus: 'bost_Close', Cancelled: 'tYES' }, { Cancelled: 'delivered' })).toBe('delivered');
  });

  it('combines UpdateDate and the server-local UpdateTime in the company zone into a UTC instant', () => {
    expect(sapInstant('2025-03-14', '09:41:22', 'Europe/Berlin')).toBe('2025-03-14T08:41:22.000Z');
    expect(sapInstant('2025-03-14T00:00:00Z', '10:27:50', 'Europe/Berlin')).toBe('2025-03-14T09:27:50.000Z'); // v2 dates
    expect(sapInstant('2025-07-01', '12:00:00', 'Europe/Berlin')).toBe('2025-07-01T10:00:00.000Z'); // summer time
    expect(sapInstant('2025-03-14', undefined, 'UTC')).toBe('2025-03-14T00:00:00.000Z');
    expect(sapTime('094122')).toBe('09:41:22');
    expect(sapTime(941)).toBe('09:41:00');
    expect(sapTime('9:05')).toBe('09:05:00');
    expect(() => sapTime('late')).toThrow(/not a Service Layer time/);
    expect(() => sapInstant('14.03.2025', '09:00:00', 'UTC')).toThrow(/not a Service Layer date/);
  });

  it('maps an Orders row: DocEntry as id, created at the start of CreationDate', () => {
    expect(sapb1Order(open, { status_map: {} }, 'Europe/Berlin', 'EUR')).toEqual({
      type: 'order', id: '10412', status: 'confirmed', amount: 14875, currency: 'EUR', base_amount: 14875, base_currency: 'EUR', customer: 'Brightlane Retail GmbH',
      account_id: 'C20045', created_at: '2025-03-13T23:00:00.000Z', updated_at: '2025-03-14T08:41:22.000Z',
      extra: { doc_num: 2025000871, document_status: 'bost_Open', card_code: 'C20045', doc_date: '2025-03-14', due_date: '2025-03-21', sales_person_code: 6 },
    });
    expect(sapb1Order({ ...open, Cancelled: 'tYES', DocumentStatus: 'bost_Close' }, { status_map: {} }, 'UTC')).toMatchObject({ status: 'cancelled', extra: { cancelled: true } });
  });

  it('takes DocTotalFc in DocCurrency for a foreign-currency document, DocTotal (local currency) as its base', () => {
    // A EUR company's order in USD: DocTotalFc 1190.00 USD at DocRate 0.92 EUR per USD → DocTotal 1190.00 × 0.92 = 1094.80 EUR.
    const usd = { ...open, DocCurrency: 'USD', DocTotal: 1094.8, DocTotalFc: 1190.0, DocRate: 0.92 };
    expect(sapb1Order(usd, { status_map: {} }, 'Europe/Berlin', 'EUR'))
      .toMatchObject({ amount: 1190, currency: 'USD', base_amount: 1094.8, base_currency: 'EUR', extra: { doc_rate: 0.92 } });
    // A local-currency document: DocTotalFc is 0, DocTotal is both the amount and the base; no rate kept.
    const local = sapb1Order({ ...open, DocTotalFc: 0, DocRate: 1 }, { status_map: {} }, 'Europe/Berlin', 'EUR');
    expect(local).toMatchObject({ amount: 14875, currency: 'EUR', base_amount: 14875, base_currency: 'EUR' });
    expect(local.extra).not.toHaveProperty('doc_rate');
    // The local currency unknown (AdminInfo refused): a foreign total marks a foreign document (no base: its currency unknown);
    // no foreign total, the document is in local currency, which is then its DocCurrency.
    const unknown = sapb1Money(usd, undefined);
    expect(unknown).toEqual({ amount: 1190, currency: 'USD' });
    expect(sapb1Money({ ...open, DocTotalFc: 0 }, undefined)).toEqual({ amount: 14875, currency: 'EUR', base_amount: 14875, base_currency: 'EUR' });
    // B1's own currency codes made ISO: RMB (local) and US$ (foreign).
    expect(sapb1Money({ DocCurrency: 'US$', DocTotal: 7180, DocTotalFc: 1000 }, 'RMB', { 'RMB': 'CNY', 'US$': 'USD' }))
      .toEqual({ amount: 1000, currency: 'USD', base_amount: 7180, base_currency: 'CNY' });
  });

  it('reads B1SESSION and ROUTEID from Set-Cookie, SessionId as a fallback', () => {
    const h = new Headers();
    h.append('set-cookie', 'B1SESSION=3f1c-77aa; path=/b1s; HttpOnly');
    h.append('set-cookie', 'ROUTEID=.node1; path=/b1s');
    expect(sessionCookie(h, {})).toBe('B1SESSION=3f1c-77aa; ROUTEID=.node1');
    expect(sessionCookie(new Headers(), { SessionId: 'abc' })).toBe('B1SESSION=abc');
    expect(sessionCookie(new Headers(), {})).toBeUndefined();
  });

  it('validates options', () => {
    expect(sapb1OptionsSchema.parse({ url: 'https://sap.example:50000' })).toMatchObject({ version: 'v1', user_env: 'SAPB1_USER', page_size: 100, count: false });
    expect(sapb1OptionsSchema.safeParse({ url: 'https://sap.example:50000', company_timezone: 'Nowhere/Land' }).success).toBe(false);
    expect(sapb1OptionsSchema.safeParse({ url: 'https://sap.example:50000', currency_codes: { RMB: 'yuan' } }).success).toBe(false);
  });
});

/**
 * A BusinessPartners row as `GET /b1s/v1/BusinessPartners?$select=…` lists it: the properties of the BusinessPartner entity
 * type in the Service Layer's $metadata (CardCode, CardName, CardType, FederalTaxID, Valid, Frozen, CreateDate, CreateTime,
 * UpdateDate, UpdateTime; as in gregorwolf/sap-business-one-odata-cap srv/external/SAPB1-v1.edmx) and the research notes'
 * example, plus a user-defined field `U_CrmAccountId` (UDFs are `U_…` properties).
 */
const partner = { CardCode: 'C20045', CardName: 'Brightlane Retail GmbH', CardType: 'cCustomer', GroupCode: 100, FederalTaxID: 'DE812345678',
  Valid: 'tYES', Frozen: 'tNO', U_CrmAccountId: '001Hs00002Ab3CdIAJ', CreateDate: '2025-01-08', CreateTime: '10:15:00', UpdateDate: '2025-03-14', UpdateTime: '09:12:40' };

describe('SAP Business One accounts and links', () => {
  it('gives an order its CardCode as account_id and a UDF holding the CRM deal id as a link', () => {
    const links = [{ field: 'U_CrmDealId', type: 'deal' as const, source: 'crm' }];
    expect(sapb1Order({ ...open, U_CrmDealId: '006Hs00001Kx7QbIAJ' }, { status_map: {}, links }, 'UTC')).toMatchObject({ account_id: 'C20045',
      links: [{ type: 'deal', id: '006Hs00001Kx7QbIAJ', source: 'crm' }] });
    expect(sapb1Order({ ...open, U_CrmDealId: null }, { status_map: {}, links }, 'UTC')).not.toHaveProperty('links');
  });

  it('maps a customer Business Partner to an account in the company zone', () => {
    // CreateDate 2025-01-08 + 10:15:00 Berlin (UTC+1) = 09:15Z; UpdateDate 2025-03-14 + 09:12:40 = 08:12:40Z.
    expect(sapb1Account(partner, { account_fields: { external_id: 'U_CrmAccountId' } }, 'Europe/Berlin')).toEqual({
      type: 'account', id: 'C20045', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678', external_id: '001Hs00002Ab3CdIAJ',
      created_at: '2025-01-08T09:15:00.000Z', updated_at: '2025-03-14T08:12:40.000Z', extra: { card_type: 'cCustomer' } });
    // A 统一社会信用代码 kept in another property; an inactive, frozen partner with no update yet (updated when created).
    expect(sapb1Account({ ...partner, UnifiedFederalTaxID: '91310000MA1K8FXR2B', Valid: 'tNO', Frozen: 'tYES', UpdateDate: null, UpdateTime: null },
      { account_fields: { tax_id: 'UnifiedFederalTaxID' } }, 'UTC')).toEqual({
      type: 'account', id: 'C20045', name: 'Brightlane Retail GmbH', tax_id: '91310000MA1K8FXR2B',
      created_at: '2025-01-08T10:15:00.000Z', updated_at: '2025-01-08T10:15:00.000Z', extra: { card_type: 'cCustomer', inactive: true, frozen: true } });
    expect(sapb1Account({ ...partner, FederalTaxID: null }, {}, 'UTC')).not.toHaveProperty('tax_id');
  });

  it('validates link and account properties', () => {
    expect(sapb1OptionsSchema.safeParse({ url: 'https://sap.example:50000', links: [{ field: 'U_Crm Deal', type: 'deal' }] }).error?.issues[0]?.path)
      .toEqual(['links', 0, 'field']);
    expect(sapb1OptionsSchema.parse({ url: 'https://sap.example:50000' })).toMatchObject({ links: [], accounts: true, account_fields: {} });
  });
});
