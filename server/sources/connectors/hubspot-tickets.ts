import { z } from 'zod';
import { isoToUtc, TICKET_PRIORITIES, TICKET_STATUSES, type Ticket, type TicketPriority, type TicketStatus } from '../../model';
import { associatedIds, PRIMARY_COMPANY_TYPE, primaryCompany, type HsAssociated } from './hubspot-associations';
import { linkFieldsSchema, readLinks, type LinkField } from './links';
import { extraFieldsSchema, readExtra, type ExtraField } from './extra-fields';
import { mapped, maybeUtc, ticketEvents } from './service-desk';

/**
 * The ticket properties read (HubSpot's default ticket properties, every value a string): `subject`, the pipeline and
 * its stage (the ticket's status), `hs_ticket_priority`, the owner and team, `source_type` (the channel), creation,
 * close and first agent reply dates, and `hs_lastmodifieddate` (what the search polls on).
 */
export const TICKET_PROPERTIES = ['subject', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_priority', 'hubspot_owner_id', 'hubspot_team_id',
  'source_type', 'createdate', 'closed_date', 'first_agent_reply_date', 'hs_lastmodifieddate'];

/** `hs_ticket_priority`'s options → canonical priority (the options are the portal's own: `ticket_priority_map` adds or overrides). */
export const HUBSPOT_TICKET_PRIORITIES: Record<string, TicketPriority> = { LOW: 'low', MEDIUM: 'normal', HIGH: 'high', URGENT: 'urgent' };
/** The stages of HubSpot's default support pipeline, by label → canonical status (after the map, before `ticketState`). */
export const HUBSPOT_TICKET_STAGE_LABELS: Record<string, TicketStatus> = { 'New': 'new', 'Waiting on contact': 'pending', 'Waiting on us': 'open', 'Closed': 'closed' };

/** A ticket pipeline stage as `GET /crm/v3/pipelines/tickets` gives it: its `metadata.ticketState` is `OPEN` or `CLOSED`. */
export interface HsTicketStage { id: string; label: string; displayOrder: number; metadata: { ticketState?: string } }
export interface HsTicketPipeline { id: string; label: string; stages: HsTicketStage[] }
/** A ticket as CRM search or the archived list gives it. */
export interface HsTicketObject { id: string; properties: Record<string, string | null | undefined>; createdAt: string; updatedAt: string; archived?: boolean; archivedAt?: string }
/** What a ticket is associated with: its companies and deals. */
export interface HsTicketAssociations { companies?: HsAssociated[]; deals?: HsAssociated[] }

/** The keys hubspotTicket writes in `extra` itself. */
const TICKET_EXTRA = ['stage_id', 'stage_label', 'ticket_state', 'pipeline_id', 'pipeline', 'hs_ticket_priority'];

/** The HubSpot options for tickets (`property` validates a property's internal name). */
export function hubspotTicketOptions(property: z.ZodType<string>) {
  return {
    /** Read tickets as `ticket` records (after the deals and companies of each run). Off: the deals' ticket links name tickets read elsewhere, or none. */
    tickets: z.boolean().default(false),
    /** Ticket stage id (or label) → canonical status; wins over the stage's `ticketState` and the default pipeline's labels. */
    ticket_status_map: z.record(z.string(), z.enum(TICKET_STATUSES)).default({}),
    /** `hs_ticket_priority` option → canonical priority, merged over LOW/MEDIUM/HIGH/URGENT. */
    ticket_priority_map: z.record(z.string(), z.enum(TICKET_PRIORITIES)).default({}),
    /** `hubspot_team_id` → the group name shown on screens; an unmapped team keeps its id. */
    team_map: z.record(z.string(), z.string().min(1).max(200)).default({}),
    /** Put on every ticket of this source, for the `department` filter and SLA policies. */
    ticket_department: z.string().min(1).max(100).optional(),
    /** Ticket properties (internal names, e.g. `erp_order_number`) holding the id of a linked record. */
    ticket_links: linkFieldsSchema(property),
    /** Ticket properties (internal names, e.g. `hs_ticket_category`, a custom `product_line`) added to `properties` and kept in each ticket's `extra`, as strings. */
    ticket_extra_fields: extraFieldsSchema(property, TICKET_EXTRA),
  };
}

