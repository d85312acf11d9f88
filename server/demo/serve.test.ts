import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, parseConfig } from '../config';
import type { Account, CanonicalRecord, Deal, Order, Ticket } from '../model';
import { evaluateTicket } from '../sla';
import { planSources } from '../sources';
import type { SourcePlan } from '../sources';
import { DemoCompany } from './company';
import { customerOf, DEMO_CUSTOMERS, RETAIL_CUSTOMER } from './customers';
import { leadSourceOf, productLineOf } from './names';
import { keptDemoStart, startDemoVendors, type DemoVendors } from './serve';
import { naiveSiteTime, salesOrderName } from './vendor-servers/erpnext';
import { FOREIGN_CUSTOMERS } from './vendor-servers/exchange-rates';
import { accountId, opportunityId } from './vendor-servers/salesforce';
import { organizationId } from './vendor-servers/zendesk-organizations';

// Noon in Shanghai on a Thursday: the week's history holds five office days, so deals have been won and entered as orders.
const START = Date.parse('2025-03-13T04:00:00Z');
const SIM = { seed: 7, speed: 30, historyDays: 7 };
const ZONE = 'Asia/Shanghai';
const log = pino({ level: 'silent' });
const naive = naiveSiteTime(ZONE);
const config = parseConfig(demoConfig({ zendesk: 'http://127.0.0.1:1', salesforce: 'http://127.0.0.1:1', erpnext: 'http://127.0.0.1:1' }));

let now = START + 20 * 60_000;
let vendors: DemoVendors;
let plans: Map<string, SourcePlan>;
const cursors = new Map<string, unknown>();
/** What each source's first run read, by type. */
const first = new Map<string, Map<string, CanonicalRecord[]>>();

beforeAll(async () => {
  vendors = await startDemoVendors({ simulation: SIM, timezone: ZONE, start: () => START, now: () => now,
    sla: (ticket, at) => evaluateTicket(ticket, config.sla.policies, at, config.sla.calendars) });
  plans = new Map(planSources(parseConfig(demoConfig(vendors.urls)), vendors.env).map((p) => [p.id, p]));
});
afterAll(async () => { await vendors?.close(); });

/** Polls a demo source page after page until it says there is no more, from the cursor it stored last. */
async function poll(id: string): Promise<CanonicalRecord[]> {
  const { connector } = plans.get(id)!;
  const records: CanonicalRecord[] = [];
  for (let i = 0; i < 1000; i++) {
    const page = await connector.poll({ cursor: cursors.get(id), now, signal: new AbortController().signal, log });
    records.push(...(page.records as CanonicalRecord[]));
    cursors.set(id, page.cursor);
    if (!page.more) return records;
  }
  throw new Error(`${id} never finished paging`);
}

/** A source's first run, read once (the account tests and the record tests share it). */
async function firstRun(id: string): Promise<Map<string, CanonicalRecord[]>> {
  if (!first.has(id)) {
    const byType = new Map<string, CanonicalRecord[]>();
    for (const r of await poll(id)) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
    first.set(id, byType);
  }
  return first.get(id)!;
}
const read = async <T extends CanonicalRecord>(id: string, type: T['type']) => ((await firstRun(id)).get(type) ?? []) as T[];

/** What the simulated company holds at `now`: its last version of every record, by type and id. */
function companyAt(t: number) {
  const company = new DemoCompany({ ...SIM, start: START, timezone: ZONE });
  const out = new Map<string, CanonicalRecord>();
  for (const r of company.advanceTo(t)) out.set(`${r.type}/${r.id}`, r);
  return [...out.values()];
}
const seconds = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
const newest = <T extends CanonicalRecord>(records: T[]) => new Map(records.map((r) => [r.id, r]));

