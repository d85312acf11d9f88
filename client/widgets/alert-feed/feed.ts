import type { Alert } from '../../../server/protocol';
import type { AlertFeedOptions } from './options';

const KIND_RANK: Record<string, number> = { breach: 0, rule: 1, at_risk: 2 };
const STATE_RANK: Record<string, number> = { firing: 0, pending: 1 };
const time = (iso: string | undefined): number => (iso ? Date.parse(iso) || 0 : 0);

/**
 * The alerts a feed lists (not those inhibited by a breach of the same clock), most severe first: breaches before risks, firing before pending, unacknowledged
 * before acknowledged; then the newest (latest fired) first, then the earliest due.
 */
export function feedAlerts(alerts: readonly Alert[], o: Pick<AlertFeedOptions, 'showPending' | 'showAcknowledged' | 'groups'>): Alert[] {
  return alerts
    .filter((a) => a.state !== 'resolved'
      && !a.suppressed?.inhibited_by.length // an at-risk alert under its own breach: the breach row says it
      && (o.showPending || a.state !== 'pending')
      && (o.showAcknowledged || !a.acknowledged)
      && (o.groups.length === 0 || (a.annotations.group !== undefined && o.groups.includes(a.annotations.group))))
    .sort((a, b) => (KIND_RANK[a.labels.kind] ?? 9) - (KIND_RANK[b.labels.kind] ?? 9)
      || (STATE_RANK[a.state] ?? 9) - (STATE_RANK[b.state] ?? 9)
      || Number(a.acknowledged) - Number(b.acknowledged)
      || time(b.fired_at) - time(a.fired_at)
      || time(a.annotations.due_at) - time(b.annotations.due_at)
      || a.alert_key.localeCompare(b.alert_key));
}

/** An alert's fields for a drill-through link: its labels and annotations flat (`{ticket_id}`, `{group}`), its key and state. */
export function alertLinkFields(a: Alert): Record<string, string | number | undefined> {
  return { ...a.annotations, ...a.labels, alert_key: a.alert_key, state: a.state };
}
