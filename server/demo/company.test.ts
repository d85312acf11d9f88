import { describe, expect, it } from 'vitest';
import type { CanonicalRecord, Deal, Order, Ticket } from '../model';
import { normaliseRecord } from '../model';
import { DemoCompany, type DemoOptions } from './company';
import { customerOf, DEMO_CUSTOMERS, RETAIL_CUSTOMER } from './customers';
import { TICKET_GROUPS } from './names';

const START = Date.parse('2025-03-10T04:00:00Z'); // noon in Shanghai, a Monday: busy hours
const END = START + 60 * 60_000; // one live hour after two days of history
const options = (over: Partial<DemoOptions> = {}): DemoOptions =>
  ({ seed: 7, speed: 30, historyDays: 2, start: START, timezone: 'Asia/Shanghai', ...over });

/** The last state of every record handed over, by type and id. */
function finalStates(batches: CanonicalRecord[][]): Map<string, string> {
  const out = new Map<string, string>();
  for (const batch of batches) for (const r of batch) out.set(`${r.type}/${r.id}`, JSON.stringify(r));
  return out;
}

describe('DemoCompany', () => {
  it('the same seed gives the same records', () => {
    const a = new DemoCompany(options()).advanceTo(END);
    const b = new DemoCompany(options()).advanceTo(END);
    expect(a.length).toBeGreaterThan(100); // two days of a busy company
    expect(b).toEqual(a);
  });

  it('the same seed gives the same final records however advanceTo calls are split', () => {
    const whole = finalStates([new DemoCompany(options()).advanceTo(END)]);
    const split = new DemoCompany(options());
    const batches: CanonicalRecord[][] = [];
    const from = START - 2 * 86_400_000;
    const step = 7 * 60_000 + 13_000; // an odd step that does not line up with events
    for (let t = from; t < END; t += step) batches.push(split.advanceTo(t)); // ≈ 400 steps, bounded by END
    batches.push(split.advanceTo(END));
    expect(split.now).toBe(END);
    expect(finalStates(batches)).toEqual(whole);
  });

  it('a different seed gives a different company', () => {
    const a = finalStates([new DemoCompany(options({ seed: 7 })).advanceTo(END)]);
    const b = finalStates([new DemoCompany(options({ seed: 8 })).advanceTo(END)]);
    expect(b).not.toEqual(a);
  });

  it('hands over only valid canonical records changed within the history (and what they link to), none from the future', () => {
    const records = new DemoCompany(options()).advanceTo(END);
    const types = new Set(records.map((r) => r.type));
    expect([...types].sort()).toEqual(['deal', 'order', 'ticket']);
    const historyStart = START - 2 * 86_400_000;
    const linkedTo = new Set(records.flatMap((r) => ('links' in r ? r.links ?? [] : []).map((l) => `${l.type}/${l.id}`)));
    for (const r of records) {
      const checked = normaliseRecord(r);
      expect(checked.ok, JSON.stringify(r)).toBe(true);
      expect(Date.parse(r.updated_at)).toBeLessThanOrEqual(END);
      // Last changed before the history began: only the deal of an order, or the order of a ticket, handed over with it.
      if (Date.parse(r.updated_at) < historyStart) expect(linkedTo.has(`${r.type}/${r.id}`), r.id).toBe(true);
    }
    // The company was already at work when the history began: some records it hands over were opened before.
    expect(records.some((r) => Date.parse(r.created_at) < historyStart)).toBe(true);
  });

  it('a second advanceTo to the same instant hands over nothing', () => {
    const company = new DemoCompany(options());
    company.advanceTo(END);
    expect(company.advanceTo(END)).toEqual([]);
  });
});

