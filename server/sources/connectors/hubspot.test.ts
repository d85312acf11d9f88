import { describe, expect, it } from 'vitest';
import { hubspotDeal, hubspotOptionsSchema, hubspotStage, type HsPipeline } from './hubspot';

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
