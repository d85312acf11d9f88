/**
 * Notification grouping with Alertmanager's semantics (docs/alerts.md), pure: every instant is an
 * argument. Alerts are grouped by the values of `group_by` (labels or annotations); a new group waits
 * `group_wait` before its first notification; after that the group is looked at on a fixed tick every
 * `group_interval` from its first notification, and notified when something changed since the last one, or
 * again once `repeat_interval` has passed since it was last sent. Repeats use the tick time, not the send
 * time, so a repeat is never one tick late (the deterministic rule of §2.5).
 */

export interface Route {
  group_by: readonly string[];
  group_wait_ms: number;
  group_interval_ms: number;
  repeat_interval_ms: number;
  /** Also notify when an alert of the group resolves (Alertmanager's default: true). */
  send_resolved: boolean;
}

export const DEFAULT_ROUTE: Route = {
  group_by: ['group', 'kind'], group_wait_ms: 30_000, group_interval_ms: 5 * 60_000, repeat_interval_ms: 4 * 3_600_000, send_resolved: true,
};

/** What grouping needs of an alert: its key, whether it fires, and the fields group_by may name. */
export interface GroupedAlert {
  alert_key: string;
  state: 'firing' | 'resolved';
  fields: Readonly<Record<string, string | number | undefined>>;
}

export interface Notification {
  at: number;
  /** The group's key: its group_by values, `name=value` joined by commas. */
  group: string;
  firing: string[];
  resolved: string[];
  /** Alert keys firing now that were not in the group's last notification. */
  new: string[];
  repeat: boolean;
}

interface Group {
  key: string;
  alerts: Map<string, 'firing' | 'resolved'>;
  /** When the first notification is due (created + group_wait), then each following tick. */
  nextTick: number;
  lastSentAt?: number;
  /** Firing keys of the last notification. */
  lastFiring: Set<string>;
  changed: boolean;
}

/** A group as it is persisted, so a restart neither loses a group's timing nor notifies it again. */
export interface GroupState { key: string; alerts: [string, 'firing' | 'resolved'][]; nextTick: number; lastSentAt?: number; lastFiring: string[]; changed: boolean }

export class NotificationGrouper {
  private readonly groups = new Map<string, Group>();
  /** Which group each alert is in: an alert whose group_by values change moves to its new group. */
  private readonly member = new Map<string, string>();

  constructor(private readonly route: Route = DEFAULT_ROUTE, restored: readonly GroupState[] = []) {
    for (const g of restored) {
      this.groups.set(g.key, { ...g, alerts: new Map(g.alerts), lastFiring: new Set(g.lastFiring) });
      for (const [k] of g.alerts) this.member.set(k, g.key);
    }
  }

  private keyOf(alert: GroupedAlert): string {
    return this.route.group_by.map((f) => `${f}=${alert.fields[f] ?? ''}`).join(',');
  }

  /** An alert's new state (confirmed firing, or resolved), as it happens. */
  observe(alert: GroupedAlert, at: number): void {
    const key = this.keyOf(alert);
    const was = this.member.get(alert.alert_key);
    if (was !== undefined && was !== key) this.mute(alert.alert_key);
    let group = this.groups.get(key);
    if (!group) {
      if (alert.state !== 'firing') return; // nothing to tell about an alert never notified
      group = { key, alerts: new Map(), nextTick: at + this.route.group_wait_ms, lastFiring: new Set(), changed: false };
      this.groups.set(key, group);
    }
    const held = group.alerts.get(alert.alert_key);
    if (held === alert.state) return;
    if (held === undefined && alert.state === 'resolved') return; // muted or never in this group: nothing to tell
    group.alerts.set(alert.alert_key, alert.state);
    this.member.set(alert.alert_key, key);
    // A firing alert the last notification already carried (back from a mute) is no news.
    if (alert.state === 'firing' ? !group.lastFiring.has(alert.alert_key) : this.route.send_resolved || !group.lastFiring.has(alert.alert_key)) group.changed = true;
  }

  /** An alert that is no longer to be notified without having resolved (silenced, inhibited): it leaves its group quietly. */
  mute(alertKey: string): void {
    const key = this.member.get(alertKey);
    if (key === undefined) return;
    this.member.delete(alertKey);
    this.groups.get(key)?.alerts.delete(alertKey);
  }

  /** The instant of the next tick of any group (undefined when no group is waiting). */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const g of this.groups.values()) if (next === undefined || g.nextTick < next) next = g.nextTick;
    return next;
  }

  /**
   * Runs every group tick due at or before `now`, in time order; returns the notifications to send.
   * `quiet(key)` says an alert is acknowledged: a repeat of a group where every firing alert is quiet is not sent.
   */
  flush(now: number, quiet: (alertKey: string) => boolean = () => false): Notification[] {
    const out: Notification[] = [];
    for (;;) {
      const group = [...this.groups.values()].filter((g) => g.nextTick <= now).sort((a, b) => a.nextTick - b.nextTick)[0];
      if (!group) break;
      const tick = group.nextTick;
      group.nextTick = tick + this.route.group_interval_ms;
      const firing = [...group.alerts].filter(([, s]) => s === 'firing').map(([k]) => k);
      const resolved = [...group.alerts].filter(([, s]) => s === 'resolved').map(([k]) => k);
      const repeat = !group.changed && group.lastSentAt !== undefined && firing.length > 0
        && tick - group.lastSentAt >= this.route.repeat_interval_ms && !firing.every(quiet);
      if (group.changed || repeat) {
        const sendResolved = this.route.send_resolved ? resolved.filter((k) => group.lastFiring.has(k)) : [];
        if (firing.length > 0 || sendResolved.length > 0) {
          out.push({ at: tick, group: group.key, firing, resolved: sendResolved,
            new: firing.filter((k) => !group.lastFiring.has(k)), repeat });
          group.lastSentAt = tick;
        }
        group.lastFiring = new Set(firing);
        group.changed = false;
      }
      // Resolved alerts have been told; a group with nothing firing is done.
      for (const k of resolved) { group.alerts.delete(k); this.member.delete(k); }
      if (firing.length === 0) this.groups.delete(group.key);
    }
    return out;
  }

  /** Every group's state, to persist. */
  state(): GroupState[] {
    return [...this.groups.values()].map((g) => ({ key: g.key, alerts: [...g.alerts], nextTick: g.nextTick,
      ...(g.lastSentAt !== undefined ? { lastSentAt: g.lastSentAt } : {}), lastFiring: [...g.lastFiring], changed: g.changed }));
  }
}
