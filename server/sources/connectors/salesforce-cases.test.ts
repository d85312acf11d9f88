import { describe, expect, it } from 'vitest';
import { salesforceOptionsSchema } from './salesforce';
import { ownerEvents, ownerKind, salesforceCase, salesforceCaseStatus, type SfCase } from './salesforce-cases';

const opts = salesforceOptionsSchema.parse({ instance_url: 'https://acme.my.salesforce.com' });

describe('Salesforce case status', () => {
  it('deleted first; then the map by Status; then IsClosed; then the default picklist; else open', () => {
    expect(salesforceCaseStatus({ Status: 'Closed', IsClosed: true, IsDeleted: true }, {})).toBe('deleted');
    expect(salesforceCaseStatus({ Status: 'Resolved', IsClosed: true }, { Resolved: 'solved' })).toBe('solved'); // the map wins over IsClosed
    expect(salesforceCaseStatus({ Status: 'Resolved', IsClosed: true }, {})).toBe('closed'); // the org's closed status, not in the defaults
    expect(salesforceCaseStatus({ Status: 'New', IsClosed: false }, {})).toBe('new');
    expect(salesforceCaseStatus({ Status: 'Escalated', IsClosed: false }, {})).toBe('open');
    expect(salesforceCaseStatus({ Status: 'On Hold', IsClosed: false }, {})).toBe('open'); // unmapped and open
  });
});

describe('Salesforce case owner changes', () => {
  it('owner kinds by key prefix: 00G a Group (queue), 005 a User', () => {
    expect(ownerKind('00GHs000003TqAbMAK')).toBe('group');
    expect(ownerKind('005Hs000004TqLmIAK')).toBe('assignee');
    expect(ownerKind('003Hs000001AbCdIAK')).toBeUndefined(); // a Contact id is no owner
    expect(ownerKind(null)).toBeUndefined();
  });

  it('pairs the name row and the id row of each change (in either order), named by the name; a change without a name row keeps the id', () => {
    expect(ownerEvents([
      { CaseId: 'c', Field: 'Owner', OldValue: '005Hs000004TqLmIAK', NewValue: '00GHs000003TqZzMAK', CreatedDate: '2025-03-14T08:20:00.000+0000' },
      { CaseId: 'c', Field: 'Owner', OldValue: 'Dana Whitfield', NewValue: 'Tier 1 Support', CreatedDate: '2025-03-14T08:20:00.000+0000' },
      { CaseId: 'c', Field: 'ownerAssignment', OldValue: null, NewValue: '005Hs000004TqN2IAK', CreatedDate: '2025-03-14T07:00:00.000+0000' },
      { CaseId: 'c', Field: 'Owner', OldValue: 'x', NewValue: null, CreatedDate: '2025-03-14T09:00:00.000+0000' }, // nothing to say
    ])).toEqual([
      { at: '2025-03-14T07:00:00.000Z', kind: 'assignee', to: '005Hs000004TqN2IAK' },
      { at: '2025-03-14T08:20:00.000Z', kind: 'group', to: 'Tier 1 Support' },
    ]);
  });
});

describe('Salesforce case mapping', () => {
  const row: SfCase = { Id: '500Hs00001Xy7BcIAJ', CaseNumber: '00001027', Status: 'Resolved', IsClosed: true, Priority: 'Critical', Origin: 'Email',
    OwnerId: '005Hs000004TqN2IAK', Owner: null, CreatedDate: '2025-03-13T15:00:00.000+0000', ClosedDate: '2025-03-14T09:50:00.000+0000',
    LastModifiedDate: '2025-03-14T09:50:00.000+0000', SystemModstamp: '2025-03-14T09:49:59.000+0000', ERP_Order__c: 'SAL-ORD-2025-00868' };

  it('a solved status through the map is the event at ClosedDate; the org\'s own priority through the map; the later of the two stamps', () => {
    const mapped = salesforceOptionsSchema.parse({ instance_url: 'https://acme.my.salesforce.com', case_status_map: { Resolved: 'solved' },
      case_priority_map: { Critical: 'urgent' }, case_links: [{ field: 'ERP_Order__c', type: 'order', source: 'erp' }] });
    expect(salesforceCase(row, mapped)).toMatchObject({ status: 'solved', priority: 'urgent', assignee: '005Hs000004TqN2IAK', // no Owner.Name: the id
      updated_at: '2025-03-14T09:50:00.000Z', events: [{ at: '2025-03-14T09:50:00.000Z', kind: 'status', to: 'solved' }],
      links: [{ type: 'order', id: 'SAL-ORD-2025-00868', source: 'erp' }] });
    expect(salesforceCase(row, opts).priority).toBe('normal'); // "Critical" unmapped
    expect(salesforceCase(row, opts)).not.toHaveProperty('links'); // no case_links configured
  });
});
