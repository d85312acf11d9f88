import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRecord, Ticket } from '../../model';
import { basicAuth } from '../../net';
import { DemoCompany } from '../company';
import { DEMO_CUSTOMERS } from '../customers';
import { DEMO_SECRETS } from '../constants';
import { startDemoVendors, type DemoVendors } from '../serve';
import { ERPNEXT_DEAL_FIELD } from './erpnext';
import { SALESFORCE_TAX_ID_FIELD } from './salesforce';
import { ZENDESK_ORDER_FIELD } from './zendesk';
import { ZENDESK_TAX_ID_FIELD } from './zendesk-organizations';

// The vendors' own formats for accounts and links, read over HTTP as a client would, field by field against the
// vendors' documentation (cited per test). Noon in Shanghai on a Thursday, after a week of the company.
const START = Date.parse('2025-03-13T04:00:00Z');
const SIM = { seed: 7, speed: 30, historyDays: 7 };
const ZONE = 'Asia/Shanghai';
const NOW = START + 20 * 60_000;
let vendors: DemoVendors;

beforeAll(async () => { vendors = await startDemoVendors({ simulation: SIM, timezone: ZONE, start: () => START, now: () => NOW }); });
afterAll(async () => { await vendors?.close(); });

type Json = Record<string, unknown>;
async function get(vendor: 'zendesk' | 'salesforce' | 'erpnext', path: string): Promise<{ status: number; body: Json }> {
  const env = vendors.env;
  const authorization = vendor === 'zendesk' ? basicAuth(`${env[DEMO_SECRETS.zendesk_email]}/token`, env[DEMO_SECRETS.zendesk_token]!)
    : vendor === 'salesforce' ? `Bearer ${env[DEMO_SECRETS.salesforce_token]}`
      : `token ${env[DEMO_SECRETS.erpnext_key]}:${env[DEMO_SECRETS.erpnext_secret]}`;
  const res = await fetch(`${vendors.urls[vendor]}${path}`, { headers: { authorization } });
  return { status: res.status, body: await res.json() as Json };
}
/** A SOQL query's rows, page after page through `nextRecordsUrl` (the org answers up to 2000 a page). */
async function soql(q: string): Promise<{ status: number; body: Json }> {
  const first = await get('salesforce', `/services/data/v62.0/query?q=${encodeURIComponent(q)}`);
  const records = [...(first.body.records as Json[] ?? [])];
  for (let body = first.body; body.done === false;) {
    body = (await get('salesforce', String(body.nextRecordsUrl))).body;
    records.push(...(body.records as Json[]));
  }
  return { status: first.status, body: { ...first.body, records } };
}
const frappe = (doctype: string, fields: string[], extra = '') =>
  get('erpnext', `/api/resource/${encodeURIComponent(doctype)}?fields=${encodeURIComponent(JSON.stringify(fields))}&limit_page_length=0${extra}`);
/** Follows a Zendesk time-based export from `start_time` to the end of its stream. */
async function exportAll(path: string, key: string, query = ''): Promise<Json[]> {
  const items: Json[] = [];
  let url = `${path}?start_time=0${query}`;
  for (let i = 0; i < 100; i++) {
    const { status, body } = await get('zendesk', url);
    expect(status, url).toBe(200);
    items.push(...(body[key] as Json[]));
    if (body.end_of_stream === true) return items;
    // Time-based exports give the next page's URL whole; the cursor export gives a cursor to ask again with.
    if (body.after_cursor) url = `${path}?cursor=${encodeURIComponent(String(body.after_cursor))}${query}`;
    else { const next = new URL(String(body.next_page)); url = next.pathname + next.search; }
  }
  throw new Error(`${path} never reached the end of its stream`);
}

