import type { Alert, ResolveReason } from '../protocol';
import { isoInstant as iso, type SlaInstance } from '../sla';
import { alertFields, alertKey, fingerprint, instanceKey } from './identity';
import { slaCondition, type SlaAlertKind } from './sla-conditions';
import type { SilenceBook } from './silences';

/** An escalation step of the policy (its `escalations[]`), its offset from the due time in ms. */
export interface EscalationStep { offset: string; offsetMs: number; kind: 'at_risk_notify' | 'breach_notify' | 'escalate'; to: string[] }

/** One alert and what its lifecycle needs beyond the public shape; persisted as it is. */
export interface AlertEntry {
  alert: Alert;
  /** When the condition became true (ms). */
  activeAt: number;
  /** SLA alerts: the policy's escalation steps for this alert's kind. */
  steps?: EscalationStep[];
  /** Rule alerts: the first evaluation at which a firing alert's condition no longer held (keep_firing_for counts from it). */
  falseSince?: number;
}

export interface BookOptions {
  /** Source lag grace (decision 3): a poll must start this long after the condition's instant to confirm it. */
  graceMs(source: string): number;
  /** A pushed source is not polled: its conditions are confirmed once the grace has passed. */
  pushed(source: string): boolean;
  /** The source's polling is failing now: its alerts are kept as they are and marked stale. */
  stale(source: string): boolean;
  maxUnconfirmedMs: number;
  silences: SilenceBook;
  /** How long a resolved alert stays listed before it is forgotten. */
  keepResolvedMs: number;
}

/** A ticket's SLA evaluation as the alerts room reads it. */
export interface TicketAlertInput {
  source: string;
  ticketId: string;
  annotations: Alert['annotations'];
  instances: readonly SlaInstance[];
  /** The policy's escalation steps for an instance's metric. */
  steps(metric: string): EscalationStep[];
}

export interface RuleAlertInput {
  labels: Alert['labels'];
  annotations: Alert['annotations'];
  forMs: number;
  keepFiringMs: number;
}

export class AlertError extends Error {
  constructor(readonly code: 'not_found' | 'conflict', message: string) { super(message); this.name = 'AlertError'; }
}

const KINDS: readonly SlaAlertKind[] = ['at_risk', 'breach'];
const STEP_KIND: Record<EscalationStep['kind'], SlaAlertKind> = { at_risk_notify: 'at_risk', breach_notify: 'breach', escalate: 'breach' };

/** Everything but the version: two alerts equal in this say the same. */
function body(a: Alert): string {
  const { version: _v, ...rest } = a;
  return JSON.stringify(rest);
}

/**
 * Every alert's lifecycle (docs/alerts.md), pure: each instant is an argument. pending → firing
 * (confirmed) → resolved, with acknowledgement, silences and inhibition as overlays. Each change raises the
 * alert's version and is handed out by `drain()` for the dashboard stream, the notifications and the store.
 */
export class AlertBook {
  private readonly entries = new Map<string, AlertEntry>();
  /** Ticket (`source/id`) → the keys of its alerts, to resolve alerts whose instance went away. */
  private readonly byTicket = new Map<string, Set<string>>();
  private readonly changed = new Set<string>();
  private readonly forgotten = new Set<string>();
  private silenceSignature = '';
  private readonly escalations: { alert: Alert; step: EscalationStep }[] = [];

  constructor(private readonly opts: BookOptions, initial: readonly AlertEntry[] = []) {
    for (const e of initial) this.index(e);
  }

  private index(e: AlertEntry) {
    this.entries.set(e.alert.alert_key, e);
    const t = e.alert.labels.ticket_id === undefined ? undefined : `${e.alert.labels.source}/${e.alert.labels.ticket_id}`;
    if (t !== undefined) {
      let keys = this.byTicket.get(t);
      if (!keys) this.byTicket.set(t, (keys = new Set()));
      keys.add(e.alert.alert_key);
    }
  }

