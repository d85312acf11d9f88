import type { z } from 'zod';
import type { configSchema } from './schema';

/** The built-in demo: what `npm start` runs with no config file. */
export const DEMO_CONFIG: z.input<typeof configSchema> = {
  timezone: 'Asia/Shanghai',
  sources: [{ id: 'demo', kind: 'demo', interval: '2s', options: { seed: 42, speed: 30, history_days: 30 } }],
  sla: {
    policies: [
      {
        id: 'vip', position: 1,
        match: { all: [{ field: 'group', op: 'is', value: 'VIP' }], any: [] },
        metrics: [
          { metric: 'first_reply_time', targets: { urgent: { minutes: 15 }, '*': { minutes: 30 } } },
          { metric: 'resolution', targets: { urgent: { minutes: 240 }, '*': { minutes: 480 } }, pause_statuses: ['pending'] },
        ],
      },
      {
        id: 'standard', position: 10,
        metrics: [
          { metric: 'first_reply_time',
            targets: { urgent: { minutes: 30 }, high: { minutes: 60 }, normal: { minutes: 240 }, low: { minutes: 480 } } },
          { metric: 'resolution',
            targets: { urgent: { minutes: 480 }, high: { minutes: 1440 }, normal: { minutes: 2880 }, low: { minutes: 4320 } },
            pause_statuses: ['pending', 'on_hold'] },
        ],
      },
    ],
  },
};
