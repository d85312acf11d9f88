import type { AlertRuleConfig } from './config';
import type { Alert, MetricRef, MetricValue, SourceHealth } from '../protocol';
import { parseDuration } from '../protocol';
import type { AlertBook } from './book';
import { handoffAlerts, type FlowNames } from './handoff-rules';
import { alertKey } from './identity';

export interface RuleData {
  health: readonly SourceHealth[];
  /** The rule's metric value now (threshold and hand-off rules: the key of `ruleMetric`). */
  metric(ruleId: string): MetricValue | undefined;
  /** A configured flow's names, for hand-off alerts' words. */
  flow?(id: string): FlowNames | undefined;
  /** The hub's zone, for the instants in hand-off summaries. */
  timezone?: string;
}

/** The metric a rule reads, which the hub keeps computed: a threshold's own, a hand-off rule's `flow.stuck` of its flow. */
export function ruleMetric(rule: AlertRuleConfig): MetricRef | undefined {
  if (rule.kind === 'threshold') return rule.metric;
  if (rule.kind === 'handoff') return { id: 'flow.stuck', params: { flow: rule.flow } };
  return undefined;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b, '>=': (a, b) => a >= b, '<': (a, b) => a < b, '<=': (a, b) => a <= b, '==': (a, b) => a === b, '!=': (a, b) => a !== b,
};

/**
 * The number a threshold compares: at a dotted path of a metric's value (an array step is an index or an
 * item's `key`: `items.confirmed.value`); without a path, a scalar's number, a breakdown's total, or the value
 * itself. Undefined when there is none.
 */
export function numberAt(value: unknown, path: string | undefined): number | undefined {
  if (path === undefined && value !== null && typeof value === 'object') {
    const v = value as { value?: unknown; items?: { value: unknown }[] };
    if (Array.isArray(v.items)) return v.items.reduce((sum, i) => sum + (typeof i.value === 'number' ? i.value : 0), 0);
    return numberAt(v.value, '');
  }
  let v: unknown = value;
  for (const part of path ? path.split('.') : []) {
    if (Array.isArray(v)) v = /^\d+$/.test(part) ? v[Number(part)] : v.find((i: { key?: unknown }) => i?.key === part);
    else if (v !== null && typeof v === 'object') v = (v as Record<string, unknown>)[part];
    else return undefined;
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const formatNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/**
 * Evaluates the rules beyond SLA (Prometheus-style: a condition held for `for` fires, and stays firing
 * `keep_firing_for` after it ends). A threshold or hand-off rule over stale or missing data is not evaluated:
 * nothing resolves for missing data. One alert per source for `source_down`; one per (step, department) with a
 * stuck instance for `handoff`, resolving when that group empties.
 */
export function evaluateRules(book: AlertBook, rules: readonly AlertRuleConfig[], data: RuleData, now: number): void {
  const keep = new Set<string>();
  for (const rule of rules) {
    const timing = { forMs: parseDuration(rule.for), keepFiringMs: parseDuration(rule.keep_firing_for) };
    const common = { severity: rule.severity, ...(rule.group ? { group: rule.group } : {}) };
    if (rule.kind === 'threshold') {
      const labels: Alert['labels'] = { kind: 'rule', rule: rule.id };
      keep.add(`rule/${rule.id}`);
      const mv = data.metric(rule.id);
      const n = mv && !mv.stale ? numberAt(mv.value, rule.value) : undefined;
      const summary = rule.summary ?? `${rule.metric.id}${rule.value ? ` ${rule.value}` : ''} ${rule.op} ${rule.threshold}`;
      const annotations: Alert['annotations'] = { ...common, summary, title: summary, threshold: `${rule.op} ${formatNumber(rule.threshold)}`,
        ...(n !== undefined ? { value: formatNumber(n) } : {}) };
      book.evaluateRule({ labels, annotations, ...timing }, n === undefined ? undefined : COMPARE[rule.op]!(n, rule.threshold), now);
    } else if (rule.kind === 'handoff') {
      const mv = data.metric(rule.id);
      const value = mv && !mv.stale && mv.value.kind === 'flow-stuck' ? mv.value : undefined;
      const open = book.list('open').filter((a) => a.labels.kind === 'rule' && a.labels.rule === rule.id);
      for (const a of open) keep.add(a.alert_key); // unknown now (stale, not computed yet): kept as they are
      if (!value) continue;
      const stuckNow = new Set<string>();
      for (const alert of handoffAlerts(rule, value, data.flow?.(rule.flow), data.timezone)) {
        const key = alertKey(alert.labels);
        stuckNow.add(key);
        keep.add(key);
        book.evaluateRule({ ...alert, ...timing }, true, now);
      }
      // A group that emptied: its condition ended (it resolves after keep_firing_for).
      for (const a of open) if (!stuckNow.has(a.alert_key)) book.evaluateRule({ labels: a.labels, annotations: a.annotations, ...timing }, false, now);
    } else {
      for (const h of data.health) {
        if (rule.sources && !rule.sources.includes(h.id)) continue;
        const labels: Alert['labels'] = { kind: 'rule', rule: rule.id, source: h.id };
        keep.add(`rule/${rule.id}/${h.id}`);
        const summary = rule.summary ?? `source ${h.id} is ${h.state}`;
        const annotations: Alert['annotations'] = { ...common, summary, title: summary, value: h.state };
        book.evaluateRule({ labels, annotations, ...timing }, rule.states.includes(h.state as 'down' | 'degraded'), now);
      }
    }
  }
  book.dropRules(keep, now);
}
