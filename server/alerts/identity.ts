import { createHash } from 'node:crypto';
import type { Alert } from '../protocol';

type Labels = Alert['labels'];

/**
 * `source/ticket_id/metric/cycle/kind` for an SLA alert, `rule/<id>[/<source>]` for a rule alert (§2.5),
 * `rule/<id>/<step>/<department>` for a hand-off rule's (its flow is the rule's).
 */
export function alertKey(labels: Labels): string {
  if (labels.kind === 'rule') return ['rule', labels.rule, labels.source, labels.step, labels.department].filter((p) => p !== undefined).join('/');
  return `${labels.source}/${labels.ticket_id}/${labels.metric}/${labels.cycle}/${labels.kind}`;
}

/** A hash of the sorted identity labels, as Alertmanager's fingerprint: 16 hex digits. */
export function fingerprint(labels: Labels): string {
  const sorted = Object.entries(labels).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(sorted.map(([k, v]) => `${k}\u0000${String(v)}`).join('\u0001')).digest('hex').slice(0, 16);
}

/** The instance an SLA alert belongs to (its key without the kind): a breach inhibits the at-risk alert of the same instance. */
export function instanceKey(labels: Labels): string | undefined {
  return labels.kind === 'rule' ? undefined : `${labels.source}/${labels.ticket_id}/${labels.metric}/${labels.cycle}`;
}

/** Labels and current annotations as one flat map: what silences, routes and group_by match on. */
export function alertFields(alert: Pick<Alert, 'labels' | 'annotations'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(alert.annotations)) if (v !== undefined) out[k] = String(v);
  for (const [k, v] of Object.entries(alert.labels)) if (v !== undefined) out[k] = String(v);
  return out;
}
