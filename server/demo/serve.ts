import { randomBytes } from 'node:crypto';
import { DEMO_SECRETS, DEMO_TIMEZONE } from './constants';
import type { Deal, Order, Ticket } from '../model';
import type { Store } from '../store';
import { DemoCompany } from './company';
import { createSimulatedErpnext } from './vendor-servers/erpnext';
import { startVendorServer, type VendorServer } from './vendor-servers/http';
import { createSimulatedSalesforce, opportunityId } from './vendor-servers/salesforce';
import { createSimulatedZendesk, type SlaOf } from './vendor-servers/zendesk';

/** The simulated company: its seed, its activity multiplier once live, and the days of history before. */
export interface DemoSimulation { seed: number; speed: number; historyDays: number }
/**
 * 62 days of history: every window's previous span lies inside it on a fresh start (a month to date on the 31st
 * compares with all of the month before, which began at most 61 days and a few hours earlier; 30d's previous span
 * reaches 60 days back), so the demo's comparisons are against a whole period, never a part of one.
 */
export const DEMO_SIMULATION: DemoSimulation = { seed: 42, speed: 30, historyDays: 62 };

export type DemoVendorName = 'zendesk' | 'salesforce' | 'erpnext';

export interface DemoVendorsOptions {
  simulation?: Partial<DemoSimulation>;
  /** The company's zone (its busy hours) and its ERP site's time zone; the demo config's by default. */
  timezone?: string;
  /** When the company's live part starts; asked at the first request (see `keptDemoStart`). */
  start: () => number;
  /** The hub's SLA evaluation, run by the simulated Zendesk for its tickets' SLA state. */
  sla?: SlaOf;
  now?: () => number;
}

export interface DemoVendors {
  /** Where each simulated vendor listens: `http://127.0.0.1:<free port>`. */
  urls: Record<DemoVendorName, string>;
  /** The credentials the vendors accept, under the environment variable names the demo config reads (DEMO_SECRETS). */
  env: Record<string, string>;
  /** Requests each vendor has answered. */
  served(): Record<DemoVendorName, number>;
  close(): Promise<void>;
}

/** Where the store keeps the company's start: no source id can look like this, so no cursor is overwritten. */
const DEMO_STATE = '(demo)';

/**
 * The company's start as the store keeps it, set to `now` the first time: a restarted hub replays the same
 * company (it is deterministic), so the records its vendors serve keep their ids and histories.
 */
export function keptDemoStart(store: Pick<Store, 'getCursor' | 'applyBatch'>, now = Date.now()): number {
  const kept = store.getCursor<{ start?: unknown }>(DEMO_STATE)?.start;
  if (typeof kept === 'number') return kept;
  store.applyBatch(DEMO_STATE, [], { start: now });
  return now;
}

/**
 * The built-in demo's vendors: one simulated company (company.ts) behind a simulated Zendesk (its tickets and
 * customers' organizations), Salesforce (its deals and customers' Accounts) and ERPNext (its orders and Customers),
 * each on 127.0.0.1 and a free port, each speaking its vendor's real format: every vendor has its own ids and names
 * for a customer, only the tax id is the same, and orders name their deal, tickets their order, in custom fields.
 * Every request first runs the company up to the present, so the vendors always agree with it; the hub polls them
 * through the real connectors.
 */
export async function startDemoVendors(opts: DemoVendorsOptions): Promise<DemoVendors> {
  const now = opts.now ?? Date.now;
  const sim = { ...DEMO_SIMULATION, ...opts.simulation };
  const timezone = opts.timezone ?? DEMO_TIMEZONE;
  const secret = () => randomBytes(18).toString('base64url');
  const env = {
    [DEMO_SECRETS.zendesk_email]: 'wall@xinghai.example', [DEMO_SECRETS.zendesk_token]: secret(),
    [DEMO_SECRETS.salesforce_token]: `00D5j000000Demo!${secret()}`,
    [DEMO_SECRETS.erpnext_key]: secret().slice(0, 15), [DEMO_SECRETS.erpnext_secret]: secret().slice(0, 15),
  };
  // Whole seconds already past are complete (the company has run to the present), so the export needs no
  // holdback beyond the current second: tickets reach the wall at once, unlike Zendesk's minute.
  // The order desk copies the CRM's opportunity id into the Sales Order; agents type the ERP's order number into the ticket.
  const salesforce = createSimulatedSalesforce({ token: env[DEMO_SECRETS.salesforce_token]! });
  const erpnext = createSimulatedErpnext({ key: env[DEMO_SECRETS.erpnext_key]!, secret: env[DEMO_SECRETS.erpnext_secret]!, timezone, crmDealId: opportunityId });
  const zendesk = createSimulatedZendesk({ email: env[DEMO_SECRETS.zendesk_email]!, token: env[DEMO_SECRETS.zendesk_token]!, sla: opts.sla, holdbackSeconds: 0,
    orderNumber: (id) => erpnext.salesOrderNameOf(id) });

  let company: DemoCompany | undefined;
  /** Runs the company up to `t` and hands each vendor the records that changed (orders before the tickets about them). */
  function sync(t: number) {
    if (!company) {
      const start = opts.start();
      company = new DemoCompany({ seed: sim.seed, speed: sim.speed, historyDays: sim.historyDays, start, timezone });
      const historyStart = start - sim.historyDays * 86_400_000;
      salesforce.openAccounts(historyStart);
      erpnext.openCustomers(historyStart);
      zendesk.openOrganizations(historyStart);
    }
    const changed = company.advanceTo(t);
    salesforce.apply(changed.filter((r): r is Deal => r.type === 'deal'));
    erpnext.apply(changed.filter((r): r is Order => r.type === 'order'));
    zendesk.apply(changed.filter((r): r is Ticket => r.type === 'ticket'));
  }
  const vendors = { zendesk, salesforce, erpnext };
  const servers = {} as Record<DemoVendorName, VendorServer>;
  try {
    for (const name of Object.keys(vendors) as DemoVendorName[]) {
      servers[name] = await startVendorServer((req) => { const t = now(); sync(t); return vendors[name].handle(req, t); });
    }
  } catch (err) {
    await Promise.all(Object.values(servers).map((s) => s.close()));
    throw err;
  }
  const each = <T>(f: (s: VendorServer) => T) => ({ zendesk: f(servers.zendesk), salesforce: f(servers.salesforce), erpnext: f(servers.erpnext) });
  return {
    urls: each((s) => s.url), env, served: () => each((s) => s.served),
    close: async () => { await Promise.all(Object.values(servers).map((s) => s.close())); },
  };
}