  /** Applies a change to an alert; raises its version when anything visible changed. */
  private commit(e: AlertEntry, next: Alert): void {
    if (body(next) === body(e.alert)) return;
    // One version per published change: several steps of one operation (or one tick) make one new version.
    const key = next.alert_key;
    e.alert = { ...next, version: this.changed.has(key) ? e.alert.version : e.alert.version + 1 };
    this.changed.add(key);
  }

  private suppression(a: Alert, now: number): NonNullable<Alert['suppressed']> {
    const inhibited_by: string[] = [];
    const inst = instanceKey(a.labels);
    if (a.labels.kind === 'at_risk' && inst !== undefined) {
      const breach = this.entries.get(`${inst}/breach`);
      if (breach && breach.alert.state === 'firing') inhibited_by.push(breach.alert.alert_key);
    }
    return { silenced_by: this.opts.silences.matching(alertFields(a), now), inhibited_by };
  }

  /** Re-derives the overlays of an unresolved alert (and of the at-risk alert a breach inhibits). */
  private settle(e: AlertEntry, now: number): void {
    if (e.alert.state !== 'resolved') this.commit(e, { ...e.alert, suppressed: this.suppression(e.alert, now) });
    const inst = instanceKey(e.alert.labels);
    if (e.alert.labels.kind === 'breach' && inst !== undefined) {
      const atRisk = this.entries.get(`${inst}/at_risk`);
      if (atRisk && atRisk.alert.state !== 'resolved') this.commit(atRisk, { ...atRisk.alert, suppressed: this.suppression(atRisk.alert, now) });
    }
  }

  /** Starts an alert's lifecycle as `pending` (again, on the same key, after it resolved). */
  private open(alert: Omit<Alert, 'alert_key' | 'fingerprint' | 'version' | 'state' | 'acknowledged'>, activeAt: number, extra: Partial<AlertEntry> = {}): AlertEntry {
    const key = alertKey(alert.labels);
    const before = this.entries.get(key);
    const next: Alert = { alert_key: key, fingerprint: fingerprint(alert.labels), version: 0, state: 'pending', acknowledged: false, ...alert, active_at: iso(activeAt) };
    const e: AlertEntry = { alert: before?.alert ?? next, activeAt, ...extra };
    this.forgotten.delete(key);
    this.index(e);
    if (before) this.commit(e, next);
    else { e.alert = { ...next, version: 1 }; this.changed.add(key); }
    return e;
  }

  private fire(e: AlertEntry, now: number, unconfirmed = false): void {
    this.commit(e, { ...e.alert, state: 'firing', fired_at: iso(now), ...(unconfirmed ? { unconfirmed: true } : {}) });
    this.settle(e, now);
  }

  private resolve(e: AlertEntry, reason: ResolveReason, now: number): void {
    const { acknowledged: _a, ack_by: _b, ack_at: _c, ack_until: _d, suppressed: _s, ...rest } = e.alert;
    this.commit(e, { ...rest, acknowledged: false, state: 'resolved', resolved_at: iso(now), resolved_reason: reason });
    this.settle(e, now);
  }

  /** A ticket's SLA instances were evaluated: opens, updates and resolves its alerts. */
  observeSla(input: TicketAlertInput, now: number): void {
    const ticketRef = `${input.source}/${input.ticketId}`;
    const seen = new Set<string>();
    const stale = this.opts.stale(input.source);
    for (const inst of input.instances) {
      for (const kind of KINDS) {
        const labels: Alert['labels'] = { source: input.source, ticket_id: input.ticketId, metric: inst.metric, cycle: inst.cycle, kind };
        const key = alertKey(labels);
        seen.add(key);
        const cond = slaCondition(kind, inst);
        let e = this.entries.get(key);
        const live = e !== undefined && e.alert.state !== 'resolved';
        if (!cond.active) {
          if (live) this.resolve(e!, cond.reason, now);
          continue;
        }
        const annotations: Alert['annotations'] = {
          ...input.annotations, due_at: inst.due_at ?? undefined, severity: kind === 'breach' ? 'critical' : 'warning',
        };
        const sla = { clock: inst.clock, health: inst.health, warn_at: inst.warn_at, due_at: inst.due_at };
        const steps = input.steps(inst.metric).filter((s) => STEP_KIND[s.kind] === kind);
        if (live) {
          this.commit(e!, { ...e!.alert, annotations, sla, stale, active_at: iso(cond.since) });
          Object.assign(e!, { activeAt: cond.since, steps });
        } else {
          e = this.open({ labels, annotations, sla, stale }, cond.since, { steps });
        }
        this.settle(e!, now);
      }
    }
    // An instance that went away (its policy no longer applies, a cycle vanished): its alerts are cancelled.
    for (const key of this.byTicket.get(ticketRef) ?? []) {
      const e = this.entries.get(key);
      if (e && !seen.has(key) && e.alert.state !== 'resolved') this.resolve(e, 'cancelled', now);
    }
  }

