import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/model';
import { createSalesforceConnector, salesforceOptionsSchema, type SalesforceCursor } from '../../server/sources/connectors/salesforce';
import { useConnectorHub } from '../support/connector-hub';
import { silent, waitFor } from '../support/hub';
import { startFakeSalesforce } from '../support/vendors/salesforce';

const TOKEN_ENV = 'OPSWALL_TEST_SF_CASES_TOKEN';
const src = useConnectorHub('sf-cases', async () => {
  const fake = await startFakeSalesforce({ pageSize: 2 });
  return { fake, env: { [TOKEN_ENV]: fake.token }, timezone: 'Europe/Berlin', currency: { reporting: 'EUR' },
    source: { id: 'sf', kind: 'salesforce', interval: '300ms', options: { instance_url: fake.url, token_env: TOKEN_ENV, multi_currency: true, overlap_seconds: 60,
      cases: true, case_status_map: { 'Waiting on Customer': 'pending' }, case_department: 'service',
      case_links: [{ field: 'Order_Number__c', type: 'order', source: 'erp' }] } } };
});
const tickets = () => src.records<Ticket>('ticket');

describe('Salesforce Cases against a fake REST API', () => {
  it('reads every case as a ticket: status, priority, account, owner (queue or user), links and owner changes', async () => {
    const stored = await waitFor('four cases', () => (tickets().size === 4 ? tickets() : undefined));
    // tests/support/vendors/salesforce.ts salesforceCases(), salesforceCaseHistory():
    // Working (default picklist) → open; High → high; owned by a queue (00G…) → group by its name; Order_Number__c → a link to
    // the order in "erp"; the two owner changes (two rows each: the names and the ids) → two group events.
    expect(stored.get('500Hs00001Xy7AbIAJ')).toMatchObject({ type: 'ticket', subject: 'POS terminals reboot after update', status: 'open', priority: 'high',
      group: 'Tier 2 Support', account_id: '001Hs00002AbXyZIAU', customer: 'Brightlane Retail GmbH', channel: 'phone', department: 'service',
      links: [{ type: 'order', id: 'SAL-ORD-2025-00871', source: 'erp' }], created_at: '2025-03-14T08:00:00.000Z', updated_at: '2025-03-14T09:30:00.000Z',
      events: [{ at: '2025-03-14T08:20:00.000Z', kind: 'group', to: 'Tier 1 Support' }, { at: '2025-03-14T09:30:00.000Z', kind: 'group', to: 'Tier 2 Support' }],
      extra: { case_number: '00001026', status_name: 'Working', owner_id: '00GHs000003TqAbMAK' } });
    expect(stored.get('500Hs00001Xy7AbIAJ')).not.toHaveProperty('assignee');
    // Closed (IsClosed) at ClosedDate; Low → low; a user (005…) owns it → assignee; updated_at the later SystemModstamp.
    expect(stored.get('500Hs00001Xy7BcIAJ')).toMatchObject({ status: 'closed', priority: 'low', assignee: 'Marcus Lindqvist', account_id: '001Hs00002AcQ4mIAE',
      channel: 'email', updated_at: '2025-03-14T09:50:01.000Z', events: [{ at: '2025-03-14T09:50:00.000Z', kind: 'status', to: 'closed' }] });
    expect(stored.get('500Hs00001Xy7BcIAJ')).not.toHaveProperty('links'); // Order_Number__c null
    // The org's own status "Waiting on Customer" through case_status_map; Medium → normal; no account.
    expect(stored.get('500Hs00001Xy7CdIAJ')).toMatchObject({ status: 'pending', priority: 'normal', group: 'Tier 1 Support', channel: 'web' });
    expect(stored.get('500Hs00001Xy7CdIAJ')).not.toHaveProperty('account_id');
    // In the recycle bin (queryAll): a tombstone.
    expect(stored.get('500Hs00001Xy7DeIAJ')).toMatchObject({ status: 'deleted', priority: 'high' });
    expect((await src.health()).entities).toEqual(['deal', 'account', 'ticket']);
    // Open now: the POS case (open) and the kiosk question (pending).
    expect(await src.scalar('tickets.open')).toBe(2);
  });

  it('gives the SLA resolution clock the exact close; the first-reply clock has only the close to stop at', async () => {
    const policy = { id: 'sf', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }, { metric: 'resolution', targets: { '*': { minutes: 1440 } } }] };
    const res = await fetch(`${src.hub.url}/api/sla/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ policy, ticket: tickets().get('500Hs00001Xy7BcIAJ'), at: '2025-03-14T12:00:00Z' }) });
    expect(res.status).toBe(200);
    // Created 03-13 15:00, closed 03-14 09:50 = 18 h 50 min = 67800 s ≤ 24 h: resolution met. Case gives no reply times, so
    // the first reply clock stops at the close as well (docs/sla.md: the first solve ends it): 67800 s > 60 min, missed.
    expect(((await res.json()) as { instances: unknown[] }).instances).toEqual([
      expect.objectContaining({ metric: 'first_reply_time', outcome: 'missed', fulfilled_at: '2025-03-14T09:50:00.000Z' }),
      expect.objectContaining({ metric: 'resolution', clock: 'stopped', outcome: 'met', fulfilled_at: '2025-03-14T09:50:00.000Z', business_elapsed_s: 67800 })]);
  });

  it('queries Case by SystemModstamp and the owner changes of each page from CaseHistory', async () => {
    // First page of the first run (oldest first: the deleted case 08:06, the POS case 09:30), no WHERE.
    expect(src.fake.soql()).toContain('SELECT CaseId, Field, OldValue, NewValue, CreatedDate FROM CaseHistory '
      + 'WHERE CaseId IN (\'500Hs00001Xy7DeIAJ\',\'500Hs00001Xy7AbIAJ\') AND Field IN (\'Owner\',\'ownerAssignment\') ORDER BY CreatedDate');
    // The newest case change read is the kiosk question's 10:00:00; the next run starts 60 s before it.
    await waitFor('an incremental case query', () => src.fake.soql().find((q) => q.endsWith('FROM Case WHERE SystemModstamp >= 2025-03-14T09:59:00Z ORDER BY SystemModstamp, Id')));
    expect(src.fake.soql()).toContainEqual(expect.stringMatching(/^SELECT Id, CaseNumber, Subject, Status, IsClosed, Priority, Origin, AccountId, Account\.Name, OwnerId, Owner\.Name, CreatedDate, ClosedDate, LastModifiedDate, SystemModstamp, IsDeleted, Order_Number__c FROM Case/));
    const between = await waitFor('a run to end', () => { const c = src.cursor<SalesforceCursor>(); return c && !c.phase ? c : undefined; });
    expect(between.objects?.Case).toEqual({ watermark: '2025-03-14T10:00:00.000Z' });
  });

  it('picks up a case taken by a user from the queue and closed between two polls', async () => {
    const dana = '005Hs000004TqLmIAK';
    Object.assign(src.fake.cases.find((c) => c.Id === '500Hs00001Xy7AbIAJ')!, { OwnerId: dana, Owner: { attributes: { type: 'Name' }, Name: 'Dana Whitfield' },
      Status: 'Closed', IsClosed: true, ClosedDate: '2025-03-14T10:15:00.000+0000', LastModifiedDate: '2025-03-14T10:15:00.000+0000', SystemModstamp: '2025-03-14T10:15:01.000+0000' });
    src.fake.caseHistory.push(
      { CaseId: '500Hs00001Xy7AbIAJ', Field: 'Owner', OldValue: 'Tier 2 Support', NewValue: 'Dana Whitfield', CreatedDate: '2025-03-14T10:10:00.000+0000' },
      { CaseId: '500Hs00001Xy7AbIAJ', Field: 'Owner', OldValue: '00GHs000003TqAbMAK', NewValue: dana, CreatedDate: '2025-03-14T10:10:00.000+0000' });
    const pos = await waitFor('the closed case', () => { const t = tickets().get('500Hs00001Xy7AbIAJ'); return t?.status === 'closed' ? t : undefined; });
    // Now a user's: assignee, and no group; the owner changes and the close, in time order.
    expect(pos).toMatchObject({ assignee: 'Dana Whitfield', updated_at: '2025-03-14T10:15:01.000Z', events: [
      { at: '2025-03-14T08:20:00.000Z', kind: 'group', to: 'Tier 1 Support' }, { at: '2025-03-14T09:30:00.000Z', kind: 'group', to: 'Tier 2 Support' },
      { at: '2025-03-14T10:10:00.000Z', kind: 'assignee', to: 'Dana Whitfield' }, { at: '2025-03-14T10:15:00.000Z', kind: 'status', to: 'closed' }] });
    expect(pos).not.toHaveProperty('group');
    await waitFor('one open case', async () => ((await src.scalar('tickets.open')) === 1 ? true : undefined));
  });
});

describe('Salesforce Cases: options and permissions', () => {
  it('a user who may not see Case: one warning, the run ends, the next runs read the other objects only', async () => {
    const org = await startFakeSalesforce({ pageSize: 10, cases: false, token: src.fake.token });
    const warned: string[] = [];
    const log = { ...silent, warn: (_obj: object, msg: string) => { warned.push(msg); } } as unknown as typeof silent;
    const connector = createSalesforceConnector(salesforceOptionsSchema.parse({ instance_url: org.url, token_env: TOKEN_ENV, stage_history: false, multi_currency: false,
      accounts: false, cases: true }), process.env, 'sf-no-cases');
    const ctx = (cursor: SalesforceCursor | undefined) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log });
    try {
      const opportunities = await connector.poll(ctx(undefined));
      expect(opportunities).toMatchObject({ more: true, cursor: { phase: 'Case' } });
      const refused = await connector.poll(ctx(opportunities.cursor));
      expect(refused).toMatchObject({ records: [], more: false });
      expect(refused.cursor).not.toHaveProperty('phase');
      expect(warned).toEqual(['Salesforce Case unreadable; the source goes on without ticket records']);
      expect((await connector.poll(ctx(refused.cursor))).more).toBe(false); // Opportunity only from now on
    } finally { await org.close(); }
  });

  it('a case that cannot be mapped is logged and left out, the others of its page stored', async () => {
    const org = await startFakeSalesforce({ pageSize: 10, token: src.fake.token });
    Object.assign(org.cases.find((c) => c.Id === '500Hs00001Xy7BcIAJ')!, { CreatedDate: 'yesterday' });
    const warned: string[] = [];
    const log = { ...silent, warn: (_obj: object, msg: string) => { warned.push(msg); } } as unknown as typeof silent;
    const connector = createSalesforceConnector(salesforceOptionsSchema.parse({ instance_url: org.url, token_env: TOKEN_ENV, stage_history: false, multi_currency: false,
      accounts: false, cases: true }), process.env, 'sf-bad-case');
    try {
      const first = await connector.poll({ cursor: undefined, now: Date.now(), signal: new AbortController().signal, log });
      const page = await connector.poll({ cursor: first.cursor, now: Date.now(), signal: new AbortController().signal, log });
      expect((page.records as Ticket[]).map((t) => t.id).sort()).toEqual(['500Hs00001Xy7AbIAJ', '500Hs00001Xy7CdIAJ', '500Hs00001Xy7DeIAJ']);
      expect(warned).toEqual(['vendor record skipped: cannot map it']);
    } finally { await org.close(); }
  });

  it('case_extra_fields: asked for in the Case SOQL and kept in each ticket\'s extra', async () => {
    const org = await startFakeSalesforce({ pageSize: 10, token: src.fake.token });
    const connector = createSalesforceConnector(salesforceOptionsSchema.parse({ instance_url: org.url, token_env: TOKEN_ENV, stage_history: false, multi_currency: false,
      accounts: false, cases: true, case_extra_fields: [{ field: 'Type', as: 'case_type' }] }), process.env, 'sf-case-extra');
    const ctx = (cursor: SalesforceCursor | undefined) => ({ cursor, now: Date.now(), signal: new AbortController().signal, log: silent });
    try {
      const first = await connector.poll(ctx(undefined));
      const byId = new Map(((await connector.poll(ctx(first.cursor))).records as Ticket[]).map((t) => [t.id, t]));
      expect(org.soql().find((q) => q.includes('FROM Case '))).toContain('IsDeleted, Type FROM Case'); // no case_links here: only the extra field after the standard ones
      // tests/support/vendors/salesforce.ts salesforceCases(): Type Problem on the POS case, Question on the invoice one, none on the third.
      expect(byId.get('500Hs00001Xy7AbIAJ')!.extra).toMatchObject({ case_type: 'Problem', case_number: '00001026' });
      expect(byId.get('500Hs00001Xy7BcIAJ')!.extra).toMatchObject({ case_type: 'Question' });
      expect(byId.get('500Hs00001Xy7CdIAJ')!.extra).not.toHaveProperty('case_type');
    } finally { await org.close(); }
  });

  it('cases are off by default: an existing config reads no Case', () => {
    const opts = salesforceOptionsSchema.parse({ instance_url: 'https://acme.my.salesforce.com' });
    expect(opts.cases).toBe(false);
    expect(createSalesforceConnector(opts, {}, 'x').entities).toEqual(['deal', 'account']);
  });
});
