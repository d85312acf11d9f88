import { DateTime } from 'luxon';
import type { CanonicalRecord, Deal, DealStage } from '../model';
import { HUBSPOT_DEFAULT_STAGES, mapZendeskTicket, type ZendeskMappingOptions, type ZendeskTicket } from '../sources';

/** A vendor body turned into canonical candidates; `index` is the item's place in the vendor body. */
export interface Mapped {
  records: { index: number; record: unknown }[];
  rejected: { index: number; error: string }[];
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const ZENDESK_DEFAULTS: ZendeskMappingOptions = { status_map: {}, priority_map: {}, group_map: {}, default_priority: 'normal' };
const ZENDESK_DELETIONS = new Set(['zen:event-type:ticket.soft_deleted', 'zen:event-type:ticket.permanently_deleted']);
const idOf = (v: unknown) => (v === null || v === undefined || v === '' || v === '0' ? null : Number(v));

/** Zendesk's event payloads write ids as strings and statuses capitalised ("Open", "On-hold"): the export's shape. */
function zendeskTicketOf(d: Record<string, unknown>): ZendeskTicket {
  const lower = (v: unknown) => (typeof v === 'string' && v !== '' ? v.toLowerCase().replace(/^on[-_ ]hold$/, 'hold') : null);
  const via = isObject(d.via) && typeof d.via.channel === 'string' ? { channel: d.via.channel } : undefined;
  return {
    id: d.id as number, status: lower(d.status) ?? '', priority: lower(d.priority),
    subject: typeof d.subject === 'string' ? d.subject : null, type: lower(d.type),
    created_at: d.created_at as string, updated_at: d.updated_at as string,
    assignee_id: idOf(d.assignee_id), group_id: idOf(d.group_id), organization_id: idOf(d.organization_id), requester_id: idOf(d.requester_id),
    ...(Array.isArray(d.tags) ? { tags: d.tags as string[] } : {}), ...(via ? { via } : {}),
    ...(isObject(d.slas) ? { slas: d.slas as ZendeskTicket['slas'] } : {}),
  };
}

/**
 * A Zendesk webhook body: a ticket event (`{ type: "zen:event-type:ticket.…", detail, time }`, the ticket's
 * state in `detail`), or a trigger body `{ ticket }` / `{ tickets: [...] }` in the API's ticket shape.
 * Each ticket goes through the Zendesk connector's own mapping.
 */
export function mapZendeskWebhook(body: unknown, opts: ZendeskMappingOptions = ZENDESK_DEFAULTS): Mapped {
  const out: Mapped = { records: [], rejected: [] };
  const one = (index: number, t: unknown, deletedAt?: string) => {
    if (!isObject(t) || t.id === undefined || t.id === null || t.id === '') {
      out.rejected.push({ index, error: 'not a Zendesk ticket (no id)' });
      return;
    }
    try {
      const ticket = zendeskTicketOf(t);
      if (deletedAt) Object.assign(ticket, { status: 'deleted', updated_at: [ticket.updated_at, deletedAt].filter(Boolean).sort().pop() });
      if (!ticket.status) throw new Error('the ticket has no status');
      out.records.push({ index, record: mapZendeskTicket(ticket, opts) });
    } catch (err) {
      out.rejected.push({ index, error: `ticket ${String(t.id)}: ${message(err)}` });
    }
  };
  if (isObject(body) && typeof body.type === 'string') {
    if (!body.type.startsWith('zen:event-type:ticket.')) out.rejected.push({ index: 0, error: `event type "${body.type}" is not a ticket event: nothing to store` });
    else one(0, body.detail, ZENDESK_DELETIONS.has(body.type) ? String(body.time ?? '') : undefined);
  } else if (isObject(body) && isObject(body.ticket)) one(0, body.ticket);
  else if (isObject(body) && Array.isArray(body.tickets)) body.tickets.forEach((t, i) => one(i, t));
  else throw new Error('expected a Zendesk ticket event { "type": "zen:event-type:ticket.…", "detail": {…} }, { "ticket": {…} } or { "tickets": [...] }');
  return out;
}

export interface HubspotWebhookOptions {
  stage_map?: Record<string, DealStage>;
  timezone: string;
  /** The deal as this source stores it now, if it does. */
  known(id: string): CanonicalRecord | undefined;
}

/** The deal properties an event may change, and how each lands on the canonical deal. */
/**
 * A webhook names one changed property, so the stored company-currency amount (HubSpot's amount_in_home_currency)
 * no longer matches a new amount or currency: it goes, and the amount is converted from its own currency until
 * the next poll brings the vendor's figure (docs/metrics.md, Money).
 */
function dropBaseAmount(deal: Deal): void {
  delete deal.base_amount;
  delete deal.base_currency;
}

const DEAL_PROPERTIES: Record<string, (deal: Deal, value: string, o: HubspotWebhookOptions) => void> = {
  dealstage: (deal, value, o) => {
    const stage = o.stage_map?.[value] ?? HUBSPOT_DEFAULT_STAGES[value];
    if (!stage) throw new Error(`stage id "${value}" is not in HubSpot's default pipeline: map it in the source's "stage_map"`);
    deal.stage = stage;
    deal.extra = { ...deal.extra, stage_id: value };
  },
  amount: (deal, value) => {
    const amount = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(amount)) throw new Error(`amount "${value}" is not a number`);
    deal.amount = amount;
    dropBaseAmount(deal);
  },
  dealname: (deal, value) => { deal.name = value; },
  deal_currency_code: (deal, value) => { deal.currency = value; dropBaseAmount(deal); },
  hubspot_owner_id: (deal, value) => { deal.owner = value; },
  closedate: (deal, value, o) => {
    const at = /^\d+$/.test(value) ? DateTime.fromMillis(Number(value)) : DateTime.fromISO(value);
    if (!at.isValid) throw new Error(`closedate "${value}" is neither epoch ms nor ISO 8601`);
    deal.close_date = at.setZone(o.timezone).toISODate()!;
  },
};

