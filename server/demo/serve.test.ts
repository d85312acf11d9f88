import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, parseConfig } from '../config';
import type { CanonicalRecord, Deal, Order, Ticket } from '../model';
import { evaluateTicket } from '../sla';
import { planSources } from '../sources';
import type { SourcePlan } from '../sources';
import { DemoCompany } from './company';
import { keptDemoStart, startDemoVendors, type DemoVendors } from './serve';
import { naiveSiteTime, salesOrderName } from './vendor-servers/erpnext';
import { FOREIGN_CUSTOMERS } from './vendor-servers/exchange-rates';
import { salesforceId } from './vendor-servers/salesforce';

const START = Date.parse('2025-03-10T04:00:00Z'); // noon in Shanghai, a Monday: busy hours
const SIM = { seed: 7, speed: 30, historyDays: 2 };
const ZONE = 'Asia/Shanghai';
const log = pino({ level: 'silent' });
const naive = naiveSiteTime(ZONE);
const config = parseConfig(demoConfig({ zendesk: 'http://127.0.0.1:1', salesforce: 'http://127.0.0.1:1', erpnext: 'http://127.0.0.1:1' }));

let now = START + 20 * 60_000;
let vendors: DemoVendors;
let plans: Map<string, SourcePlan>;
const cursors = new Map<string, unknown>();

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

/** What the simulated company holds at `now`: its last version of every record, by type and id. */
function companyAt(t: number) {
  const company = new DemoCompany({ ...SIM, start: START, timezone: ZONE });
  const out = new Map<string, CanonicalRecord>();
  for (const r of company.advanceTo(t)) out.set(`${r.type}/${r.id}`, r);
  return [...out.values()];
}
const seconds = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
const newest = (records: CanonicalRecord[]) => new Map(records.map((r) => [r.id, r]));

// Each test polls a simulated vendor over HTTP for 30 days of a company: seconds on a busy 2-core machine.
describe('the demo vendors, read through the real connectors with the demo config', { timeout: 30_000 }, () => {
  it('Zendesk: every ticket as the company has it (seconds precision), with departments, replies and SLA due times', async () => {
    const stored = newest(await poll('zendesk'));
    const tickets = companyAt(now).filter((r): r is Ticket => r.type === 'ticket');
    expect(tickets.length).toBeGreaterThan(100);
    expect(stored.size).toBe(tickets.length);
    let withDue = 0;
    for (const t of tickets) {
      const s = stored.get(t.id) as Ticket;
      expect(s, t.id).toMatchObject({ status: t.status, priority: t.priority, group: t.group, subject: t.subject, customer: t.customer,
        department: t.department, created_at: seconds(t.created_at), updated_at: seconds(t.updated_at) });
      expect(s.assignee).toBe(t.assignee);
      expect(['voice', 'email', 'chat', 'native_messaging']).toContain(s.channel);
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
  });

  it('Salesforce: every opportunity as the company has it, with regions, departments and the full stage history', async () => {
    const stored = newest(await poll('salesforce'));
    const deals = companyAt(now).filter((r): r is Deal => r.type === 'deal');
    expect(deals.length).toBeGreaterThan(20);
    expect(stored.size).toBe(deals.length);
    let foreign = 0;
    for (const d of deals) {
      const s = stored.get(salesforceId('006', Number(d.id.slice(2)))) as Deal;
      expect(s, d.id).toMatchObject({ name: d.name, stage: d.stage, owner: d.owner, region: d.region,
        department: d.department, created_at: d.created_at, updated_at: d.updated_at, history: d.history, base_currency: 'CNY' });
      // A multi-currency org: an account abroad is quoted in its currency; the corporate (CNY) figure is Amount ÷ the
      // dated rate of the close month, within the rates' ±1.5 % swing (and whole-unit quotes) of the company's amount.
      const currency = FOREIGN_CUSTOMERS[d.name!.split(' · ')[0]!] ?? 'CNY';
      expect(s.currency, d.id).toBe(currency);
      if (currency === 'CNY') expect(s, d.id).toMatchObject({ amount: d.amount, base_amount: d.amount });
      else { foreign++; expect(Math.abs(s.base_amount! - d.amount) / d.amount, d.id).toBeLessThan(0.035); }
    }
    expect(foreign).toBeGreaterThan(0);
  });

  it('ERPNext: every Sales Order as the company has it, with regions, channels, the shipped status and its history', async () => {
    const stored = newest(await poll('erpnext'));
    const orders = companyAt(now).filter((r): r is Order => r.type === 'order');
    expect(orders.length).toBeGreaterThan(200);
    expect(stored.size).toBe(orders.length);
    const statuses = new Set<string>();
    let foreignOrders = 0;
    for (const o of orders) {
      const s = stored.get(salesOrderName(o, naive)) as Order;
      expect(s, o.id).toMatchObject({ status: o.status, customer: o.customer, region: o.region, base_currency: 'CNY',
        department: o.department, channel: o.channel, created_at: o.created_at, updated_at: o.updated_at });
      // A customer abroad is billed in its currency; base_grand_total (grand_total × conversion_rate, to the cent) is the
      // company's CNY amount to within the rounding of grand_total (half a cent at ≤ 7.9 CNY per unit).
      const currency = FOREIGN_CUSTOMERS[o.customer!] ?? 'CNY';
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
  });

  it('a later poll reads only what changed since, from the stored cursors', async () => {
    const earlier = companyAt(now);
    const before = new Map(earlier.map((r) => [`${r.type}/${r.id}`, JSON.stringify(r)]));
    /** Where a watermark connector starts again: its newest change less the overlap (10 s), to the second. */
    const rereadFrom = (type: string) => Math.floor((Math.max(...earlier.filter((r) => r.type === type).map((r) => Date.parse(r.updated_at))) - 10_000) / 1000) * 1000;
    const from = { deal: rereadFrom('deal'), order: rereadFrom('order') };
    now += 10 * 60_000;
    const later = companyAt(now);
    const changedTickets = later.filter((r) => r.type === 'ticket' && before.get(`ticket/${r.id}`) !== JSON.stringify(r));
    expect(changedTickets.length).toBeGreaterThan(0);
    const zendesk = await poll('zendesk');
    expect(zendesk.map((t) => t.id).sort()).toEqual(changedTickets.map((t) => t.id).sort()); // the export's cursor: exactly the changes, once each
    const since = (type: 'deal' | 'order') => later.filter((r) => r.type === type && Date.parse(r.updated_at) >= from[type]);
    expect(since('order').length).toBeLessThan(later.filter((r) => r.type === 'order').length / 2);
    expect((await poll('salesforce')).map((d) => d.id).sort()).toEqual(since('deal').map((d) => salesforceId('006', Number(d.id.slice(2)))).sort());
    expect((await poll('erpnext')).map((o) => o.id).sort()).toEqual(since('order').map((o) => salesOrderName(o as Order, naive)).sort());
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
