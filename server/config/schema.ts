import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../model';
import { parseDuration } from '../protocol/duration';

const duration = z.string().refine((s) => { try { parseDuration(s); return true; } catch { return false; } },
  { message: 'expected a duration such as "90s", "5m" or "2h"' });

const ianaZone = z.string().refine((zone) => {
  if (/^(UTC|GMT)?[+-]\d/.test(zone)) return false; // fixed offsets are DST-unsafe: refused
  try { new Intl.DateTimeFormat('en', { timeZone: zone }); return true; } catch { return false; }
}, { message: 'expected an IANA time zone name such as "Asia/Shanghai"' });

const demoSourceSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"'),
  kind: z.literal('demo'),
  interval: duration.default('2s'),
  timeout: duration.default('10s'),
  options: z.object({
    seed: z.number().int().default(42),
    /** Multiplies the simulated company's activity after start so screens move every few seconds. */
    speed: z.number().min(0.1).max(1000).default(30),
    history_days: z.number().int().min(0).max(90).default(30),
  }).strict().default({ seed: 42, speed: 30, history_days: 30 }),
}).strict();

const pushSourceSchema = z.object({
  id: demoSourceSchema.shape.id,
  kind: z.literal('push'),
  /** Name of the environment variable holding the bearer token; secrets never sit in the file. */
  token_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as OPSWALL_PUSH_TOKEN').optional(),
  max_body: z.string().regex(/^\d+(kb|mb)$/, 'a size such as "512kb" or "5mb"').default('5mb'),
}).strict();

export const sourceConfigSchema = z.discriminatedUnion('kind', [demoSourceSchema, pushSourceSchema]);

const targetSchema = z.object({
  minutes: z.number().positive(),
  hours: z.literal('calendar', { message: 'only "calendar" hours are supported in this version' }).default('calendar'),
}).strict();

const slaMetricSchema = z.object({
  metric: z.enum(['first_reply_time', 'resolution']),
  targets: z.partialRecord(z.enum([...TICKET_PRIORITIES, '*']), targetSchema),
  pause_statuses: z.array(z.enum(TICKET_STATUSES)).optional(),
  warn: z.object({ elapsed_pct: z.array(z.number().gt(0).lt(100)).default([75]) }).strict().default({ elapsed_pct: [75] }),
}).strict();

const conditionSchema = z.object({
  field: z.enum(['group', 'priority', 'department', 'channel']),
  op: z.enum(['is', 'is_not']),
  value: z.string(),
}).strict();

export const slaPolicySchema = z.object({
  id: z.string().min(1),
  position: z.number().int().default(0),
  match: z.object({ all: z.array(conditionSchema).default([]), any: z.array(conditionSchema).default([]) })
    .strict().default({ all: [], any: [] }),
  metrics: z.array(slaMetricSchema).min(1),
}).strict();

export const configSchema = z.object({
  $schema: z.string().optional(),
  timezone: ianaZone.default('Asia/Shanghai'),
  departments: z.array(z.string().min(1)).default(['sales', 'marketing', 'service', 'finance', 'operations']),
  sources: z.array(sourceConfigSchema).default([]),
  sla: z.object({ policies: z.array(slaPolicySchema).default([]) }).strict().default({ policies: [] }),
}).strict();

export type Config = z.output<typeof configSchema>;
export type SourceConfig = z.output<typeof sourceConfigSchema>;
export type PushSourceConfig = z.output<typeof pushSourceSchema>;
export type SlaPolicyConfig = z.output<typeof slaPolicySchema>;
export type SlaMetricConfig = SlaPolicyConfig['metrics'][number];
