import { describe, expect, it } from 'vitest';
import { opportunitySoql, salesforceDeal, salesforceOptionsSchema, salesforceStage, type SfOpportunity } from './salesforce';

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

  it('builds the incremental SOQL with an unquoted UTC literal', () => {
    expect(opportunitySoql(opts, '2025-03-14T07:55:00.000Z')).toMatch(/FROM Opportunity WHERE SystemModstamp >= 2025-03-14T07:55:00Z ORDER BY SystemModstamp, Id$/);
    expect(opportunitySoql({ ...opts, watermark_field: 'LastModifiedDate', multi_currency: true }, undefined))
      .toMatch(/CurrencyIsoCode.* FROM Opportunity ORDER BY LastModifiedDate, Id$/);
  });
});
