import type { Logger } from 'pino';
import type { Ticket } from '../model';
import type { z } from 'zod';
import type { Alert, MetricValue, Silence, SourceHealth, silenceRequestSchema } from '../protocol';
import { parseDuration } from '../protocol';
import type { AlertsConfig } from './config';
import { selectPolicy, type SlaConfig, type TicketSla } from '../sla';
import type { SourceConfig } from '../sources';
import type { AlertTables } from '../store';
import { AlertBook, AlertError, type AlertEntry, type EscalationStep } from './book';
import type { AlertNotice, NotificationBatch } from './channels/types';
import { Router, type RoutedNotification, type RoutingState } from './routing';
import type { FlowNames } from './handoff-rules';
import { evaluateRules } from './rules';
import { SilenceBook, type SilenceSpec } from './silences';

export interface AlertServiceDeps {
  /** `flows` and `timezone` give hand-off alerts their words (step titles, local instants). */
  config: { alerts: AlertsConfig; sources: readonly SourceConfig[]; sla: SlaConfig; flows?: readonly FlowNames[]; timezone?: string };
  tables: AlertTables;
  log: Logger;
  /** The sources' health now: stale marks and source rules read it. */
  health(): SourceHealth[];
  /** A threshold or hand-off rule's metric value now (`ruleMetric`'s key, kept computed by the hub). */
  metric(ruleId: string): MetricValue | undefined;
  /** Every alert change, at once, for the dashboard stream. */
  publish(alert: Alert): void;
  /** A notification for one channel; delivery (queues, retries) is the channel room's. */
  deliver(batch: NotificationBatch): void;
  /** The hub's own URL, for links back to the wall. */
  externalUrl(): string;
}

const ROUTING = 'routing';
const offsetMs = (offset: string) => {
  const m = /^([+-]?)(\d+)(m|h)$/.exec(offset)!;
  return (m[1] === '-' ? -1 : 1) * Number(m[2]) * (m[3] === 'h' ? 3_600_000 : 60_000);
};

/**
 * The alerts room at work: the lifecycle book fed by SLA evaluations, polls and rules; the dashboard stream;
 * notifications through routes and groups; silences and acknowledgements; and all of it persisted, so a
 * restart neither loses an alert nor notifies it again.
 */
