import type { AlertRuleConfig } from '../alerts';
import type { Alert, DeviceTarget, MetricRef, MetricValue, ScreenDefinition } from '../protocol';
import type { SocketViewer } from '../realtime';
import { redactValue, type MoneyOf } from './fields';
import { mayOpenScreen, type Principal, type Scope } from './principal';
import { AccessError, alertVisible, scopeRefs, scopeScreen } from './scope';

export interface ViewerDeps {
  alertRules: readonly AlertRuleConfig[];
  resolve(ref: MetricRef): { params: MetricRef['params'] };
  /** Which metrics carry money, from their definitions. */
  money: MoneyOf;
  playlistScreens(id: string): string[];
  /** A display's assignment as it is now: an admin may change it while the display is connected. */
  deviceTarget(id: string): DeviceTarget | undefined;
}

/** The holder with a display's current assignment. */
const current = (p: Principal, deps: ViewerDeps): Principal => (p.kind === 'device' ? { ...p, target: deps.deviceTarget(p.id) ?? p.target } : p);

/** Names a scope: holders with the same departments and amounts right see the same data ('' sees everything). */
export function scopeName(scope: Scope): string {
  if (scope.departments === 'all' && scope.amounts) return '';
  return `${scope.departments === 'all' ? '*' : [...scope.departments].sort().join(',')}${scope.amounts ? '+amounts' : ''}`;
}

/** The rooms a holder's sockets join, so the hub can reach or drop them. */
export function tagsOf(p: Principal): string[] {
  if (p.kind === 'device') return [`device:${p.id}`];
  if (p.kind === 'user') return [`session:${p.session}`, `user:${p.id}`];
  return [`token:${p.id}`];
}

/** The screen as this holder may see it; AccessError when it may not open it. */
export function screenFor(p: Principal, def: ScreenDefinition, deps: ViewerDeps): ScreenDefinition {
  if (!mayOpenScreen(current(p, deps), def.id, def.access, deps.playlistScreens)) {
    throw new AccessError('forbidden', `you may not open screen "${def.id}"`, 'screen');
  }
  return scopeScreen(def, p, deps.resolve, deps.money);
}

/** Metric refs as this holder may have them; a display asks for its screens only. */
export function metricsFor(p: Principal, refs: readonly MetricRef[], money: MoneyOf): MetricRef[] {
  if (p.kind === 'device') throw new AccessError('forbidden', 'a display subscribes to the screens it was assigned only', 'metrics');
  return scopeRefs(refs, p, money);
}

/** What the realtime room needs to know of one holder. */
export function socketViewer(p: Principal, deps: ViewerDeps): SocketViewer & { principal: Principal } {
  return {
    principal: p,
    scope: scopeName(p),
    tags: tagsOf(p),
    screen: (def) => screenFor(p, def, deps),
    metrics: (refs) => metricsFor(p, refs, deps.money),
    value: (v) => (p.amounts ? v : redactValue(v)),
    alert: (a: Alert) => (alertVisible(a, p, deps.alertRules, deps.money) ? a : undefined),
  };
}

/** The same scoping for REST answers (server/http/api.ts `RequestView`). */
export function restView(holder: Principal, deps: ViewerDeps) {
  const p = current(holder, deps);
  return {
    metric: (ref: MetricRef) => metricsFor(p, [ref], deps.money)[0]!,
    value: (v: MetricValue) => (p.amounts ? v : redactValue(v)),
    screen: (def: ScreenDefinition) => screenFor(p, def, deps),
    listsScreen: (id: string, def: ScreenDefinition | undefined) => (def
      ? mayOpenScreen(p, id, def.access, deps.playlistScreens)
      : p.kind !== 'device' && p.role !== 'viewer'), // a broken file concerns those who edit screens
    listsPlaylist: (id: string) => p.kind !== 'device' || ('playlist' in p.target && p.target.playlist === id),
  };
}
