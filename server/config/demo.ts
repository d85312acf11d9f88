import type { z } from 'zod';
import type { accessConfigSchema } from '../access';
import type { alertsConfigSchema } from '../alerts';
import type { currencyConfigSchema } from '../currency';
import { DEMO_FIELDS, DEMO_SECRETS, DEMO_SIMULATION, DEMO_TIMEZONE } from '../demo';
import type { slaConfigSchema } from '../sla';
import type { sourceConfigSchema } from '../sources';

const SERVICE_DAY = [['08:00', '22:00']] as [string, string][];

/** Where the demo's simulated vendors listen: loopback addresses, known once the hub has started them. */
export interface DemoVendorUrls { zendesk: string; salesforce: string; erpnext: string }

/**
 * The built-in demo: what `npm start` runs with no config file. A simulated company's tickets, deals and
 * orders are served by a simulated Zendesk, Salesforce and ERPNext at `vendors`, and polled through the real
 * connectors, mapped as a customer would map them (departments, regions and channels from custom fields).
 */
/** A config file as written (before defaults): each section in its room's own input shape. */
export interface DemoConfigFile {
  timezone: string;
  departments?: string[];
  sources: z.input<typeof sourceConfigSchema>[];
  currency?: z.input<typeof currencyConfigSchema>;
  sla: z.input<typeof slaConfigSchema>;
  alerts?: z.input<typeof alertsConfigSchema>;
  access?: z.input<typeof accessConfigSchema>;
}

export function demoConfig(vendors: DemoVendorUrls): DemoConfigFile {
  return { ...DEMO_SETTINGS, sources: [
    { id: 'zendesk', kind: 'zendesk', interval: '2s', options: {
      base_url: vendors.zendesk, email_env: DEMO_SECRETS.zendesk_email, token_env: DEMO_SECRETS.zendesk_token,
      // The whole of the company's history, as Salesforce and ERPNext (no `since`) read theirs.
      backfill_days: DEMO_SIMULATION.historyDays,
      fields: { department: String(DEMO_FIELDS.zendesk_department) } } },
    // The simulated vendors share the hub's clock and change nothing behind a poll: a short overlap is enough.
    { id: 'salesforce', kind: 'salesforce', interval: '2s', options: {
      instance_url: vendors.salesforce, token_env: DEMO_SECRETS.salesforce_token, overlap_seconds: 10,
      fields: { region: DEMO_FIELDS.salesforce_region, department: DEMO_FIELDS.salesforce_department } } },
    { id: 'erpnext', kind: 'erpnext', interval: '2s', options: {
      url: vendors.erpnext, key_env: DEMO_SECRETS.erpnext_key, secret_env: DEMO_SECRETS.erpnext_secret, site_timezone: DEMO_TIMEZONE,
      // A Delivery Note submitted (delivered, not billed yet) is "shipped"; billed on arrival, the order is Completed.
      status_map: { 'To Bill': 'shipped' }, page_size: 200, overlap_seconds: 10,
      fields: { region: 'territory', department: DEMO_FIELDS.erpnext_department, channel: DEMO_FIELDS.erpnext_channel } } },
  ] };
}

/** Everything of the demo but its sources: zone, money, SLA calendars and policies, alert rules. */
const DEMO_SETTINGS: Omit<DemoConfigFile, 'sources'> = {
  timezone: DEMO_TIMEZONE,
  // Amounts in yuan. A few of the simulated company's customers are quoted in USD, HKD or EUR; its ERPNext and
  // Salesforce keep each of those amounts in their CNY books too, which the walls take. Where a vendor keeps no CNY
  // figure these rates convert it (illustrative, not today's market: a deployment keeps its finance team's rates).
  // Every currency the demo sells in has one, so its walls count every amount; docs/metrics.md § Money.
  currency: {
    reporting: 'CNY',
    rates: {
      USD: [{ from: '2020-01-01', rate: 7.1 }, { from: '2026-01-01', rate: 7.18 }],
      HKD: 0.92, EUR: 7.82, JPY: 0.048, GBP: 9.1,
    },
  },
  sla: {
    calendars: [{
      // The service desk's hours: every day 08:00–22:00, closed on New Year's Day. A real deployment adds
      // its year's public holidays and make-up working days (调休) here; see docs/sla.md.
      id: 'service-desk', timezone: DEMO_TIMEZONE,
      weekly: { mon: SERVICE_DAY, tue: SERVICE_DAY, wed: SERVICE_DAY, thu: SERVICE_DAY, fri: SERVICE_DAY, sat: SERVICE_DAY, sun: SERVICE_DAY },
      holidays: [{ month_day: '01-01', recurring: true, name: '元旦' }],
    }],
    policies: [
      {
        id: 'vip', position: 1, calendar: 'service-desk',
        match: { all: [{ field: 'group', op: 'is', value: 'VIP' }], any: [] },
        metrics: [
          { metric: 'first_reply_time', targets: { urgent: { minutes: 15, hours: 'calendar' }, '*': { minutes: 30 } } },
          { metric: 'next_reply_time', targets: { '*': { minutes: 60 } } },
          { metric: 'resolution', targets: { urgent: { minutes: 240, hours: 'calendar' }, '*': { minutes: 480 } }, pause_statuses: ['pending'] },
        ],
      },
      {
        id: 'standard', position: 10, calendar: 'service-desk',
        metrics: [
          { metric: 'first_reply_time', warn: { elapsed_pct: [75], before_minutes: 15 },
            targets: { urgent: { minutes: 30, hours: 'calendar' }, high: { minutes: 60 }, normal: { minutes: 240 }, low: { minutes: 480 } } },
          { metric: 'next_reply_time', targets: { urgent: { minutes: 60, hours: 'calendar' }, '*': { minutes: 240 } } },
          { metric: 'resolution',
            targets: { urgent: { minutes: 480, hours: 'calendar' }, high: { minutes: 1440 }, normal: { minutes: 2880 }, low: { minutes: 4320 } },
            pause_statuses: ['pending', 'on_hold'] },
        ],
      },
    ],
  },
  // Rules beyond SLA, shown on the wall; the demo has no channels, so nothing leaves the machine.
  alerts: {
    rules: [
      { id: 'orders-stuck', kind: 'threshold', metric: { id: 'orders.stuck', params: { minutes: 240 } }, op: '>', threshold: 20,
        for: '10m', keep_firing_for: '5m', severity: 'warning', summary: '滞留超过 4 小时的订单超过 20 单', group: 'ops' },
      { id: 'source-down', kind: 'source_down', for: '5m', severity: 'critical', summary: '数据源中断' },
    ],
  },
};

/** The demo's config before its vendors are started (their ports are not known yet): its shape, SLA and alerts. */
export const DEMO_CONFIG = demoConfig({ zendesk: 'http://127.0.0.1:0', salesforce: 'http://127.0.0.1:0', erpnext: 'http://127.0.0.1:0' });
