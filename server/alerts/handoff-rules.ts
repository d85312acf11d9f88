import { DateTime } from 'luxon';
import type { Alert, FlowStuckValue } from '../protocol';
import type { AlertRuleConfig } from './config';

type HandoffRule = Extract<AlertRuleConfig, { kind: 'handoff' }>;

/** What a hand-off alert's words need of its flow (the `flows` config; the alerts room does not read the flows room). */
export interface FlowNames { id: string; title?: string; steps: readonly { id: string; title?: string }[] }

/** One (step, department) group of a flow's stuck instances, as the alert that stands for it. */
export interface HandoffAlert { labels: Alert['labels']; annotations: Alert['annotations'] }

const PLACEHOLDER = /\{(count|flow|flow_title|step|step_title|department|oldest_since)\}/g;
const DEFAULT_SUMMARY = '{flow_title}: {count} stuck past target at {step_title} ({department}), the oldest waiting since {oldest_since}';

/** An instant as people on the wall read it: minutes, in the hub's zone (UTC offset shown, so no one guesses the zone). */
function localTime(iso: string, timezone: string | undefined): string {
  const at = DateTime.fromISO(iso, { zone: timezone ?? 'UTC' });
  return at.isValid ? at.toFormat('yyyy-MM-dd HH:mm ZZ') : iso;
}

/**
 * The alerts a hand-off rule stands for now: one per (step, department) group of `flow.stuck` (docs/alerts.md), its
 * labels the rule, flow, step and department (its identity), its value the count, its summary the count and since when
 * the oldest waits. Annotations change only when the count or the oldest instance does, never with time alone.
 */
export function handoffAlerts(rule: HandoffRule, value: FlowStuckValue, flow: FlowNames | undefined, timezone: string | undefined): HandoffAlert[] {
  return value.groups.map((g) => {
    const step = flow?.steps.find((s) => s.id === g.step);
    const words: Record<string, string> = {
      count: String(g.count), flow: rule.flow, flow_title: flow?.title ?? rule.flow, step: g.step, step_title: step?.title ?? g.step,
      department: g.department, oldest_since: localTime(g.oldest_since, timezone),
    };
    const summary = (rule.summary ?? DEFAULT_SUMMARY).replace(PLACEHOLDER, (_, name: string) => words[name]!);
    return {
      labels: { kind: 'rule', rule: rule.id, flow: rule.flow, step: g.step, department: g.department },
      annotations: { severity: rule.severity, ...(rule.group ? { group: rule.group } : {}), summary, title: summary, value: String(g.count) },
    };
  });
}