  /**
   * A poll of `source` that started at `startedAt` succeeded: every pending alert of that source whose
   * condition instant plus the lag grace is at or before the poll's start is confirmed. Its changes are
   * already applied, so a ticket it showed fulfilled has resolved (or retracted) its alerts before this.
   */
  confirmPoll(source: string, startedAt: number, now: number): void {
    const grace = this.opts.graceMs(source);
    for (const e of this.entries.values()) {
      const a = e.alert;
      if (a.state === 'pending' && a.labels.kind !== 'rule' && a.labels.source === source && e.activeAt + grace <= startedAt) this.fire(e, now);
    }
  }

  /** A rule's condition at `now`: `undefined` when it cannot be told (stale data), which changes nothing. */
  evaluateRule(input: RuleAlertInput, holds: boolean | undefined, now: number): void {
    const key = alertKey(input.labels);
    const e = this.entries.get(key);
    const live = e !== undefined && e.alert.state !== 'resolved';
    if (holds === undefined) return;
    if (holds) {
      const entry = live ? e! : this.open({ labels: input.labels, annotations: input.annotations }, now);
      delete entry.falseSince;
      this.commit(entry, { ...entry.alert, annotations: input.annotations });
      if (entry.alert.state === 'pending' && now - entry.activeAt >= input.forMs) this.fire(entry, now);
      else this.settle(entry, now);
    } else if (live) {
      e!.falseSince ??= now;
      if (e!.alert.state === 'pending' || now - e!.falseSince >= input.keepFiringMs) this.resolve(e!, 'cleared', now);
    }
  }

  /** A rule that no longer exists (the config changed): its alerts resolve. */
  dropRules(keep: ReadonlySet<string>, now: number): void {
    for (const e of this.entries.values()) {
      if (e.alert.labels.kind === 'rule' && e.alert.state !== 'resolved' && !keep.has(e.alert.alert_key)) this.resolve(e, 'cleared', now);
    }
  }

  /**
   * The passage of time: pushed sources' conditions confirmed once their grace passed, conditions of
   * failing sources fired unconfirmed after max_unconfirmed, stale marks, lapsed acknowledgements,
   * silences starting or ending, escalation steps, and resolved alerts forgotten after a while.
   */
  tick(now: number): void {
    const signature = this.opts.silences.activeSignature(now);
    const silencesMoved = signature !== this.silenceSignature;
    this.silenceSignature = signature;
    for (const e of this.entries.values()) {
      const a = e.alert;
      if (a.state === 'resolved') {
        if (now - Date.parse(a.resolved_at!) >= this.opts.keepResolvedMs) this.forget(a.alert_key);
        continue;
      }
      const source = a.labels.kind === 'rule' ? undefined : a.labels.source!;
      if (source !== undefined) {
        const stale = this.opts.stale(source);
        if (a.stale !== stale) this.commit(e, { ...e.alert, stale });
        if (e.alert.state === 'pending') {
          if (this.opts.pushed(source) && e.activeAt + this.opts.graceMs(source) <= now) this.fire(e, now);
          else if (stale && e.activeAt + this.opts.maxUnconfirmedMs <= now) this.fire(e, now, true);
        }
      }
      if (e.alert.acknowledged && e.alert.ack_until !== undefined && Date.parse(e.alert.ack_until) <= now) {
        const { ack_by: _b, ack_at: _c, ack_until: _d, ...rest } = e.alert;
        this.commit(e, { ...rest, acknowledged: false });
      }
      if (silencesMoved) this.settle(e, now);
      this.escalate(e, now);
    }
  }