/**
 * HubSpot webhook events (an array of `{ objectId, subscriptionType, propertyName, propertyValue, occurredAt }`)
 * → canonical deals. An event names one property, so it can only update a deal this source already holds
 * (pushed once in canonical form): `deal.propertyChange` of a mapped property and `deal.deletion` (a tombstone,
 * `deleted: true` with its stage as it was, as the HubSpot connector stores archived deals). Anything else is rejected with its reason.
 * Events for one deal in one batch apply in `occurredAt` order.
 */
export function mapHubspotWebhook(body: unknown, o: HubspotWebhookOptions): Mapped {
  if (!Array.isArray(body)) throw new Error('expected a JSON array of HubSpot webhook events');
  const out: Mapped = { records: [], rejected: [] };
  const current = new Map<string, Deal>();
  const order = body.map((e, index) => ({ e, index }))
    .sort((a, b) => Number((a.e as { occurredAt?: unknown })?.occurredAt ?? 0) - Number((b.e as { occurredAt?: unknown })?.occurredAt ?? 0));
  for (const { e, index } of order) {
    const reject = (error: string) => out.rejected.push({ index, error });
    if (!isObject(e) || e.objectId === undefined || typeof e.subscriptionType !== 'string' || typeof e.occurredAt !== 'number') {
      reject('not a HubSpot webhook event (needs objectId, subscriptionType and occurredAt in epoch ms)');
      continue;
    }
    const id = String(e.objectId);
    const kind = e.subscriptionType;
    if (!kind.startsWith('deal.')) { reject(`"${kind}" events are not mapped: only deal events are`); continue; }
    if (kind !== 'deal.propertyChange' && kind !== 'deal.deletion') {
      reject(`"${kind}" carries no deal properties: push the deal in canonical form ({ "records": [...] }) first`);
      continue;
    }
    const known = current.get(id) ?? o.known(id);
    if (!known || known.type !== 'deal') { reject(`deal ${id} is not stored in this source yet: an event carries one property, not a whole deal; push the deal in canonical form first`); continue; }
    const { source: _source, history: _history, ...rest } = known as Deal & { source?: string };
    const deal: Deal = { ...rest, updated_at: new Date(e.occurredAt).toISOString() };
    try {
      if (kind === 'deal.deletion') {
        deal.deleted = true;
      } else {
        const name = String(e.propertyName ?? '');
        const apply = DEAL_PROPERTIES[name];
        if (!apply) throw new Error(`property "${name}" is not mapped (mapped: ${Object.keys(DEAL_PROPERTIES).join(', ')})`);
        if (typeof e.propertyValue !== 'string') throw new Error(`property "${name}" has no string propertyValue`);
        apply(deal, e.propertyValue, o);
      }
    } catch (err) {
      reject(`deal ${id}: ${message(err)}`);
      continue;
    }
    current.set(id, deal);
    out.records.push({ index, record: deal });
  }
  return out;
}
