import { z } from 'zod';

/** An ISO-8601 instant with an explicit zone (`Z` or an offset); the hub stores it as UTC. */
const anyInstant = z.iso.datetime({ offset: true });
/**
 * When something happened to a record: from 1970 to 2199. Business records are never older, and SLA clocks
 * count business time from them (a ticket "created" in year 1 would cost the engine a pass over 2,000 years).
 */
const instant = anyInstant.refine((t) => { const year = Number(t.slice(0, 4)); return year >= 1970 && year < 2200; },
  { message: 'expected an instant from 1970 to 2199' });

export const ORDER_STATUSES = ['new', 'confirmed', 'in_fulfilment', 'shipped', 'delivered', 'cancelled'] as const;
export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed', 'deleted'] as const;
export const DEAL_STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type DealStage = (typeof DEAL_STAGES)[number];

/** Record types that can link to one another; a business flow follows these links across systems. */
export const LINKABLE_TYPES = ['deal', 'order', 'ticket'] as const;

/**
 * A link to a record of another type: the deal an order came from, the order a ticket is about. `source` is the
 * id of the source it lives in (absent: the same source as the record carrying the link). A link may name a
 * record that has not arrived (yet): flows complete when it does.
 */
const linkSchema = z.object({
  type: z.enum(LINKABLE_TYPES),
  id: z.string().min(1).max(200),
  source: z.string().min(1).max(100).optional(),
}).strict();

const common = {
  id: z.string().min(1).max(200),
  /**
   * The source's own id of the customer account this record belongs to (Salesforce `AccountId`, an ERPNext
   * Customer name, a Zendesk `organization_id`): an `account` record of the same source. Never a contact's name.
   * The customer map (docs/customers.md) resolves it to one customer across systems.
   */
  account_id: z.string().min(1).max(200).optional(),
  links: z.array(linkSchema).max(50).optional(),
  department: z.string().max(100).optional(),
  created_at: instant,
  updated_at: instant,
  /** Fields the canonical shape has no place for; kept, never interpreted. */
  extra: z.record(z.string(), z.unknown()).optional(),
};

/**
 * An order or deal deleted (or archived away) in the vendor: a tombstone. It keeps the status or stage it
 * last had (cancelled and lost are business outcomes that count; deleted is not one) and leaves every metric.
 * Tickets say the same with their status `deleted`. A vendor that restores the record sends it without the flag.
 */
const deleted = z.boolean().optional();

/**
 * Money as the vendor sent it (`amount` in `currency`) and, where the vendor keeps one, the same amount in the
 * vendor company's own currency (`base_amount` in `base_currency`: ERPNext `base_grand_total`, HubSpot
 * `amount_in_home_currency`, Salesforce `Amount` ÷ the corporate rate...). `amount_reporting` is set by the hub at ingest, in the configured reporting currency
 * (docs/metrics.md, Money): from the base amount when the base currency is the reporting currency, otherwise from
 * the rate table; absent when no rate covers the record, which then leaves every money metric.
 */
const money = {
  amount: z.number().finite(),
  currency: z.string().max(10).optional(),
  base_amount: z.number().finite().optional(),
  base_currency: z.string().max(10).optional(),
  amount_reporting: z.number().finite().optional(),
};

export const orderSchema = z.object({
  type: z.literal('order'),
  ...common,
  status: z.enum(ORDER_STATUSES),
  ...money,
  customer: z.string().max(500).optional(),
  region: z.string().max(100).optional(),
  channel: z.string().max(100).optional(),
  owner: z.string().max(200).optional(),
  history: z.array(z.object({ status: z.enum(ORDER_STATUSES), at: instant })).optional(),
  deleted,
});

const ticketEventSchema = z.discriminatedUnion('kind', [
  z.object({ at: instant, kind: z.literal('comment'), by: z.enum(['customer', 'agent']), public: z.boolean() }),
  z.object({ at: instant, kind: z.literal('status'), to: z.enum(TICKET_STATUSES) }),
  z.object({ at: instant, kind: z.literal('priority'), to: z.enum(TICKET_PRIORITIES) }),
  /** The ticket passed to another group (team) or agent: what tickets.reassignments counts. */
  z.object({ at: instant, kind: z.literal('group'), to: z.string().max(200) }),
  z.object({ at: instant, kind: z.literal('assignee'), to: z.string().max(200) }),
]);

export const ticketSchema = z.object({
  type: z.literal('ticket'),
  ...common,
  subject: z.string().max(2000).optional(),
  priority: z.enum(TICKET_PRIORITIES),
  status: z.enum(TICKET_STATUSES),
  group: z.string().max(200).optional(),
  assignee: z.string().max(200).optional(),
  customer: z.string().max(500).optional(),
  channel: z.string().max(100).optional(),
  events: z.array(ticketEventSchema).optional(),
  vendor_due: z.array(z.object({ metric: z.string(), due_at: anyInstant })).optional(),
});

export const dealSchema = z.object({
  type: z.literal('deal'),
  ...common,
  name: z.string().max(1000).optional(),
  stage: z.enum(DEAL_STAGES),
  ...money,
  owner: z.string().max(200).optional(),
  region: z.string().max(100).optional(),
  pipeline: z.string().max(200).optional(),
  close_date: z.string().optional(),
  history: z.array(z.object({ stage: z.enum(DEAL_STAGES), at: instant })).optional(),
  deleted,
});

/**
 * A customer account as one source knows it (Salesforce Account, HubSpot Company, ERPNext Customer, Odoo commercial
 * partner, Zendesk/Zammad Organization, Freshdesk Company, SAP B1 Business Partner): the keys the customer map matches on.
 */
export const accountSchema = z.object({
  type: z.literal('account'),
  id: z.string().min(1).max(200),
  name: z.string().max(1000).optional(),
  /** A tax id such as the 统一社会信用代码, as the vendor holds it. */
  tax_id: z.string().max(100).optional(),
  /** An id another system gave this account (Zendesk `external_id`, a CRM id kept on the ERP customer). */
  external_id: z.string().max(200).optional(),
  domain: z.string().max(300).optional(),
  created_at: instant,
  updated_at: instant,
  extra: common.extra,
  deleted,
});

export const recordSchema = z.discriminatedUnion('type', [orderSchema, ticketSchema, dealSchema, accountSchema]);

export type Order = z.infer<typeof orderSchema>;
export type Ticket = z.infer<typeof ticketSchema>;
export type TicketEvent = z.infer<typeof ticketEventSchema>;
export type Deal = z.infer<typeof dealSchema>;
export type Account = z.infer<typeof accountSchema>;
export type RecordLink = z.infer<typeof linkSchema>;
export type CanonicalRecord = z.infer<typeof recordSchema>;
export type RecordType = CanonicalRecord['type'];

/** A stored record together with the source it came from. */
export type SourcedRecord = CanonicalRecord & { source: string };

/** Deleted in its source: a tombstone (order, deal, account), or a ticket with status deleted. It leaves every metric and flow. */
export const isDeleted = (r: CanonicalRecord): boolean => (r.type === 'ticket' ? r.status === 'deleted' : r.deleted === true);

/** One change the store applied: `before` is absent for a new record. */
export interface RecordChange { before?: SourcedRecord; after: SourcedRecord }