  /** Takes each escalation step whose instant (due + offset) has come, once; skipped while acknowledged. */
  private escalate(e: AlertEntry, now: number): void {
    const a = e.alert;
    if (!e.steps?.length || a.state !== 'firing' || !a.annotations.due_at) return;
    const due = Date.parse(a.annotations.due_at);
    const taken = new Set((a.escalations ?? []).map((s) => s.offset + s.kind));
    for (const step of e.steps) {
      if (taken.has(step.offset + step.kind) || due + step.offsetMs > now) continue;
      if (a.suppressed?.silenced_by.length) continue; // a silenced alert escalates once the silence ends, if still firing
      const skipped = e.alert.acknowledged;
      this.commit(e, { ...e.alert, escalations: [...(e.alert.escalations ?? []), { offset: step.offset, kind: step.kind, to: step.to, at: iso(now), ...(skipped ? { skipped } : {}) }] });
      if (!skipped) this.escalations.push({ alert: e.alert, step });
    }
  }

  ack(key: string, ack: { by: string; until?: string }, now: number): Alert {
    const e = this.entries.get(key);
    if (!e || e.alert.state === 'resolved') throw new AlertError('not_found', `no open alert "${key}"`);
    if (e.alert.state !== 'firing') throw new AlertError('conflict', `alert "${key}" is ${e.alert.state}: only a firing alert can be acknowledged`);
    if (ack.until !== undefined && Date.parse(ack.until) <= now) throw new AlertError('conflict', `"until" (${ack.until}) is already past`);
    const { ack_until: _u, ...rest } = e.alert;
    this.commit(e, { ...rest, acknowledged: true, ack_by: ack.by, ack_at: iso(now), ...(ack.until ? { ack_until: new Date(ack.until).toISOString() } : {}) });
    return e.alert;
  }

  unack(key: string): Alert {
    const e = this.entries.get(key);
    if (!e || e.alert.state === 'resolved') throw new AlertError('not_found', `no open alert "${key}"`);
    const { ack_by: _b, ack_at: _c, ack_until: _d, ...rest } = e.alert;
    this.commit(e, { ...rest, acknowledged: false });
    return e.alert;
  }

  /** Silences were added or expired: every open alert's overlay is looked at again. */
  resettle(now: number): void {
    this.silenceSignature = this.opts.silences.activeSignature(now);
    for (const e of this.entries.values()) if (e.alert.state !== 'resolved') this.settle(e, now);
  }

  private forget(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    const labels = e.alert.labels;
    if (labels.ticket_id !== undefined) {
      const t = `${labels.source}/${labels.ticket_id}`;
      this.byTicket.get(t)?.delete(key);
      if (this.byTicket.get(t)?.size === 0) this.byTicket.delete(t);
    }
    this.changed.delete(key);
    this.forgotten.add(key);
  }

  get(key: string): AlertEntry | undefined { return this.entries.get(key); }

  list(state?: Alert['state'] | 'open'): Alert[] {
    const out: Alert[] = [];
    for (const e of this.entries.values()) {
      const s = e.alert.state;
      if (state === undefined || s === state || (state === 'open' && s !== 'resolved')) out.push(e.alert);
    }
    return out;
  }

  /** The alerts that changed since the last call (each at its new version), and the keys forgotten. */
  drain(): { changed: AlertEntry[]; forgotten: string[]; escalations: { alert: Alert; step: EscalationStep }[] } {
    const changed = [...this.changed].map((k) => this.entries.get(k)!);
    const forgotten = [...this.forgotten];
    const escalations = this.escalations.splice(0);
    this.changed.clear();
    this.forgotten.clear();
    return { changed, forgotten, escalations };
  }
}