export function createAlertService(deps: AlertServiceDeps) {
  const { config, tables, log } = deps;
  const sources = new Map(config.sources.map((s) => [s.id, s]));
  const channels = new Map(config.alerts.channels.map((c) => [c.id, c]));
  // A stored silence whose pattern RE2 refuses (an older version matched with JavaScript's RegExp, which
  // took backreferences and lookaround, and could backtrack for minutes) is left out with an error naming it;
  // the hub starts with the others. Its row goes when it would have been pruned.
  const rejected: { id: string; endsAt: number }[] = [];
  const silences = new SilenceBook(tables.silences() as (SilenceSpec & { id: string })[], (s, err) => {
    log.error({ silence: s.id, pattern: err.pattern, reason: err.reason, matchers: s.matchers },
      `stored silence ${s.id} skipped, it silences nothing: ${err.message}; create it again in RE2 syntax`);
    rejected.push({ id: s.id, endsAt: Date.parse(s.ends_at) });
  });
  // Alerts stored as silenced by a skipped silence are looked at again at the first tick.
  let resettle = rejected.length > 0;
  let healthById = new Map(deps.health().map((h) => [h.id, h]));
  // Durations read once, not on every tick.
  const graceMs = new Map(config.sources.map((s) => [s.id, parseDuration(s.lag_grace)]));
  const flows = new Map((config.flows ?? []).map((f) => [f.id, f]));
  const ruleData = { metric: deps.metric, flow: (id: string) => flows.get(id), ...(config.timezone ? { timezone: config.timezone } : {}) };
  const keepResolvedMs = parseDuration(config.alerts.keep_resolved);
  const book = new AlertBook({
    graceMs: (id) => graceMs.get(id) ?? 60_000,
    pushed: (id) => sources.get(id)?.kind === 'push',
    // A source no longer configured cannot confirm anything: treat it as failing (fires unconfirmed in time).
    stale: (id) => { const h = healthById.get(id); return !h || h.state === 'down' || h.state === 'degraded' || h.state === 'syncing'; },
    maxUnconfirmedMs: parseDuration(config.alerts.max_unconfirmed),
    silences,
    keepResolvedMs,
  }, tables.alerts() as AlertEntry[]);
  const router = new Router(config.alerts.routes, config.alerts.channels.map((c) => c.id), tables.get(ROUTING) as RoutingState | undefined,
    (path, err) => log.error({ path, reason: err.message }, `config: ${path}: ${err.message}; this route is disabled (it matches nothing) until the config is mended`));
  let routingDirty = false;

  const stepsCache = new WeakMap<object, Map<string, EscalationStep[]>>();
  function stepsFor(ticket: Ticket): (metric: string) => EscalationStep[] {
    const policy = selectPolicy(ticket, config.sla.policies);
    if (!policy) return () => [];
    let byMetric = stepsCache.get(policy);
    if (!byMetric) {
      byMetric = new Map(policy.metrics.map((m) => [m.metric, m.escalations.map((e) => ({ ...e, offsetMs: offsetMs(e.offset) }))]));
      stepsCache.set(policy, byMetric);
    }
    return (metric) => byMetric.get(metric) ?? [];
  }

  function ticketUrl(source: string, id: string): string | undefined {
    const template = sources.get(source)?.ticket_url;
    return template?.replaceAll('{id}', encodeURIComponent(id));
  }

  function notice(a: Alert, at: number): AlertNotice {
    const labels = Object.fromEntries(Object.entries(a.labels).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const annotations = Object.fromEntries(Object.entries(a.annotations).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const due = a.annotations.due_at ? Date.parse(a.annotations.due_at) : NaN;
    return {
      alert_key: a.alert_key, fingerprint: a.fingerprint ?? '', status: a.state === 'resolved' ? 'resolved' : 'firing', labels, annotations,
      starts_at: a.fired_at ?? a.active_at ?? new Date(at).toISOString(), ...(a.resolved_at ? { ends_at: a.resolved_at } : {}),
      ...(a.annotations.url ? { url: a.annotations.url } : {}),
      ...(a.labels.kind === 'breach' && a.state !== 'resolved' && Number.isFinite(due) ? { late_s: Math.max(0, Math.round((at - due) / 1000)) } : {}),
      acknowledged: a.acknowledged, ...(a.unconfirmed ? { unconfirmed: true } : {}),
    };
  }

  /** Sends one batch to each receiver, minus what a channel does not want (resolves, when send_resolved is off). */
  function send(receivers: readonly string[], base: Omit<NotificationBatch, 'receiver' | 'status'>) {
    for (const receiver of receivers) {
      const channel = channels.get(receiver);
      if (!channel) continue;
      const alerts = channel.send_resolved ? base.alerts : base.alerts.filter((a) => a.status === 'firing');
      if (alerts.length === 0) continue;
      deps.deliver({ ...base, receiver, alerts, status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved' });
    }
  }

  function notify(n: RoutedNotification) {
    const alerts = [...n.firing, ...n.resolved].flatMap((k) => { const e = book.get(k); return e ? [notice(e.alert, n.at)] : []; });
    const groupLabels = Object.fromEntries(n.group.split(',').filter(Boolean).map((kv) => { const i = kv.indexOf('='); return [kv.slice(0, i), kv.slice(i + 1)]; }));
    const groupKey = `{}/${n.route}:{${Object.entries(groupLabels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
    log.info({ group: n.group, firing: n.firing.length, resolved: n.resolved.length, repeat: n.repeat, receivers: n.receivers }, 'alert notification');
    send(n.receivers, { group_key: groupKey, group_labels: groupLabels, alerts, external_url: deps.externalUrl(), repeat: n.repeat });
  }

  /** Hands every change on: the dashboard stream at once, the store in one transaction, the routes; then escalations. */
  function settle(at: number) {
    const { changed, forgotten, escalations } = book.drain();
    if (changed.length > 0 || forgotten.length > 0) {
      tables.saveAlerts(changed.map((e) => ({ key: e.alert.alert_key, state: e.alert.state, data: e })), forgotten);
    }
    for (const e of changed) {
      deps.publish(e.alert);
      router.observe(e.alert, at);
      routingDirty = true;
    }
    for (const { alert, step } of escalations) {
      log.info({ alert: alert.alert_key, step: step.kind, offset: step.offset, to: step.to }, 'alert escalation');
      send(step.to, { group_key: `escalation/${alert.alert_key}/${step.offset}`, group_labels: { escalation: step.kind },
        alerts: [notice(alert, at)], external_url: deps.externalUrl(), repeat: false });
    }
  }

  return {
    /** A ticket's SLA instances were evaluated (a change, a passed deadline, the start). */
    observeSla(sla: TicketSla, at: number) {
      const t = sla.ticket;
      const source = sla.key.slice(0, sla.key.indexOf('/')); // keys are `source/ticket/id`; source ids have no "/"
      book.observeSla({
        source, ticketId: t.id, instances: sla.instances, steps: stepsFor(t),
        annotations: {
          priority: t.priority, ...(t.group ? { group: t.group } : {}), ...(t.assignee ? { assignee: t.assignee } : {}),
          ...(t.department ? { department: t.department } : {}), ...(t.subject ? { title: t.subject } : {}),
          ...(ticketUrl(source, t.id) ? { url: ticketUrl(source, t.id) } : {}),
        },
      }, at);
      settle(at);
    },
    /** A poll of `source` started at `startedAt` succeeded: pending conditions old enough are confirmed. */
    pollSucceeded(source: string, startedAt: number, at: number) {
      book.confirmPoll(source, startedAt, at);
      settle(at);
    },
    /** Once a second: rules, the passage of time, notification ticks. */
    tick(now: number) {
      healthById = new Map(deps.health().map((h) => [h.id, h]));
      if (resettle) { book.resettle(now); resettle = false; }
      evaluateRules(book, config.alerts.rules, { ...ruleData, health: [...healthById.values()] }, now);
      book.tick(now);
      settle(now);
      const due = router.nextDue();
      for (const n of router.flush(now, (k) => book.get(k)?.alert.acknowledged ?? false)) notify(n);
      if (router.nextDue() !== due) routingDirty = true; // a group ticked (or ended): its timing is persisted
      if (routingDirty) { tables.put(ROUTING, router.state()); routingDirty = false; }
      const dropped = silences.prune(now - keepResolvedMs);
      for (let i = rejected.length - 1; i >= 0; i--) {
        if (rejected[i]!.endsAt < now - keepResolvedMs) dropped.push(rejected.splice(i, 1)[0]!.id);
      }
      tables.deleteSilences(dropped);
    },
    list: (state?: Alert['state'] | 'open') => book.list(state),
    /** For the hub's own metrics. */
    counts() {
      const counts = { pending: 0, firing: 0, acknowledged: 0, suppressed: 0 };
      for (const a of book.list('open')) {
        counts[a.state as 'pending' | 'firing']++;
        if (a.acknowledged) counts.acknowledged++;
        if (a.suppressed?.silenced_by.length || a.suppressed?.inhibited_by.length) counts.suppressed++;
      }
      return counts;
    },
    get: (key: string) => book.get(key)?.alert,
    ack(key: string, ack: { by: string; until?: string }, now: number): Alert {
      const alert = book.ack(key, ack, now);
      log.info({ alert: key, by: ack.by, until: ack.until }, 'alert acknowledged');
      settle(now);
      tables.flush(); // answered only once stored: a StoreWriteError fails the request (a later retry still writes it)
      return alert;
    },
    unack(key: string, now: number): Alert {
      const alert = book.unack(key);
      log.info({ alert: key }, 'alert acknowledgement withdrawn');
      settle(now);
      tables.flush(); // answered only once stored: a StoreWriteError fails the request (a later retry still writes it)
      return alert;
    },
    silences: (now: number) => silences.list(now),
    /** Creates a silence from a request body (already parsed by silenceRequestSchema). */
    silence(body: z.output<typeof silenceRequestSchema>, now: number): Silence {
      const starts = body.starts_at ? Date.parse(body.starts_at) : now;
      const ends = body.ends_at ? Date.parse(body.ends_at) : starts + parseDuration(body.duration!);
      if (ends <= starts) throw new AlertError('conflict', '"ends_at" must be after "starts_at"');
      if (ends <= now) throw new AlertError('conflict', 'the silence would already be over');
      const s = silences.add({ matchers: body.matchers, starts_at: new Date(starts).toISOString(), ends_at: new Date(ends).toISOString(), created_by: body.created_by, comment: body.comment });
      tables.saveSilence(s.id, { id: s.id, matchers: s.matchers, starts_at: s.starts_at, ends_at: s.ends_at, created_by: s.created_by, comment: s.comment });
      log.info({ silence: s.id, by: s.created_by, matchers: s.matchers }, 'silence created');
      book.resettle(now);
      settle(now);
      tables.flush(); // answered only once stored, as an acknowledgement
      return silences.view(s.id, now)!;
    },
    /** Ends a silence now (un-silence). */
    expireSilence(id: string, now: number): Silence {
      const s = silences.expire(id, now);
      if (!s) throw new AlertError('not_found', `no silence "${id}"`);
      tables.saveSilence(s.id, { id: s.id, matchers: s.matchers, starts_at: s.starts_at, ends_at: s.ends_at, created_by: s.created_by, comment: s.comment });
      log.info({ silence: id }, 'silence expired');
      book.resettle(now);
      settle(now);
      tables.flush(); // answered only once stored, as an acknowledgement
      return s;
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
