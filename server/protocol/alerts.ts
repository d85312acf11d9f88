import { z } from 'zod';
import { parseDuration } from './duration';
import { regexProblem } from './regex';

/**
 * SLA alerts: one per SLA instance and kind, `at_risk` when the warning point passes, `breach` when the due
 * time does. Rule alerts (`rule`): a threshold on a metric, or a source down, held for a while (`for`).
 */
export const ALERT_KINDS = ['at_risk', 'breach', 'rule'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** `pending` until confirmed (a poll for SLA alerts, the `for` period for rules), then `firing`, until `resolved` (docs/alerts.md). */
export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Why an alert resolved: the four of §2.5 for SLA alerts, `cleared` for a rule whose condition ended. */
export const RESOLVE_REASONS = ['fulfilled', 'retargeted', 'cancelled', 'retracted', 'cleared'] as const;
export type ResolveReason = (typeof RESOLVE_REASONS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

const instant = z.string().min(1);

/**
 * An alert as the dashboard stream carries it (docs/api.md, Socket.IO `alert` event, `snapshot.alerts`, GET /api/alerts).
 * Labels are its identity and never change; annotations may change without making a new alert.
 * `version` rises by one on every change of this alert, so a re-sent message is recognised.
 */
export const alertSchema = z.object({
  /** `source/ticket_id/metric/cycle/kind` for SLA alerts; `rule/<rule id>[/<source>]` for rule alerts, `rule/<rule id>/<step>/<department>` for hand-off rules. */
  alert_key: z.string().min(1),
  /** A hash of the sorted identity labels, as Alertmanager's. */
  fingerprint: z.string().optional(),
  version: z.number().int().min(0),
  state: z.enum(ALERT_STATES),
  labels: z.object({
    kind: z.enum(ALERT_KINDS),
    source: z.string().optional(),
    ticket_id: z.string().optional(),
    metric: z.string().optional(),
    cycle: z.number().int().optional(),
    rule: z.string().optional(),
    /** A `handoff` rule's alert: the business flow, the step instances are stuck before, and the department responsible for it. */
    flow: z.string().optional(),
    step: z.string().optional(),
    department: z.string().optional(),
  }),
  annotations: z.object({
    severity: z.enum(SEVERITIES).optional(),
    priority: z.string().optional(),
    assignee: z.string().optional(),
    group: z.string().optional(),
    department: z.string().optional(),
    due_at: instant.optional(),
    title: z.string().optional(),
    /** A rule alert's one-line description, and the value that tripped it. */
    summary: z.string().optional(),
    value: z.string().optional(),
    /** A threshold rule's condition on that value, e.g. `> 20`: what the wall shows the value against. */
    threshold: z.string().optional(),
    /** The ticket in its own system. */
    url: z.string().optional(),
  }),
  /** A flag on a firing alert; cleared when it resolves. */
  acknowledged: z.boolean(),
  ack_by: z.string().optional(),
  ack_at: instant.optional(),
  ack_until: instant.optional(),
  /** When the condition became true (the warn or due instant; a rule's first true evaluation). */
  active_at: instant.optional(),
  fired_at: instant.optional(),
  resolved_at: instant.optional(),
  resolved_reason: z.enum(RESOLVE_REASONS).optional(),
  /** Still tracked and shown, but not notified. */
  suppressed: z.object({ silenced_by: z.array(z.string()), inhibited_by: z.array(z.string()) }).optional(),
  /** Fired after `max_unconfirmed` while its source was failing. */
  unconfirmed: z.boolean().optional(),
  /** The source behind it is failing: the alert is kept as it is, never resolved for missing data. */
  stale: z.boolean().optional(),
  /** The SLA clock at its last evaluation (the wall counts down from `due_at` itself). */
  sla: z.object({ clock: z.string(), health: z.string(), warn_at: instant.nullable(), due_at: instant.nullable() }).optional(),
  /** Escalation steps of the policy taken (or skipped, acknowledged) so far. */
  escalations: z.array(z.object({ offset: z.string(), kind: z.string(), to: z.array(z.string()), at: instant, skipped: z.boolean().optional() })).optional(),
});

export type Alert = z.infer<typeof alertSchema>;

/** `POST /api/alerts/:key/ack` body. */
export const ackRequestSchema = z.object({
  by: z.string().trim().min(1).max(200),
  /** The acknowledgement lapses then (repeats and escalations resume); absent: until the alert resolves. */
  until: z.iso.datetime({ offset: true }).optional(),
  comment: z.string().max(2000).optional(),
}).strict();

export const MATCHER_OPS = ['=', '!=', '=~', '!~'] as const;
// `@__PURE__`: the wall imports this module too, but never these two schemas; so marked, the bundler leaves
// them out, and RE2 (re2js, ~150 kB) with them.
export const matcherFieldsSchema = /* @__PURE__ */ z.object({
  /** A label or annotation name (`group`, `priority`, `kind`, `source`, …). */
  name: z.string().min(1).max(100),
  op: z.enum(MATCHER_OPS).default('='),
  /** For `=~` and `!~`: a regular expression in RE2 syntax (Alertmanager's), matching the whole value. */
  value: z.string().max(500),
}).strict();
/**
 * A matcher where it enters over the API: its pattern must be RE2's. The config's routes take the bare fields
 * (`matcherFieldsSchema`): a route RE2 refuses is disabled at load with an error naming it, and the hub starts.
 */
export const matcherSchema = /* @__PURE__ */ matcherFieldsSchema.superRefine((m, ctx) => {
  if (m.op !== '=~' && m.op !== '!~') return;
  // RE2 refuses what cannot run in linear time (backreferences, lookaround): refused here, where it enters.
  const problem = regexProblem(m.value);
  if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
});
export type Matcher = z.output<typeof matcherSchema>;

/** `POST /api/silences` body: matchers over labels and current annotations, for a time. */
export const silenceRequestSchema = /* @__PURE__ */ z.object({
  matchers: z.array(matcherSchema).min(1).max(20),
  starts_at: z.iso.datetime({ offset: true }).optional(),
  ends_at: z.iso.datetime({ offset: true }).optional(),
  /** Instead of `ends_at`: how long from `starts_at` (such as "2h"). */
  duration: z.string().regex(/^\d+(m|h|d)$/, 'a duration such as "30m", "2h" or "1d"').optional(),
  created_by: z.string().trim().min(1).max(200),
  comment: z.string().max(2000).default(''),
}).strict().refine((s) => (s.ends_at === undefined) !== (s.duration === undefined), { message: 'give either "ends_at" or "duration"', path: ['ends_at'] })
  .superRefine((s, ctx) => {
    // A silence for longer than this is a routing decision for the config file, not a mute button.
    const start = s.starts_at ? Date.parse(s.starts_at) : Date.now();
    const span = s.duration !== undefined ? parseDuration(s.duration) : s.ends_at ? Date.parse(s.ends_at) - start : 0;
    if (span > MAX_SILENCE_DAYS * 86_400_000) {
      const where = s.duration !== undefined ? 'duration' : 'ends_at';
      ctx.addIssue({ code: 'custom', path: [where], message: `a silence lasts at most ${MAX_SILENCE_DAYS} days from its start; got ${where === 'duration' ? `"${s.duration}"` : `an end ${Math.round(span / 86_400_000)} days after its start`} (for longer, change the alert routes in the config)` });
    }
  });

/** The longest silence: a year and a day. */
export const MAX_SILENCE_DAYS = 366;

export const SILENCE_STATUSES = ['pending', 'active', 'expired'] as const;
export interface Silence {
  id: string;
  matchers: Matcher[];
  starts_at: string;
  ends_at: string;
  created_by: string;
  comment: string;
  status: (typeof SILENCE_STATUSES)[number];
}