describe('the company\'s chains across its three systems', () => {
  // Three weeks up to noon on a Thursday in Shanghai: deals take about a week of office time to be won, so the
  // last two weeks hold won deals, their orders, deliveries and the tickets about them.
  const AT = Date.parse('2025-03-13T04:00:00Z');
  const DAY = 86_400_000;
  const last = new Map<string, CanonicalRecord>();
  for (const r of new DemoCompany({ seed: 7, speed: 30, historyDays: 21, start: AT, timezone: 'Asia/Shanghai' }).advanceTo(AT)) last.set(`${r.type}/${r.id}`, r);
  const deals = [...last.values()].filter((r): r is Deal => r.type === 'deal');
  const orders = [...last.values()].filter((r): r is Order => r.type === 'order');
  const tickets = [...last.values()].filter((r): r is Ticket => r.type === 'ticket');
  const dealOf = new Map(deals.map((d) => [d.id, d]));
  const orderOf = new Map(orders.map((o) => [o.id, o]));
  const linked = (r: Order | Ticket, type: 'deal' | 'order') => r.links?.find((l) => l.type === type)?.id;
  const wonAt = (d: Deal) => Date.parse(d.history!.find((h) => h.stage === 'won')!.at);
  /** Weekday and hour on the wall clock in Shanghai (UTC+8). */
  const local = (iso: string) => { const t = new Date(Date.parse(iso) + 8 * 3_600_000); return { day: t.getUTCDay(), minutes: t.getUTCHours() * 60 + t.getUTCMinutes() }; };

  it('most orders come from a won deal: entered by the order desk in office hours after the win, for its customer and amount', () => {
    const fromDeals = orders.filter((o) => linked(o, 'deal'));
    expect(fromDeals.length / orders.length).toBeGreaterThan(0.5);
    const perDeal = new Map<string, number>();
    for (const o of fromDeals) {
      const d = dealOf.get(linked(o, 'deal')!)!;
      expect(d.stage, o.id).toBe('won');
      expect(Date.parse(o.created_at), o.id).toBeGreaterThan(wonAt(d));
      const { day, minutes } = local(o.created_at);
      expect(day >= 1 && day <= 5 && minutes >= 9 * 60 && minutes <= 18 * 60, `${o.id} entered ${o.created_at}`).toBe(true);
      expect(o, o.id).toMatchObject({ account_id: d.account_id, amount: d.amount, region: d.region, owner: d.owner });
      perDeal.set(d.id, (perDeal.get(d.id) ?? 0) + 1);
    }
    expect(Math.max(...perDeal.values())).toBe(1); // one Sales Order per deal
  });

  it('some won deals never become an order (流程断点), and some only after days', () => {
    const entered = new Set(orders.map((o) => linked(o, 'deal')).filter(Boolean));
    // Won more than ten days ago: an order entered at all is entered by now (a late one takes some three office days).
    const settled = deals.filter((d) => d.stage === 'won' && wonAt(d) < AT - 10 * DAY);
    const never = settled.filter((d) => !entered.has(d.id));
    expect(settled.length).toBeGreaterThan(50);
    expect(never.length).toBeGreaterThan(0);
    expect(never.length / settled.length).toBeLessThan(0.2); // one in fourteen is never entered
    // A quick entry takes office hours; more than five calendar days is a deal left waiting (a stall).
    const late = orders.filter((o) => linked(o, 'deal') && Date.parse(o.created_at) - wonAt(dealOf.get(linked(o, 'deal')!)!) > 5 * DAY);
    expect(late.length).toBeGreaterThan(0);
  });

  it('the other orders come without a deal: the online shop\'s retail customer, and reorders of business customers', () => {
    const alone = orders.filter((o) => !linked(o, 'deal'));
    expect(alone.filter((o) => o.account_id === RETAIL_CUSTOMER.key && o.channel === '电商').length).toBeGreaterThan(0);
    expect(alone.filter((o) => customerOf(o.account_id) && o.channel === '直销').length).toBeGreaterThan(0);
  });

  it('tickets about an order come from its customer once it has shipped, many after delivery', () => {
    const about = tickets.filter((t) => linked(t, 'order'));
    expect(about.length).toBeGreaterThan(10);
    let afterDelivery = 0;
    for (const t of about) {
      const o = orderOf.get(linked(t, 'order')!)!;
      const shipped = o.history!.find((h) => h.status === 'shipped');
      expect(shipped && Date.parse(shipped.at) <= Date.parse(t.created_at), t.id).toBe(true);
      const delivered = o.history!.find((h) => h.status === 'delivered');
      if (delivered && Date.parse(delivered.at) <= Date.parse(t.created_at)) afterDelivery++;
      // A business customer's ticket is its organisation's; a shop buyer writes as a person, in no organisation.
      expect(t.account_id, t.id).toBe(customerOf(o.account_id)?.key);
    }
    expect(afterDelivery).toBeGreaterThan(about.length / 2);
  });

  it('some tickets are passed between groups three times or more before a group keeps and solves them (踢皮球)', () => {
    let passedThrice = 0;
    for (const t of tickets) {
      const groups = t.events!.filter((e) => e.kind === 'group');
      // The group it was created in, then one event per pass, each to another group, its department following.
      expect(groups[0], t.id).toEqual({ at: t.created_at, kind: 'group', to: groups[0]!.to });
      groups.slice(1).forEach((g, i) => expect(g.to, t.id).not.toBe(groups[i]!.to));
      expect(groups.at(-1)!.to, t.id).toBe(t.group);
      expect(t.department, t.id).toBe(TICKET_GROUPS.find((g) => g.group === t.group)!.department);
      const passes = groups.slice(1);
      if (passes.length >= 3) passedThrice++;
      // Each pass hands it to another agent at the same instant.
      for (const p of passes) {
        const handed = t.events!.filter((e) => e.kind === 'assignee' && e.at === p.at);
        expect(handed, `${t.id} at ${p.at}`).toHaveLength(1);
      }
      const solved = t.events!.find((e) => e.kind === 'status' && e.to === 'solved');
      if (solved && passes.length > 0) expect(Date.parse(solved.at), t.id).toBeGreaterThanOrEqual(Date.parse(passes.at(-1)!.at));
    }
    expect(passedThrice).toBeGreaterThan(0);
  });

  it('every record names its customer by the simulation\'s key, which each vendor shows as its own id', () => {
    const keys = new Set(DEMO_CUSTOMERS.map((c) => c.key));
    for (const d of deals) expect(keys.has(d.account_id!), d.id).toBe(true);
    for (const o of orders) expect(keys.has(o.account_id!) || o.account_id === RETAIL_CUSTOMER.key, o.id).toBe(true);
    for (const t of tickets) if (t.account_id !== undefined) expect(keys.has(t.account_id), t.id).toBe(true);
    expect(tickets.filter((t) => t.account_id === undefined).length).toBeGreaterThan(0); // people in no organisation
  });
});
