import type { z } from 'zod';
import type { configSchema } from './schema';

const SERVICE_DAY = [['08:00', '22:00']] as [string, string][];

/** The built-in demo: what `npm start` runs with no config file. */
export const DEMO_CONFIG: z.input<typeof configSchema> = {
  timezone: 'Asia/Shanghai',
  sources: [{ id: 'demo', kind: 'demo', interval: '2s', options: { seed: 42, speed: 30, history_days: 30 } }],
  sla: {
    calendars: [{
      // The service desk's hours: every day 08:00–22:00, closed on New Year's Day. A real deployment adds
      // its year's public holidays and make-up working days (调休) here; see docs/sla.md.
      id: 'service-desk', timezone: 'Asia/Shanghai',
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
