import { isoSeconds } from '../../model';
import { DEMO_CUSTOMERS, type DemoCustomer } from '../customers';
import type { VendorReply, VendorRequest } from './http';

/** The account's organization field (a text field, key `tax_number`) holding the customer's tax id (统一社会信用代码). */
export const ZENDESK_TAX_ID_FIELD = 'tax_number';
const FIRST_ORGANIZATION_ID = 1500093311200;
const PAGE_MAX = 1000;
const DAY = 86_400_000;

/** An organization as Zendesk's Organizations API and its incremental export give it. */
export interface ZendeskOrganization {
  id: number; url: string; name: string; shared_tickets: boolean; shared_comments: boolean; external_id: string | null;
  created_at: string; updated_at: string; domain_names: string[]; details: string; notes: string; group_id: number | null;
  tags: string[]; organization_fields: Record<string, string | null>;
}

/** The organization id of a customer (customers.ts): the account made them in the order of the list. */
export const organizationId = (customer: DemoCustomer): number => FIRST_ORGANIZATION_ID + DEMO_CUSTOMERS.indexOf(customer);

/**
 * A customer as the service desk's organization: an English name the support team chose, the e-mail domain its users
 * are matched by, the tax id in an organization field; no external id (nothing another system holds). Made when its
 * first ticket came in, after the CRM and the ERP knew it, and edited (a tag, a domain) a few weeks before the history.
 */
function organization(c: DemoCustomer, historyStart: number): ZendeskOrganization {
  const id = organizationId(c);
  const created = historyStart - Math.round(c.since * 0.6) * DAY - 60_000 * (c.since % 700);
  const updated = historyStart - (((c.since * 3) % 29) + 1) * DAY + 60_000 * (c.since % 500);
  return {
    id, url: `/api/v2/organizations/${id}.json`, name: c.names.zendesk, shared_tickets: false, shared_comments: false, external_id: null,
    created_at: isoSeconds(created), updated_at: isoSeconds(updated), domain_names: [c.domain], details: `${c.city}, ${c.country}`, notes: '',
    group_id: null, tags: c.tier === 'standard' ? [] : [`${c.tier}_account`],
    organization_fields: { [ZENDESK_TAX_ID_FIELD]: c.taxId, customer_tier: c.tier },
  };
}

export function zendeskOrganizations(historyStart: number): ZendeskOrganization[] {
  return DEMO_CUSTOMERS.map((c) => organization(c, historyStart));
}

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The time-based incremental organization export (`GET /api/v2/incremental/organizations?start_time=<unix s>`):
 * organizations updated at or after `start_time`, oldest first, up to 1000 a page; `end_time` is the last one's
 * `updated_at` and `next_page` asks again from it (so its second repeats: time-based exports can return an item twice);
 * `end_of_stream` once the page holds all that is left. Changes in the last `holdback` seconds wait, as Zendesk's last minute.
 */
export function organizationExport(organizations: readonly ZendeskOrganization[], req: VendorRequest, now: number, holdback: number): VendorReply {
  const q = req.url.searchParams;
  const start = Number(q.get('start_time') ?? NaN);
  if (!Number.isInteger(start) || start < 0) return { status: 400, body: { error: 'InvalidValue', description: 'start_time is required' } };
  // Zendesk refuses a start_time within the minute it holds back; a next_page never points there, as none may here.
  if (start > Math.floor(now / 1000) - holdback) return { status: 422, body: { error: 'InvalidValue', description: 'Too recent start_time. Use a start_time older than 1 minute.' } };
  const perPage = Math.min(PAGE_MAX, Math.max(1, Number(q.get('per_page') ?? PAGE_MAX) || PAGE_MAX));
  const cutoff = Math.floor(now / 1000) - holdback;
  const ready = organizations.filter((o) => unix(o.updated_at) >= start && unix(o.updated_at) < cutoff)
    .sort((a, b) => unix(a.updated_at) - unix(b.updated_at) || a.id - b.id);
  const page = ready.slice(0, perPage);
  const endTime = page.length > 0 ? unix(page.at(-1)!.updated_at) : start;
  const base = `http://${req.headers.host ?? '127.0.0.1'}${req.path}`;
  return {
    body: {
      organizations: page, next_page: `${base}?start_time=${endTime}${q.has('per_page') ? `&per_page=${perPage}` : ''}`,
      count: page.length, end_of_stream: ready.length <= perPage, end_time: endTime,
    },
  };
}