export interface HubspotTicketOptions {
  ticket_status_map: Record<string, TicketStatus>; ticket_priority_map: Record<string, TicketPriority>; team_map: Record<string, string>;
  ticket_department?: string | undefined; ticket_links: LinkField[]; ticket_extra_fields?: ExtraField[];
}

/**
 * A ticket's canonical status from its stage: the tenant's map (by stage id, then label), then a `CLOSED` stage is `closed`,
 * then the default support pipeline's labels (New, Waiting on contact, Waiting on us), else `open` (an `OPEN` or unknown stage).
 */
export function hubspotTicketStatus(stageId: string, stage: HsTicketStage | undefined, map: Record<string, TicketStatus>): TicketStatus {
  const byMap = map[stageId] ?? (stage ? map[stage.label] : undefined);
  if (byMap) return byMap;
  if (stage?.metadata.ticketState === 'CLOSED') return 'closed';
  return (stage ? HUBSPOT_TICKET_STAGE_LABELS[stage.label] : undefined) ?? 'open';
}

/**
 * One HubSpot ticket → a canonical ticket; an archived (deleted) one is a tombstone (status `deleted`). Its account is
 * its primary company ("Ticket with Primary Company", type 26), its links the associated deals and the `ticket_links`
 * properties. Events: the first agent reply as a public agent comment, and `closed_date` as the close of a closed ticket.
 */
export function hubspotTicket(o: HsTicketObject, pipelines: Map<string, HsTicketPipeline>, opts: HubspotTicketOptions, associations: HsTicketAssociations = {}): Ticket {
  const p = o.properties;
  const pipeline = p.hs_pipeline ? pipelines.get(p.hs_pipeline) : undefined;
  const stageId = p.hs_pipeline_stage ?? '';
  const stage = pipeline?.stages.find((s) => s.id === stageId);
  const archived = o.archived === true;
  const status: TicketStatus = archived ? 'deleted' : hubspotTicketStatus(stageId, stage, opts.ticket_status_map);
  const done = status === 'closed' || status === 'solved';
  const events = ticketEvents([
    { at: maybeUtc(p.first_agent_reply_date), kind: 'comment', by: 'agent', public: true },
    ...(done ? [{ at: maybeUtc(p.closed_date), kind: 'status' as const, to: status }] : []),
  ], status, undefined);
  const team = p.hubspot_team_id || undefined;
  const account = primaryCompany(associations.companies ?? [], PRIMARY_COMPANY_TYPE.tickets);
  const deals = associatedIds(associations.deals).map((id) => ({ type: 'deal' as const, id }));
  const links = readLinks(opts.ticket_links, (name) => p[name], deals);
  return {
    type: 'ticket', id: o.id, status,
    priority: mapped(p.hs_ticket_priority || undefined, opts.ticket_priority_map, HUBSPOT_TICKET_PRIORITIES) ?? 'normal',
    created_at: isoToUtc(p.createdate || o.createdAt),
    updated_at: isoToUtc(archived && o.archivedAt ? o.archivedAt : p.hs_lastmodifieddate || o.updatedAt),
    ...(p.subject ? { subject: p.subject } : {}),
    ...(team ? { group: opts.team_map[team] ?? team } : {}),
    ...(p.hubspot_owner_id ? { assignee: p.hubspot_owner_id } : {}),
    ...(account ? { account_id: account } : {}),
    ...(links ? { links } : {}),
    ...(p.source_type ? { channel: p.source_type.toLowerCase() } : {}),
    ...(opts.ticket_department ? { department: opts.ticket_department } : {}),
    ...(events.length > 0 ? { events } : {}),
    extra: {
      ...readExtra(opts.ticket_extra_fields ?? [], (name) => p[name]),
      stage_id: stageId, ...(stage ? { stage_label: stage.label } : {}), ...(stage?.metadata.ticketState ? { ticket_state: stage.metadata.ticketState } : {}),
      ...(p.hs_pipeline ? { pipeline_id: p.hs_pipeline } : {}), ...(pipeline ? { pipeline: pipeline.label } : {}),
      ...(p.hs_ticket_priority ? { hs_ticket_priority: p.hs_ticket_priority } : {}),
    },
  };
}
