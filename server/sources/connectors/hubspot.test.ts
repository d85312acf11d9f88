import { describe, expect, it } from 'vitest';
import { hubspotAccount, hubspotDeal, hubspotOptionsSchema, hubspotStage, primaryCompany, type HsPipeline } from './hubspot';

const stage = (id: string, label: string, isClosed: boolean, probability: string) => ({ id, label, displayOrder: 0, metadata: { isClosed: String(isClosed), probability } });
const renewals: HsPipeline = { id: '812901547', label: 'Renewals', stages: [
  stage('1098765430', 'Renewal due', false, '0.5'), stage('1098765431', 'Quote sent', false, '0.8'),
  stage('1098765432', 'Renewed', true, '1.0'), stage('1098765433', 'Churned', true, '0.0')] };
const pipelines = new Map([[renewals.id, renewals]]);
const opts = hubspotOptionsSchema.parse({});

describe('HubSpot mapping', () => {
  it('maps stages: config by id or label, then closed/won, the default pipeline ids, then probability', () => {
    expect(hubspotStage('contractsent', undefined, {}, {})).toBe('negotiation');
    expect(hubspotStage('1098765431', renewals.stages[1], {}, {})).toBe('negotiation'); // probability 0.8
    expect(hubspotStage('1098765431', renewals.stages[1], { 'Quote sent': 'proposal' }, {})).toBe('proposal');
    expect(hubspotStage('1098765431', renewals.stages[1], { '1098765431': 'qualified' }, {})).toBe('qualified');
    expect(hubspotStage('1098765430', renewals.stages[0], {}, {})).toBe('proposal'); // 0.5
    expect(hubspotStage('1098765432', renewals.stages[2], {}, { closed: true, won: true })).toBe('won');
    expect(hubspotStage('1098765433', renewals.stages[3], {}, {})).toBe('lost'); // closed, probability 0
  });

  it('parses string properties, UTC milliseconds and a local close date; an archived deal is a tombstone', () => {
    const raw = { id: '31702218877', createdAt: '2024-11-05T13:47:21.088Z', updatedAt: '2025-03-14T09:40:31.877Z', properties: {
      amount: '126500.5', closedate: '2025-03-14T23:30:00Z', createdate: '2024-11-05T13:47:21.088Z', deal_currency_code: 'EUR', dealname: 'Fleet',
      dealstage: '1098765432', hs_is_closed: 'true', hs_is_closed_won: 'true', hs_lastmodifieddate: '2025-03-14T09:40:31.877Z', hubspot_owner_id: '81229018', pipeline: '812901547' } };
    expect(hubspotDeal(raw, pipelines, opts, 'Asia/Shanghai')).toMatchObject({ stage: 'won', amount: 126500.5, currency: 'EUR', owner: '81229018',
      pipeline: 'Renewals', close_date: '2025-03-15', updated_at: '2025-03-14T09:40:31.877Z', extra: { stage_label: 'Renewed' } });
    expect(hubspotDeal({ ...raw, properties: { ...raw.properties, amount: null } }, pipelines, opts, 'UTC').amount).toBe(0);
    expect(hubspotDeal({ ...raw, archived: true, archivedAt: '2025-03-14T10:02:00Z' }, pipelines, opts, 'UTC'))
      .toMatchObject({ stage: 'won', deleted: true, updated_at: '2025-03-14T10:02:00.000Z' }); // keeps its stage; leaves every metric
    expect(hubspotDeal(raw, pipelines, opts, 'UTC')).not.toHaveProperty('deleted');
  });

  it('amount in deal_currency_code, amount_in_home_currency in the account company currency', () => {
    const raw = { id: '31702218877', createdAt: '2024-11-05T13:47:21.088Z', updatedAt: '2025-03-14T09:40:31.877Z', properties: {
      amount: '126500', deal_currency_code: 'EUR', amount_in_home_currency: '137500.00', dealstage: '1098765432', pipeline: '812901547',
      createdate: '2024-11-05T13:47:21.088Z', hs_lastmodifieddate: '2025-03-14T09:40:31.877Z' } };
    // A USD account: HubSpot's own conversion of the EUR amount (126500 at 1.0870 USD per EUR = 137500.00 USD).
    expect(hubspotDeal(raw, pipelines, opts, 'UTC', 'USD')).toMatchObject({ amount: 126500, currency: 'EUR', base_amount: 137500, base_currency: 'USD' });
    // A deal in the company currency (or with no deal_currency_code, a single-currency account) is its own base.
    const home = { ...raw, properties: { ...raw.properties, deal_currency_code: null, amount_in_home_currency: null } };
    expect(hubspotDeal(home, pipelines, opts, 'UTC', 'USD')).toMatchObject({ amount: 126500, currency: 'USD', base_amount: 126500, base_currency: 'USD' });
    // A foreign deal without the home amount, or no company currency known: no base.
    const foreign = hubspotDeal({ ...raw, properties: { ...raw.properties, amount_in_home_currency: '' } }, pipelines, opts, 'UTC', 'USD');
    expect(foreign).toMatchObject({ amount: 126500, currency: 'EUR' });
    expect(foreign).not.toHaveProperty('base_amount');
    const unknown = hubspotDeal(raw, pipelines, opts, 'UTC');
    expect(unknown).toMatchObject({ currency: 'EUR' });
    expect(unknown).not.toHaveProperty('base_currency');
    expect(hubspotOptionsSchema.safeParse({ currency: 'euro' }).success).toBe(false);
  });
});

