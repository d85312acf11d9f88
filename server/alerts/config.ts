import { z } from 'zod';
import { channelConfigSchema } from './channels/config';
import { matcherFieldsSchema, metricRefSchema, SEVERITIES } from '../protocol';
import { duration, sourceId } from '../fields';

const ruleId = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "-" and "_"');

const ruleCommon = {
  id: ruleId,
  /** How long the condition must hold before the alert fires (Prometheus `for`; pending until then). */
  for: duration.default('0s'),
  /** How long a firing alert stays firing after its condition ended (Prometheus `keep_firing_for`). */
  keep_firing_for: duration.default('0s'),
  severity: z.enum(SEVERITIES).default('warning'),
  /** One line for the wall and the notification. */
  summary: z.string().max(500).optional(),
  /** The team it goes to: routes and group_by read it as the annotation `group`. */
  group: z.string().max(200).optional(),
};

/** A threshold on any metric of the catalogue, such as `orders.stuck` above 20 for 10 minutes. */
const thresholdRuleSchema = z.object({
  ...ruleCommon,
  kind: z.literal('threshold'),
  metric: metricRefSchema,
  /** Where the number sits in the metric's value: a dotted path (`total`, `stages.0.count`); absent when the value is a number. */
  value: z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dotted path such as "total" or "summary.breached"').optional(),
  op: z.enum(['>', '>=', '<', '<=', '==', '!=']),
  threshold: z.number().finite(),
}).strict();

/** A source in state `down` (or also `degraded`) for a while: one alert per source. */
const sourceRuleSchema = z.object({
  ...ruleCommon,
  kind: z.literal('source_down'),
  /** Which sources; absent: all. */
  sources: z.array(sourceId).min(1).optional(),
  states: z.array(z.enum(['down', 'degraded'])).min(1).default(['down']),
  for: duration.default('5m'),
  severity: z.enum(SEVERITIES).default('critical'),
}).strict();

/**
 * Hand-offs of a business flow stuck past their target (`flow.stuck`, docs/flows.md): one alert per (step, department)
 * with a stuck instance, labelled with `flow`, `step` and `department`, carrying the count and the oldest waiting since.
 * `summary` may hold `{count}`, `{flow}`, `{flow_title}`, `{step}`, `{step_title}`, `{department}`, `{oldest_since}`.
 */
const handoffRuleSchema = z.object({
  ...ruleCommon,
  kind: z.literal('handoff'),
  /** A flow id of the config's `flows`. */
  flow: z.string().min(1).max(100),
}).strict();

export const alertRuleSchema = z.discriminatedUnion('kind', [thresholdRuleSchema, sourceRuleSchema, handoffRuleSchema]);
export type AlertRuleConfig = z.output<typeof alertRuleSchema>;

/** A notification route (Alertmanager's): alerts matching it go to its receivers, grouped and timed by it. */
export const routeSchema = z.object({
  /** Matchers over labels and annotations (`kind`, `group`, `priority`, `severity`, `source`, `rule`, …); empty: every alert. */
  /** RE2 patterns are checked by the alerts room at load: a route with one it refuses is disabled, with an error in the log. */
  match: z.array(matcherFieldsSchema).default([]),
  receivers: z.array(z.string().min(1)).min(1),
  group_by: z.array(z.string().min(1)).default(['group', 'kind']),
  group_wait: duration.default('30s'),
  group_interval: duration.default('5m'),
  repeat_interval: duration.default('4h'),
  /** Go on to the next routes after this one matched (Alertmanager's `continue`). */
  continue: z.boolean().default(false),
}).strict();
export type RouteConfig = z.output<typeof routeSchema>;

export const alertsConfigSchema = z.object({
  /** A condition stays pending this long after its source's last failure before firing unconfirmed. */
  max_unconfirmed: duration.default('10m'),
  /** Resolved alerts stay listed (GET /api/alerts?state=resolved) this long. */
  keep_resolved: duration.default('24h'),
  rules: z.array(alertRuleSchema).default([]),
  channels: z.array(channelConfigSchema).default([]),
  /** Without routes, every alert goes to every channel with the default timers. */
  routes: z.array(routeSchema).default([]),
  /** The hub's address as people reach it, for links back to the wall in notifications. */
  external_url: z.url().optional(),
}).strict();
export type AlertsConfig = z.output<typeof alertsConfigSchema>;

interface Referencing {
  sources: { id: string }[];
  flows: { id: string }[];
  sla: { policies: { metrics: { escalations: { to: string[] }[] }[] }[] };
  alerts: AlertsConfig;
}

/** Names used across the file must exist: route receivers and escalation targets are channels, rule sources are sources, rule flows are flows. */
export function checkAlertReferences(config: Referencing, ctx: z.RefinementCtx): void {
  const channels = new Set(config.alerts.channels.map((c) => c.id));
  const sources = new Set(config.sources.map((s) => s.id));
  const duplicate = (ids: string[], path: string) => ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['alerts', path, i, 'id'], message: `"${id}" is used twice` });
  });
  duplicate(config.alerts.channels.map((c) => c.id), 'channels');
  duplicate(config.alerts.rules.map((r) => r.id), 'rules');
  const known = `known channels: ${[...channels].join(', ') || 'none'}`;
  config.alerts.routes.forEach((route, i) => route.receivers.forEach((r, j) => {
    if (!channels.has(r)) ctx.addIssue({ code: 'custom', path: ['alerts', 'routes', i, 'receivers', j], message: `no channel "${r}" in alerts.channels (${known})` });
  }));
  config.sla.policies.forEach((policy, p) => policy.metrics.forEach((metric, m) => metric.escalations.forEach((step, e) => step.to.forEach((to, t) => {
    if (!channels.has(to)) ctx.addIssue({ code: 'custom', path: ['sla', 'policies', p, 'metrics', m, 'escalations', e, 'to', t], message: `no channel "${to}" in alerts.channels (${known})` });
  }))));
  const flows = config.flows.map((f) => f.id);
  config.alerts.rules.forEach((rule, i) => {
    if (rule.kind === 'handoff' && !flows.includes(rule.flow)) {
      ctx.addIssue({ code: 'custom', path: ['alerts', 'rules', i, 'flow'], message: `no flow "${rule.flow}" in flows (known: ${flows.join(', ') || 'none'})` });
    }
    if (rule.kind !== 'source_down') return;
    rule.sources?.forEach((s, j) => {
      if (!sources.has(s)) ctx.addIssue({ code: 'custom', path: ['alerts', 'rules', i, 'sources', j], message: `no source "${s}"` });
    });
  });
}