describe('Salesforce: Account objects and Opportunity.AccountId', () => {
  it('serves each customer as an Account: 18-character id, legal name, the tax id in the org\'s custom field, SystemModstamp', async () => {
    // Object Reference "Account": Name, AccountNumber (nillable), Industry, BillingCity/BillingCountry; no standard tax id
    // field, so the org keeps it in a custom field (`__c`). REST query: { totalSize, done, records: [{ attributes: { type, url } … }] }.
    const { status, body } = await soql(`SELECT Id, Name, AccountNumber, ${SALESFORCE_TAX_ID_FIELD}, SystemModstamp FROM Account ORDER BY SystemModstamp, Id`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ totalSize: DEMO_CUSTOMERS.length, done: true });
    const records = body.records as Json[];
    for (const a of records) {
      expect(Object.keys(a)).toEqual(['attributes', 'Id', 'Name', 'AccountNumber', SALESFORCE_TAX_ID_FIELD, 'SystemModstamp']);
      expect(a.attributes).toEqual({ type: 'Account', url: `/services/data/v62.0/sobjects/Account/${String(a.Id)}` });
      expect(a.Id).toMatch(/^001[0-9A-Za-z]{15}$/); // key prefix 001: Account
      expect(a.AccountNumber).toBeNull();
      expect(a.SystemModstamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000$/); // e.g. 2025-03-14T08:41:22.000+0000
    }
    const stamps = records.map((a) => Date.parse(String(a.SystemModstamp).replace('+0000', 'Z')));
    expect(stamps).toEqual([...stamps].sort((x, y) => x - y));
    expect(records.map((a) => a[SALESFORCE_TAX_ID_FIELD]).sort()).toEqual(DEMO_CUSTOMERS.map((c) => c.taxId).sort());
    expect(records.map((a) => a.Name).sort()).toEqual(DEMO_CUSTOMERS.map((c) => c.names.salesforce).sort());
  });

  it('names an Account on every Opportunity (AccountId, and Account.Name as a nested related record)', async () => {
    const accounts = new Map(((await soql('SELECT Id, Name FROM Account')).body.records as Json[]).map((a) => [a.Id, a.Name]));
    const { body } = await soql('SELECT Id, AccountId, Account.Name FROM Opportunity');
    const opportunities = body.records as Json[];
    expect(opportunities.length).toBeGreaterThan(500);
    for (const o of opportunities) {
      expect(accounts.has(o.AccountId), String(o.Id)).toBe(true);
      expect(o.Account, String(o.Id)).toEqual({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${String(o.AccountId)}` }, Name: accounts.get(o.AccountId) });
    }
  });
});

describe('ERPNext: the Customer doctype and the Sales Order\'s customer and CRM deal id', () => {
  it('serves each customer as a Customer named by its series, with customer_name, customer_type, tax_id and a naive modified', async () => {
    // Customer doctype (erpnext/selling/doctype/customer/customer.json): autoname naming_series "CUST-.YYYY.-",
    // customer_type Company | Individual, tax_id; Frappe writes `modified` as naive site time with microseconds.
    const { status, body } = await frappe('Customer', ['name', 'customer_name', 'customer_type', 'tax_id', 'modified']);
    expect(status).toBe(200);
    const customers = body.data as Json[];
    expect(customers).toHaveLength(DEMO_CUSTOMERS.length + 1);
    for (const c of customers) {
      expect(Object.keys(c)).toEqual(['name', 'customer_name', 'customer_type', 'tax_id', 'modified']);
      expect(c.name).toMatch(/^CUST-\d{4}-\d{5}$/);
      expect(c.modified).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    }
    const companies = customers.filter((c) => c.customer_type === 'Company');
    expect(companies.map((c) => c.tax_id).sort()).toEqual(DEMO_CUSTOMERS.map((c) => c.taxId).sort());
    expect(customers.filter((c) => c.customer_type === 'Individual')).toEqual([expect.objectContaining({ tax_id: null })]);
    // Numbered in the order they were entered: the first is the oldest, the retail customer (1800 days before the history).
    expect(customers.find((c) => c.name!.toString().endsWith('-00001'))?.customer_type).toBe('Individual');
  });

  it('links each Sales Order to its Customer (customer = the Customer\'s name) and, when it came from a deal, to the CRM opportunity', async () => {
    const customers = new Map(((await frappe('Customer', ['name', 'customer_name', 'tax_id'])).body.data as Json[]).map((c) => [c.name, c]));
    const orders = (await frappe('Sales Order', ['name', 'customer', 'customer_name', 'tax_id', ERPNEXT_DEAL_FIELD])).body.data as Json[];
    const opportunities = new Set(((await soql('SELECT Id FROM Opportunity')).body.records as Json[]).map((o) => o.Id));
    let fromDeals = 0;
    for (const o of orders) {
      const c = customers.get(o.customer)!;
      expect(c, String(o.name)).toBeDefined();
      // customer_name and tax_id are fetched from the Customer (fetch_from customer.customer_name / customer.tax_id).
      expect([o.customer_name, o.tax_id], String(o.name)).toEqual([c.customer_name, c.tax_id]);
      if (o[ERPNEXT_DEAL_FIELD] === null) continue;
      fromDeals++;
      expect(opportunities.has(o[ERPNEXT_DEAL_FIELD]), String(o.name)).toBe(true);
    }
    expect(fromDeals).toBeGreaterThan(0); // a week in, most deals are still open: company.test.ts counts the share over three
  });
});

describe('Zendesk: organizations, the ticket\'s organization and order number, and group changes', () => {
  /** The company's tickets as they stand at NOW, by id. */
  function companyTickets(): Map<string, Ticket> {
    const out = new Map<string, Ticket>();
    for (const r of new DemoCompany({ ...SIM, start: START, timezone: ZONE }).advanceTo(NOW) as CanonicalRecord[]) if (r.type === 'ticket') out.set(r.id, r);
    return out;
  }

  it('exports the organizations as the time-based incremental export does, page by page', async () => {
    // Incremental Exports, time-based: { organizations, next_page, count, end_of_stream, end_time }; next_page asks again
    // from end_time. Organizations: id (integer), name (unique), external_id, domain_names, organization_fields, updated_at.
    const { status, body } = await get('zendesk', '/api/v2/incremental/organizations.json?start_time=0&per_page=10');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['count', 'end_of_stream', 'end_time', 'next_page', 'organizations']);
    const page = body.organizations as Json[];
    expect(body).toMatchObject({ count: 10, end_of_stream: false });
    expect(body.end_time).toBe(Math.floor(Date.parse(String(page.at(-1)!.updated_at)) / 1000));
    expect(new URL(String(body.next_page)).searchParams.get('start_time')).toBe(String(body.end_time));
    const all = await exportAll('/api/v2/incremental/organizations.json', 'organizations', '&per_page=10');
    const byId = new Map(all.map((o) => [o.id, o])); // a time-based export may repeat an item at a page's edge
    expect(byId.size).toBe(DEMO_CUSTOMERS.length);
    for (const o of byId.values()) {
      expect(Number.isInteger(o.id)).toBe(true);
      expect(o).toMatchObject({ external_id: null, domain_names: [expect.stringMatching(/\.example$/)] });
      expect(o.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    expect([...byId.values()].map((o) => (o.organization_fields as Json)[ZENDESK_TAX_ID_FIELD]).sort()).toEqual(DEMO_CUSTOMERS.map((c) => c.taxId).sort());
    // A start_time within what the export holds back is refused (Zendesk: the last minute; the demo holds back nothing,
    // so only one after now), with the message every incremental export gives.
    const early = await get('zendesk', `/api/v2/incremental/organizations?start_time=${Math.floor(NOW / 1000) + 30}`);
    expect(early).toEqual({ status: 422, body: { error: 'InvalidValue', description: 'Too recent start_time. Use a start_time older than 1 minute.' } });
  });

  it('gives each ticket its organization and, in the order-number field, the Sales Order name the ERP has', async () => {
    const organizations = new Set((await exportAll('/api/v2/incremental/organizations', 'organizations')).map((o) => o.id));
    const salesOrders = new Set(((await frappe('Sales Order', ['name'])).body.data as Json[]).map((o) => o.name));
    const tickets = await exportAll('/api/v2/incremental/tickets/cursor.json', 'tickets');
    let aboutOrders = 0;
    for (const t of tickets) {
      if (t.organization_id !== null) expect(organizations.has(t.organization_id), String(t.id)).toBe(true);
      const field = (t.custom_fields as { id: number; value: unknown }[]).find((f) => f.id === ZENDESK_ORDER_FIELD);
      expect(field, String(t.id)).toBeDefined();
      if (field!.value === null) continue;
      aboutOrders++;
      expect(salesOrders.has(field!.value), String(t.id)).toBe(true);
    }
    expect(aboutOrders).toBeGreaterThan(0);
    expect(tickets.some((t) => t.organization_id === null)).toBe(true); // people in no organisation
  });

  it('exports every group change as a group_id change event, and counts the groups in the metric set', async () => {
    // Incremental Ticket Event Export: records { id, ticket_id, timestamp, created_at, updater_id, via, event_type: "Audit",
    // child_events }; a changed field is a child event holding it as a key beside previous_value (event_type "Change").
    const company = companyTickets();
    const passed = [...company.values()].filter((t) => t.events!.filter((e) => e.kind === 'group').length >= 4); // passed ≥ 3 times
    expect(passed.length).toBeGreaterThan(0);
    const events = await exportAll('/api/v2/incremental/ticket_events.json', 'ticket_events');
    for (const e of events) expect(e).toMatchObject({ event_type: 'Audit', ticket_id: expect.any(Number), timestamp: expect.any(Number), child_events: expect.any(Array) });
    const groupIds = new Map(((await get('zendesk', '/api/v2/incremental/tickets/cursor.json?start_time=0&include=groups')).body.groups as Json[]).map((g) => [g.name, g.id]));
    const metrics = new Map(((await exportAll('/api/v2/incremental/tickets/cursor.json', 'metric_sets', '&include=metric_sets'))).map((m) => [String(m.ticket_id), m]));
    for (const t of passed) {
      const groupChildren = events.filter((e) => e.ticket_id === Number(t.id))
        .flatMap((e) => (e.child_events as Json[]).filter((c) => 'group_id' in c).map((c): Json => ({ ...c, timestamp: e.timestamp })));
      const expected = t.events!.filter((e) => e.kind === 'group').map((e) => groupIds.get(e.to));
      // Created in its first group, then each pass from the group before to the next.
      expect(groupChildren.map((c) => c.group_id), t.id).toEqual(expected);
      expect(groupChildren[0], t.id).toMatchObject({ event_type: 'Create' });
      expect(groupChildren[0]).not.toHaveProperty('previous_value');
      for (let i = 1; i < groupChildren.length; i++) {
        expect(Object.keys(groupChildren[i]!).sort(), t.id).toEqual(['event_type', 'group_id', 'id', 'previous_value', 'timestamp', 'via', 'via_reference_id']);
        expect(groupChildren[i], t.id).toMatchObject({ event_type: 'Change', previous_value: expected[i - 1] });
      }
      // Ticket Metrics: group_stations is the number of groups the ticket passed through.
      expect(metrics.get(t.id)?.group_stations, t.id).toBe(expected.length);
    }
  });
});
