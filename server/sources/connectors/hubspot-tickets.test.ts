import { describe, expect, it } from 'vitest';
import { hubspotOptionsSchema } from './hubspot';
import { PRIMARY_COMPANY_TYPE, primaryCompany } from './hubspot-associations';
import { hubspotTicket, hubspotTicketStatus, type HsTicketPipeline } from './hubspot-tickets';

// A ticket pipeline as GET /crm/v3/pipelines/tickets answers it
// (https://developers.hubspot.com/docs/api-reference/legacy/crm/pipelines/get-pipeline): each stage's metadata.ticketState.
const stage = (id: string, label: string, ticketState: 'OPEN' | 'CLOSED') => ({ id, label, displayOrder: 0, metadata: { ticketState } });
const support: HsTicketPipeline = { id: '0', label: 'Support Pipeline', stages: [stage('1', 'New', 'OPEN'), stage('2', 'Waiting on contact', 'OPEN'),
  stage('3', 'Waiting on us', 'OPEN'), stage('4', 'Closed', 'CLOSED'), stage('5', 'Escalated', 'OPEN'), stage('6', 'Resolved', 'CLOSED')] };
const pipelines = new Map([[support.id, support]]);
const opts = hubspotOptionsSchema.parse({});
const [s1, s2, , , s5, s6] = support.stages;

describe('HubSpot ticket status', () => {
  it('the map by stage id, then by label; then a CLOSED stage; then the default pipeline\'s labels; else open', () => {
    expect(hubspotTicketStatus('5', s5, { 5: 'on_hold', Escalated: 'pending' })).toBe('on_hold'); // the id wins over the label
    expect(hubspotTicketStatus('5', s5, { Escalated: 'pending' })).toBe('pending');
    expect(hubspotTicketStatus('6', s6, {})).toBe('closed'); // "Resolved" is no default label; its ticketState is CLOSED
    expect(hubspotTicketStatus('6', s6, { Resolved: 'solved' })).toBe('solved');
    expect(hubspotTicketStatus('1', s1, {})).toBe('new');
    expect(hubspotTicketStatus('2', s2, {})).toBe('pending');
    expect(hubspotTicketStatus('5', s5, {})).toBe('open'); // OPEN, a label of the tenant's own
    expect(hubspotTicketStatus('99', undefined, {})).toBe('open'); // a stage the pipelines do not list
  });
});

describe('HubSpot ticket mapping', () => {
  const raw = { id: '183534428', createdAt: '2025-03-13T11:05:00.000Z', updatedAt: '2025-03-13T12:00:00.000Z', properties: {
    subject: 'Product Installation Issue', hs_pipeline: '0', hs_pipeline_stage: '3', hs_ticket_priority: 'P1', source_type: 'EMAIL',
    createdate: '2025-03-13T11:05:00.000Z', hs_lastmodifieddate: '2025-03-13T12:00:00.000Z', closed_date: '2025-03-12T09:00:00.000Z', first_agent_reply_date: '' } };

  it('priority: the portal\'s own options through the map, LOW/MEDIUM/HIGH/URGENT by default, anything else normal', () => {
    const mapped = hubspotOptionsSchema.parse({ ticket_priority_map: { P1: 'urgent' } });
    expect(hubspotTicket(raw, pipelines, mapped).priority).toBe('urgent');
    expect(hubspotTicket(raw, pipelines, opts).priority).toBe('normal'); // P1 unmapped
    expect(hubspotTicket({ ...raw, properties: { ...raw.properties, hs_ticket_priority: 'LOW' } }, pipelines, opts).priority).toBe('low');
  });

  it('an open ticket keeps no close event from an old closed_date; an archived one is a tombstone at archivedAt', () => {
    // Stage 3 "Waiting on us" → open: the closed_date of an earlier close is no event, and an empty first reply date none either.
    const open = hubspotTicket(raw, pipelines, opts);
    expect(open).toMatchObject({ status: 'open', channel: 'email', updated_at: '2025-03-13T12:00:00.000Z' });
    expect(open).not.toHaveProperty('events');
    expect(hubspotTicket({ ...raw, archived: true, archivedAt: '2025-03-14T10:05:00Z' }, pipelines, opts))
      .toMatchObject({ status: 'deleted', updated_at: '2025-03-14T10:05:00.000Z' });
  });

  it('a ticket\'s account is its "Ticket with Primary Company" (26), not a deal\'s type (5) nor a user label', () => {
    const unlabeled = { category: 'HUBSPOT_DEFINED', typeId: 339, label: null };
    // 5 on a ticket's association is not its primary: the lowest id (987 < 4320142817 as numbers) is taken.
    expect(primaryCompany([{ toObjectId: '4320142817', associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 5 }, unlabeled] },
      { toObjectId: 987, associationTypes: [unlabeled] }], PRIMARY_COMPANY_TYPE.tickets)).toBe('987');
    expect(primaryCompany([{ toObjectId: '987', associationTypes: [{ category: 'USER_DEFINED', typeId: 26, label: 'Reseller' }] },
      { toObjectId: '4320142817', associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 26, label: 'Primary' }] }], PRIMARY_COMPANY_TYPE.tickets)).toBe('4320142817');
    const ticket = hubspotTicket(raw, pipelines, opts, { companies: [{ toObjectId: 4320142806, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 26 }] }],
      deals: [{ toObjectId: '31500000003' }, { toObjectId: 31500000003 }] }); // one deal under two types: one link
    expect(ticket).toMatchObject({ account_id: '4320142806', links: [{ type: 'deal', id: '31500000003' }] });
  });
});
