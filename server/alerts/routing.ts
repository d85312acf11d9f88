import { routeSchema, type RouteConfig } from './config';
import type { Alert } from '../protocol';
import { parseDuration } from '../protocol';
import { NotificationGrouper, type GroupState, type Notification } from './grouping';
import { alertFields } from './identity';
import { compileMatchers, MatcherError } from './matchers';

interface CompiledRoute { index: number; matches: (f: Readonly<Record<string, string>>) => boolean; receivers: string[]; continue: boolean; grouper: NotificationGrouper }

/** A group's notification for the receivers of the route it came from. */
export interface RoutedNotification extends Notification { route: number; receivers: string[] }

/** Persisted: each route's groups, by the route's position and receivers (a changed route starts afresh). */
export type RoutingState = Record<string, GroupState[]>;

function compileRoute(r: RouteConfig, index: number, onBad: (path: string, error: MatcherError) => void): CompiledRoute['matches'] {
  try { return compileMatchers(r.match); } catch (err) {
    if (!(err instanceof MatcherError)) throw err;
    const at = r.match.findIndex((m) => { try { compileMatchers([m]); return false; } catch { return true; } });
    onBad(`alerts.routes[${index}].match[${at}].value`, err);
    return () => false;
  }
}

const routeId = (r: RouteConfig, i: number) => `${i}:${r.receivers.join(',')}:${r.group_by.join(',')}`;

/**
 * Alertmanager's routing tree, flat: the first route whose matchers hold takes the alert (and the next ones
 * too while `continue` is set). Each route groups and times its alerts with its own grouper. Without routes
 * every alert goes to every channel with the default timers.
 */
export class Router {
  private readonly routes: CompiledRoute[];
  private readonly ids: string[];

  /**
   * `onBadRoute` hears of a route whose pattern RE2 refuses (a config written for another engine): that route
   * matches nothing, so its alerts go on to the next routes, and the hub still starts.
   */
  constructor(config: readonly RouteConfig[], channelIds: readonly string[], restored: RoutingState = {},
    onBadRoute: (path: string, error: MatcherError) => void = () => {}) {
    // No routes: one with the schema's defaults sends everything to every channel.
    const routes: RouteConfig[] = config.length > 0 ? [...config] : channelIds.length > 0 ? [routeSchema.parse({ receivers: channelIds })] : [];
    this.ids = routes.map(routeId);
    this.routes = routes.map((r, index) => ({
      index, matches: compileRoute(r, index, onBadRoute), receivers: r.receivers, continue: r.continue,
      grouper: new NotificationGrouper({
        group_by: r.group_by, group_wait_ms: parseDuration(r.group_wait), group_interval_ms: parseDuration(r.group_interval),
        repeat_interval_ms: parseDuration(r.repeat_interval), send_resolved: true, // each channel filters resolves itself
      }, restored[this.ids[index]!] ?? []),
    }));
  }

  private matching(fields: Readonly<Record<string, string>>): CompiledRoute[] {
    const out: CompiledRoute[] = [];
    for (const r of this.routes) {
      if (!r.matches(fields)) continue;
      out.push(r);
      if (!r.continue) break;
    }
    return out;
  }

  /**
   * An alert changed. Firing and not suppressed: it is (still) to be notified. Resolved: its resolve is
   * told where it was notified. Anything else (pending, silenced, inhibited): it leaves its groups quietly.
   */
  observe(alert: Alert, at: number): void {
    const fields = alertFields(alert);
    const suppressed = Boolean(alert.suppressed?.silenced_by.length || alert.suppressed?.inhibited_by.length);
    const routes = this.matching(fields);
    for (const r of this.routes) {
      if (!routes.includes(r)) { r.grouper.mute(alert.alert_key); continue; }
      if (alert.state === 'resolved') r.grouper.observe({ alert_key: alert.alert_key, state: 'resolved', fields }, at);
      else if (alert.state === 'firing' && !suppressed) r.grouper.observe({ alert_key: alert.alert_key, state: 'firing', fields }, at);
      else r.grouper.mute(alert.alert_key);
    }
  }

  nextDue(): number | undefined {
    const dues = this.routes.map((r) => r.grouper.nextDue()).filter((d): d is number => d !== undefined);
    return dues.length > 0 ? Math.min(...dues) : undefined;
  }

  flush(now: number, quiet: (key: string) => boolean): RoutedNotification[] {
    return this.routes.flatMap((r) => r.grouper.flush(now, quiet).map((n) => ({ ...n, route: r.index, receivers: r.receivers })))
      .sort((a, b) => a.at - b.at);
  }

  state(): RoutingState {
    return Object.fromEntries(this.routes.map((r, i) => [this.ids[i]!, r.grouper.state()]));
  }
}
