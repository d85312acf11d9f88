import type { z } from 'zod';
import type { accessConfigSchema } from '../access';
import type { alertsConfigSchema } from '../alerts';
import type { currencyConfigSchema } from '../currency';
import type { customersConfigSchema } from '../customers';
import { DEMO_FIELDS, DEMO_OFFICE_HOURS, DEMO_SECRETS, DEMO_SIMULATION, DEMO_TIMEZONE } from '../demo';
import type { flowsConfigSchema } from '../flows';
import type { slaConfigSchema } from '../sla';
import type { sourceConfigSchema } from '../sources';

const SERVICE_DAY = [['08:00', '22:00']] as [string, string][];
const OFFICE_DAY = [[DEMO_OFFICE_HOURS.open, DEMO_OFFICE_HOURS.close]] as [string, string][];

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
  customers?: z.input<typeof customersConfigSchema>;
  flows?: z.input<typeof flowsConfigSchema>;
}

export function demoConfig(vendors: DemoVendorUrls): DemoConfigFile {
  return { ...DEMO_SETTINGS, sources: [
    { id: 'zendesk', kind: 'zendesk', interval: '2s', options: {
      base_url: vendors.zendesk, email_env: DEMO_SECRETS.zendesk_email, token_env: DEMO_SECRETS.zendesk_token,
      // The whole of the company's history, as Salesforce and ERPNext (no `since`) read theirs.
      backfill_days: DEMO_SIMULATION.historyDays,
      fields: { department: String(DEMO_FIELDS.zendesk_department) },
      // Agents type the ERP's order number into a ticket field; the organizations keep the tax id in an organization field.
      links: [{ field: String(DEMO_FIELDS.zendesk_order), type: 'order', source: 'erpnext' }],
      account_fields: { tax_id: `organization_fields.${DEMO_FIELDS.zendesk_tax_id}` },
      // The "产品线" drop-down, kept as extra.product_line for the company's definition of tickets by product line (metrics/).
      extra_fields: [{ field: String(DEMO_FIELDS.zendesk_product_line), as: 'product_line' }] } },
    // The simulated vendors share the hub's clock and change nothing behind a poll: a short overlap is enough.
    { id: 'salesforce', kind: 'salesforce', interval: '2s', options: {
      instance_url: vendors.salesforce, token_env: DEMO_SECRETS.salesforce_token, overlap_seconds: 10,
      fields: { region: DEMO_FIELDS.salesforce_region, department: DEMO_FIELDS.salesforce_department },
      account_fields: { tax_id: DEMO_FIELDS.salesforce_tax_id },
      // The standard lead source picklist, kept as extra.LeadSource for the partner-sourced win rate (metrics/).
      extra_fields: ['LeadSource'] } },
    { id: 'erpnext', kind: 'erpnext', interval: '2s', options: {
      url: vendors.erpnext, key_env: DEMO_SECRETS.erpnext_key, secret_env: DEMO_SECRETS.erpnext_secret, site_timezone: DEMO_TIMEZONE,
      // A Delivery Note submitted (delivered, not billed yet) is "shipped"; billed on arrival, the order is Completed.
      status_map: { 'To Bill': 'shipped' }, page_size: 200, overlap_seconds: 10,
      fields: { region: 'territory', department: DEMO_FIELDS.erpnext_department, channel: DEMO_FIELDS.erpnext_channel },
      // The order desk copies the won opportunity's id into the Sales Order; Customer's standard tax_id holds the tax id.
      links: [{ field: DEMO_FIELDS.erpnext_deal, type: 'deal', source: 'salesforce' }] } },
  ] };
}

/**
 * Everything of the demo but its sources: zone, departments, money, SLA calendars and policies, alert rules, the
 * customer map and the business flow.
 */
const DEMO_SETTINGS: Omit<DemoConfigFile, 'sources'> = {
  timezone: DEMO_TIMEZONE,
  // The default departments and the warehouse and courier desk, which ship and deliver the orders (its Zendesk group: 物流).
  departments: ['sales', 'marketing', 'service', 'finance', 'operations', 'logistics'],
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
    }, {
      // The office (sales, order desk, warehouse): Monday to Friday 09:00–18:00, the hours the simulated company works
      // its orders in. The business flow's targets count these hours.
      id: 'office', timezone: DEMO_TIMEZONE,
      weekly: { mon: OFFICE_DAY, tue: OFFICE_DAY, wed: OFFICE_DAY, thu: OFFICE_DAY, fri: OFFICE_DAY, sat: [], sun: [] },
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
      // One alert per step and department with a won deal or an order stuck past its target (docs/alerts.md § Hand-off
      // rules): labelled with the department, so a deployment's routes send each to that department's channel.
      { id: 'handoff-stuck', kind: 'handoff', flow: 'order-to-delivery', for: '5m', severity: 'warning',
        summary: '{department}：{count} 单卡在「{step_title}」，最早从 {oldest_since} 等起' },
    ],
  },
  // The three vendors share no customer id or name spelling: the tax id (统一社会信用代码), each in its vendor's own
  // field, is the one key that joins a customer's accounts (docs/customers.md). The online shop's retail customer,
  // which has none, is listed as unmatched.
  customers: { match: ['tax_id'] },
  // A won deal's way to the customer across the three systems (docs/flows.md): the order desk enters and confirms the
  // Sales Order within a working day, the warehouse ships within two, the courier delivers within five calendar days;
  // an after-sales ticket on the order is recorded, never waited for.
  flows: [{
    id: 'order-to-delivery', title: '赢单到签收',
    steps: [
      { id: 'won', title: '赢单', on: { type: 'deal', stage: 'won' }, department: 'sales' },
      { id: 'confirmed', title: '订单确认', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '8h', calendar: 'office' },
      { id: 'shipped', title: '发货', on: { type: 'order', status: 'shipped' }, department: 'logistics', target: '18h', calendar: 'office' },
      { id: 'delivered', title: '签收', on: { type: 'order', status: 'delivered' }, department: 'logistics', target: '5d' },
      { id: 'aftersales', title: '售后工单', on: { type: 'ticket', event: 'created' }, department: 'service', optional: true },
    ],
  }],
};

/** The demo's config before its vendors are started (their ports are not known yet): its shape, SLA and alerts. */
export const DEMO_CONFIG = demoConfig({ zendesk: 'http://127.0.0.1:0', salesforce: 'http://127.0.0.1:0', erpnext: 'http://127.0.0.1:0' });