// Each test polls a simulated vendor over HTTP for a week of a company: seconds on a busy 2-core machine.
describe('the demo vendors, read through the real connectors with the demo config', { timeout: 30_000 }, () => {
  it('Zendesk: every ticket as the company has it (seconds precision), with departments, replies, SLA due times, its organization and order', async () => {
    const stored = newest(await read<Ticket>('zendesk', 'ticket'));
    const company = companyAt(now);
    const tickets = company.filter((r): r is Ticket => r.type === 'ticket');
    const orders = new Map(company.filter((r): r is Order => r.type === 'order').map((o) => [o.id, o]));
    expect(tickets.length).toBeGreaterThan(500);
    expect(stored.size).toBe(tickets.length);
    let withDue = 0, aboutOrders = 0;
    const lines = new Set<unknown>();
    for (const t of tickets) {
      const s = stored.get(t.id)!;
      // The "产品线" drop-down, kept by the demo config's extra_fields as extra.product_line (metrics/ groups by it).
      expect(s.extra?.product_line, t.id).toBe(productLineOf(t.subject, t.group));
      lines.add(s.extra?.product_line);
      expect(s, t.id).toMatchObject({ status: t.status, priority: t.priority, group: t.group, subject: t.subject,
        department: t.department, created_at: seconds(t.created_at), updated_at: seconds(t.updated_at) });
      expect(s.assignee).toBe(t.assignee);
      expect(['voice', 'email', 'chat', 'native_messaging']).toContain(s.channel);
      // The organization is the service desk's own: its id and its English name, not the CRM's or the ERP's.
      const customer = customerOf(t.account_id);
      expect(s.account_id, t.id).toBe(customer ? String(organizationId(customer)) : undefined);
      expect(s.customer, t.id).toBe(customer?.names.zendesk);
      // The order a ticket is about: the ERP's Sales Order name in the order-number field, linked to the erpnext source.
      const order = t.links?.find((l) => l.type === 'order');
      if (order) aboutOrders++;
      expect(s.links, t.id).toEqual(order ? [{ type: 'order', id: salesOrderName(orders.get(order.id)!, naive), source: 'erpnext' }] : undefined);
      const firstReply = t.events!.find((e) => e.kind === 'comment' && e.by === 'agent');
      if (firstReply) expect(s.events).toContainEqual({ at: seconds(firstReply.at), kind: 'comment', by: 'agent', public: true });
      // The account runs OpsWall's own policies: a running first-reply clock has the same due time here as there.
      const ours = evaluateTicket(t, config.sla.policies, now, config.sla.calendars).filter((i) => i.metric === 'first_reply_time').at(-1);
      if (ours?.clock === 'running') {
        withDue++;
        expect(s.vendor_due).toContainEqual({ metric: 'first_reply_time', due_at: seconds(ours.due_at!) });
      }
    }
    expect(withDue).toBeGreaterThan(0);
    expect(aboutOrders).toBeGreaterThan(0);
    expect([...lines].sort()).toEqual(['物流', '设备', '账务', '软件'].sort());
  });

  it('Salesforce: every opportunity as the company has it, with its Account, regions, departments and the full stage history', async () => {
    const stored = newest(await read<Deal>('salesforce', 'deal'));
    const deals = companyAt(now).filter((r): r is Deal => r.type === 'deal');
    expect(deals.length).toBeGreaterThan(500);
    expect(stored.size).toBe(deals.length);
    let foreign = 0;
    const sources = new Set<unknown>();
    for (const d of deals) {
      const s = stored.get(opportunityId(d.id))!;
      // LeadSource, kept by the demo config's extra_fields under its own name (the partner win rate filters on it).
      expect(s.extra?.LeadSource, d.id).toBe(leadSourceOf(d.id));
      sources.add(s.extra?.LeadSource);
      expect(s, d.id).toMatchObject({ name: d.name, stage: d.stage, owner: d.owner, region: d.region, account_id: accountId(customerOf(d.account_id)!),
        department: d.department, created_at: d.created_at, updated_at: d.updated_at, history: d.history, base_currency: 'CNY' });
      // A multi-currency org: an account abroad is quoted in its currency; the corporate (CNY) figure is Amount ÷ the
      // dated rate of the close month, within the rates' ±1.5 % swing (and whole-unit quotes) of the company's amount.
      const currency = FOREIGN_CUSTOMERS[d.name!.split(' · ')[0]!] ?? 'CNY';
      expect(s.currency, d.id).toBe(currency);
      if (currency === 'CNY') expect(s, d.id).toMatchObject({ amount: d.amount, base_amount: d.amount });
      else { foreign++; expect(Math.abs(s.base_amount! - d.amount) / d.amount, d.id).toBeLessThan(0.035); }
    }
    expect(foreign).toBeGreaterThan(0);
    expect([...sources].sort()).toEqual(['Other', 'Partner Referral', 'Phone Inquiry', 'Purchased List', 'Web']);
  });

  it('ERPNext: every Sales Order as the company has it, with its Customer, the deal it came from, regions, channels and its history', async () => {
    const stored = newest(await read<Order>('erpnext', 'order'));
    const customers = new Map((await read<Account>('erpnext', 'account')).map((a) => [a.name, a.id]));
    const orders = companyAt(now).filter((r): r is Order => r.type === 'order');
    expect(orders.length).toBeGreaterThan(150);
    expect(stored.size).toBe(orders.length);
    const statuses = new Set<string>();
    let foreignOrders = 0, fromDeals = 0;
    for (const o of orders) {
      const s = stored.get(salesOrderName(o, naive))!;
      // The Customer is the ERP's: its spelling, and its name (`CUST-…`) as the account id.
      const erpName = customerOf(o.account_id)?.names.erpnext ?? RETAIL_CUSTOMER.erpnext;
      expect(s, o.id).toMatchObject({ status: o.status, customer: erpName, account_id: customers.get(erpName), region: o.region, base_currency: 'CNY',
        department: o.department, channel: o.channel, created_at: o.created_at, updated_at: o.updated_at });
      // An order entered from a won deal names the CRM's opportunity: a link to the salesforce source.
      const deal = o.links?.find((l) => l.type === 'deal');
      if (deal) fromDeals++;
      expect(s.links, o.id).toEqual(deal ? [{ type: 'deal', id: opportunityId(deal.id), source: 'salesforce' }] : undefined);
      // A customer abroad is billed in its currency; base_grand_total (grand_total × conversion_rate, to the cent) is the
      // company's CNY amount to within the rounding of grand_total (half a cent at ≤ 7.9 CNY per unit).
      const currency = customerOf(o.account_id)?.currency ?? 'CNY';
      expect(s.currency, o.id).toBe(currency);
      if (currency === 'CNY') expect(s, o.id).toMatchObject({ amount: o.amount, base_amount: o.amount });
      else { foreignOrders++; expect(Math.abs(s.base_amount! - o.amount), o.id).toBeLessThanOrEqual(0.05); }
      // A Version per change: the history the company wrote (an order never changed has none; the store derives it).
      expect(s.history ?? [{ status: s.status, at: s.created_at }]).toEqual(o.history);
      expect(s.owner).toMatch(/^[a-z]+\.[a-z]+@xinghai\.example$/);
      statuses.add(s.status);
    }
    expect([...statuses].sort()).toEqual(['cancelled', 'confirmed', 'delivered', 'in_fulfilment', 'new', 'shipped']);
    expect(foreignOrders).toBeGreaterThan(0);
    expect(fromDeals).toBeGreaterThan(0);
  });

  it('the three vendors share no customer id or name: only the tax id, each in its own field, is the same', async () => {
    const accounts = {
      salesforce: await read<Account>('salesforce', 'account'), erpnext: await read<Account>('erpnext', 'account'), zendesk: await read<Account>('zendesk', 'account'),
    };
    // Every company customer in each vendor; the online shop's retail customer in the ERP only, with no tax id.
    expect(accounts.salesforce).toHaveLength(DEMO_CUSTOMERS.length);
    expect(accounts.zendesk).toHaveLength(DEMO_CUSTOMERS.length);
    expect(accounts.erpnext).toHaveLength(DEMO_CUSTOMERS.length + 1);
    expect(accounts.erpnext.find((a) => a.name === RETAIL_CUSTOMER.erpnext)).not.toHaveProperty('tax_id');
    for (const c of DEMO_CUSTOMERS) {
      const [sf, erp, zd] = [accounts.salesforce.find((a) => a.name === c.names.salesforce), accounts.erpnext.find((a) => a.name === c.names.erpnext),
        accounts.zendesk.find((a) => a.name === c.names.zendesk)];
      expect([sf?.tax_id, erp?.tax_id, zd?.tax_id], c.key).toEqual([c.taxId, c.taxId, c.taxId]);
      expect([sf?.id, zd?.id], c.key).toEqual([accountId(c), String(organizationId(c))]);
      expect(erp?.id, c.key).toMatch(/^CUST-\d{4}-\d{5}$/); // the naming series CUST-.YYYY.-
    }
    // Across the vendors, no id and no name spelling is used twice.
    for (const key of ['id', 'name'] as const) {
      const all = Object.values(accounts).flatMap((list) => list.map((a) => a[key]));
      expect(new Set(all).size, key).toBe(all.length);
    }
    // Hand-worked for the first customer, 华信科技: Salesforce's 15-character id 001 + 5j000 + 0000001 has no capital
    // letter in any of its three 5-character chunks, so its suffix is AAA; Zendesk made it first (1500093311200 + 0).
    expect(accountId(DEMO_CUSTOMERS[0]!)).toBe('0015j0000000001AAA');
    expect(organizationId(DEMO_CUSTOMERS[0]!)).toBe(1500093311200);
  });

  it('a later poll reads only what changed since, from the stored cursors', async () => {
    for (const id of ['zendesk', 'salesforce', 'erpnext']) await firstRun(id);
    const earlier = companyAt(now);
    const before = new Map(earlier.map((r) => [`${r.type}/${r.id}`, JSON.stringify(r)]));
    /** Where a watermark connector starts again: its newest change less the overlap (10 s), to the second. */
    const rereadFrom = (type: string) => Math.floor((Math.max(...earlier.filter((r) => r.type === type).map((r) => Date.parse(r.updated_at))) - 10_000) / 1000) * 1000;
    const from = { deal: rereadFrom('deal'), order: rereadFrom('order') };
    now += 10 * 60_000;
    const later = companyAt(now);
    const changedTickets = later.filter((r) => r.type === 'ticket' && before.get(`ticket/${r.id}`) !== JSON.stringify(r));
    expect(changedTickets.length).toBeGreaterThan(0);
    const ofType = async (id: string, type: string) => (await poll(id)).filter((r) => r.type === type).map((r) => r.id).sort();
    // The export's cursor: exactly the changes, once each; the ticket event export then reads again (show_many) the tickets
    // passed between groups since, to add their moves.
    const zendeskTickets = await ofType('zendesk', 'ticket');
    expect([...new Set(zendeskTickets)]).toEqual(changedTickets.map((t) => t.id).sort());
    const passedSince = new Set(changedTickets.filter((t) => t.type === 'ticket' && (t.events ?? []).some((e) => e.kind === 'group' && Date.parse(e.at) > now - 10 * 60_000 - 60_000)).map((t) => t.id));
    const readTwice = zendeskTickets.filter((id, i) => zendeskTickets.indexOf(id) !== i);
    expect(readTwice.filter((id) => !passedSince.has(id))).toEqual([]);
    const since = (type: 'deal' | 'order') => later.filter((r) => r.type === type && Date.parse(r.updated_at) >= from[type]);
    expect(since('order').length).toBeLessThan(later.filter((r) => r.type === 'order').length / 2);
    expect(await ofType('salesforce', 'deal')).toEqual(since('deal').map((d) => opportunityId(d.id)).sort());
    expect(await ofType('erpnext', 'order')).toEqual(since('order').map((o) => salesOrderName(o as Order, naive)).sort());
  });

  it('refuses wrong credentials as each vendor does, and counts what it served', async () => {
    const served = vendors.served();
    expect(served.zendesk).toBeGreaterThan(1);
    const zendesk = await fetch(`${vendors.urls.zendesk}/api/v2/incremental/tickets/cursor.json?start_time=0`, { headers: { authorization: 'Bearer nope' } });
    expect(zendesk.status).toBe(401);
    const salesforce = await fetch(`${vendors.urls.salesforce}/services/data/v62.0/query?q=SELECT+Id+FROM+Opportunity`, { headers: { authorization: 'Bearer nope' } });
    expect(await salesforce.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const erpnext = await fetch(`${vendors.urls.erpnext}/api/resource/Sales%20Order`, { headers: { authorization: 'token a:b' } });
    expect(erpnext.status).toBe(401);
    expect(vendors.served().zendesk).toBe(served.zendesk + 1);
  });
});

describe('keptDemoStart', () => {
  it('keeps the first start it is asked for, so a restarted hub replays the same company', () => {
    const cursors = new Map<string, unknown>();
    const store = { getCursor: <T>(id: string) => cursors.get(id) as T | undefined, applyBatch: (id: string, _r: unknown[], c: unknown) => { cursors.set(id, c); return []; } };
    expect(keptDemoStart(store, 1000)).toBe(1000);
    expect(keptDemoStart(store, 5000)).toBe(1000);
    expect([...cursors.keys()]).toEqual(['(demo)']); // not a source id: no source's cursor is touched
  });
});
