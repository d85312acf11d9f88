import type { AlertRuleConfig } from '../alerts';
import type { Alert, MetricRef, ScreenDefinition, WidgetDefinition } from '../protocol';
import type { MoneyOf } from './fields';
import type { Scope } from './principal';

/** A request this holder may not make: code `forbidden`, with where. */
export class AccessError extends Error {
  constructor(readonly code: 'unauthorized' | 'forbidden', message: string, readonly path?: string) {
    super(message);
    this.name = 'AccessError';
  }
}

/**
 * The reference with the holder's department forced in: a department of theirs that it names is kept,
 * any other (or none) becomes their first. Every metric takes the common `department` filter.
 */
export function scopeRef(ref: MetricRef, scope: Scope): MetricRef {
  if (scope.departments === 'all') return ref;
  const asked = ref.params?.department;
  const department = typeof asked === 'string' && scope.departments.includes(asked) ? asked : scope.departments[0]!;
  return { id: ref.id, params: { ...ref.params, department } };
}

/** Refs as this holder may have them; a metric that is all money is refused outright. */
export function scopeRefs(refs: readonly MetricRef[], scope: Scope, money: MoneyOf): MetricRef[] {
  return refs.map((ref, i) => {
    if (!scope.amounts && money(ref.id) === 'value') throw new AccessError('forbidden', `"${ref.id}" is a money amount, which your role may not see`, `metrics.${i}.id`);
    return scopeRef(ref, scope);
  });
}

/** Whether a widget would show money: a metric that is all money, or one with amounts that the widget measures by. */
const showsAmounts = (w: WidgetDefinition, money: MoneyOf) => {
  const declared = w.metric ? money(w.metric.id) : undefined;
  return declared === 'value' || (declared === 'amounts' && w.options.measure === 'amount');
};

/**
 * The screen as this holder may see it: every metric scoped to their department, and each widget that would
 * show money replaced by a text saying it is hidden (same place, so the layout holds). `resolve` puts the
 * params in the engine's canonical form, so the wall's keys match the hub's.
 */
export function scopeScreen(def: ScreenDefinition, scope: Scope, resolve: (ref: MetricRef) => { params: MetricRef['params'] }, money: MoneyOf): ScreenDefinition {
  const widgets = Object.fromEntries(Object.entries(def.widgets).map(([name, w]) => {
    if (!w.metric) return [name, w];
    if (!scope.amounts && showsAmounts(w, money)) {
      return [name, { type: 'text', ...(w.title ? { title: w.title } : {}), options: { text: '金额已隐藏 · Amounts hidden for your role', align: 'center' } }];
    }
    const ref = scopeRef(w.metric, scope);
    return [name, { ...w, metric: { id: ref.id, params: resolve(ref).params } }];
  }));
  return { ...def, widgets };
}

/**
 * Whether an alert reaches this holder. SLA alerts carry their ticket's department; a threshold rule's
 * alert is as scoped as the metric it watches; source health is for everyone.
 */
export function alertVisible(alert: Alert, scope: Scope, rules: readonly AlertRuleConfig[], money: MoneyOf): boolean {
  if (alert.labels.kind === 'rule' && alert.labels.source !== undefined) return true;
  if (alert.labels.kind === 'rule') {
    const rule = rules.find((r) => r.id === alert.labels.rule);
    // A hand-off alert is its department's: the one responsible for the step the instances wait at.
    if (rule?.kind === 'handoff') return scope.departments === 'all' || (alert.labels.department !== undefined && scope.departments.includes(alert.labels.department));
    if (!rule || rule.kind !== 'threshold') return scope.departments === 'all';
    if (!scope.amounts && (money(rule.metric.id) === 'value' || (money(rule.metric.id) === 'amounts' && /(^|\.)amount(\.|$)/.test(rule.value ?? '')))) return false;
    if (scope.departments === 'all') return true;
    const dept = rule.metric.params?.department;
    return typeof dept === 'string' && scope.departments.includes(dept);
  }
  if (scope.departments === 'all') return true;
  const dept = alert.annotations.department;
  return dept !== undefined && scope.departments.includes(dept);
}