describe('HubSpot companies and associations', () => {
  const raw = { id: '31577520941', createdAt: '2025-01-20T10:14:03.512Z', updatedAt: '2025-03-14T09:12:45.230Z', properties: {
    amount: '48000', dealstage: 'contractsent', pipeline: 'default', createdate: '2025-01-20T10:14:03.512Z', hs_lastmodifieddate: '2025-03-14T09:12:45.230Z',
    erp_order_number: 'SAL-ORD-2025-00871' } };
  // The v4 batch read's `to[]` (developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations):
  // HUBSPOT_DEFINED type 5 is "Deal with Primary Company", 341 the unlabeled deal-to-company association.
  const unlabeled = { category: 'HUBSPOT_DEFINED', typeId: 341, label: null };

  it('a deal\'s account is its primary company, else the associated company with the lowest id', () => {
    expect(primaryCompany([{ toObjectId: '4320142806', associationTypes: [unlabeled] },
      { toObjectId: 4320142817, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' }, unlabeled] }])).toBe('4320142817');
    // No primary: 987 < 4320142806 as numbers (not as text, where "4…" < "9…").
    expect(primaryCompany([{ toObjectId: '4320142806', associationTypes: [unlabeled] }, { toObjectId: '987', associationTypes: [unlabeled] }])).toBe('987');
    // A user-defined label that happens to be type 5 is not HubSpot's primary.
    expect(primaryCompany([{ toObjectId: '4320142806', associationTypes: [{ category: 'USER_DEFINED', typeId: 5, label: 'Reseller' }] },
      { toObjectId: '1', associationTypes: [unlabeled] }])).toBe('1');
    expect(primaryCompany([])).toBeUndefined();
  });

  it('a deal carries its account, its tickets (each once) and the configured link properties', () => {
    const links = hubspotOptionsSchema.shape.links.parse([{ field: 'erp_order_number', type: 'order', source: 'erp' }]);
    const deal = hubspotDeal(raw, pipelines, { ...opts, links }, 'UTC', 'EUR', {
      companies: [{ toObjectId: 4320142817, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' }] }],
      // The same ticket under two association types (labeled and unlabeled) is one link.
      tickets: [{ toObjectId: '183534428' }, { toObjectId: 183534428 }, { toObjectId: '183534429' }],
    });
    expect(deal).toMatchObject({ account_id: '4320142817',
      links: [{ type: 'ticket', id: '183534428' }, { type: 'ticket', id: '183534429' }, { type: 'order', id: 'SAL-ORD-2025-00871', source: 'erp' }] });
    const bare = hubspotDeal({ ...raw, properties: { ...raw.properties, erp_order_number: '' } }, pipelines, { ...opts, links }, 'UTC');
    expect(bare).not.toHaveProperty('account_id');
    expect(bare).not.toHaveProperty('links');
  });

  it('a company is an account: name, lower-case domain, and the configured tax id and external id properties', () => {
    // A company as search returns it (developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/search/search-companies).
    const company = { id: '4320142817', createdAt: '2024-06-03T08:00:00.000Z', updatedAt: '2025-03-10T08:00:00.000Z', archived: false, properties: {
      name: 'Brightlane Retail GmbH', domain: 'Brightlane.de', vat_number: ' DE812345678 ', erp_customer_id: 'CUST-2025-00042',
      createdate: '2024-06-03T08:00:00.000Z', hs_lastmodifieddate: '2025-03-10T08:00:00.000Z', hs_object_id: '4320142817' } };
    const fields = hubspotOptionsSchema.parse({ account_fields: { tax_id: 'vat_number', external_id: 'erp_customer_id' } });
    expect(hubspotAccount(company, fields)).toEqual({ type: 'account', id: '4320142817', name: 'Brightlane Retail GmbH', domain: 'brightlane.de',
      tax_id: 'DE812345678', external_id: 'CUST-2025-00042', created_at: '2024-06-03T08:00:00.000Z', updated_at: '2025-03-10T08:00:00.000Z' });
    // Nothing configured: no tax id or external id, whatever the properties hold.
    expect(hubspotAccount(company, opts)).not.toHaveProperty('tax_id');
    expect(hubspotOptionsSchema.safeParse({ account_fields: { tax_id: 'VAT number' } }).success).toBe(false); // a label, not an internal name
  });
});
