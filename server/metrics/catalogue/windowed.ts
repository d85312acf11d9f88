import type { SourcedRecord } from '../../model';
import type { MetricPayload } from '../../protocol';
import { ALL_TIME, WindowedGroups } from '../windowed-groups';
import { windowRange, type WindowName } from '../windows';
import type { Aggregator, MetricContext } from '../types';

/** Where one record counts: its instant in the window, its group and its amount; undefined = not at all. */
export type Placement = { t: number; group?: string; amount?: number } | undefined;

/**
 * The aggregator most record metrics are: each record placed in a window (or all time), running totals
 * per group, and a reader that turns the totals into the metric's value.
 */
export function windowedAggregator(ctx: MetricContext, window: WindowName | 'all',
  place: (record: SourcedRecord) => Placement,
  read: (groups: WindowedGroups, now: number) => MetricPayload): Aggregator {
  const rangeAt = window === 'all' ? ALL_TIME : (now: number) => windowRange(window, now, ctx.timezone);
  const groups = new WindowedGroups(rangeAt, ctx.now);
  return {
    apply(input) {
      if (input.kind !== 'record') return;
      const placed = place(input.record);
      groups.set(input.key, placed?.t, placed?.group, placed?.amount);
    },
    advance: (now) => groups.advance(now),
    value: (now) => read(groups, now),
  };
}

/** The current and previous totals of a windowed count or amount. */
export function scalarOf(groups: WindowedGroups, measure: 'count' | 'amount', withPrevious: boolean): MetricPayload {
  return {
    kind: 'scalar',
    value: round2(groups.sum('current')[measure]),
    previous: withPrevious ? round2(groups.sum('previous')[measure]) : null,
  };
}

/** Current totals per group, in the given key order first, then any other keys by value. */
export function breakdownOf(groups: WindowedGroups, order: readonly string[] = []): MetricPayload {
  const items = [...groups.groupTotals()].map(([key, t]) => ({ key, value: t.count, amount: round2(t.amount) }));
  for (const key of order) if (!items.some((i) => i.key === key)) items.push({ key, value: 0, amount: 0 });
  const rank = (key: string) => { const i = order.indexOf(key); return i < 0 ? order.length : i; };
  items.sort((a, b) => rank(a.key) - rank(b.key) || b.value - a.value || a.key.localeCompare(b.key));
  return { kind: 'breakdown', items };
}

/** Amounts are money: two decimals, and no float dust such as 0.30000000000000004 in a pushed value. */
export const round2 = (n: number) => Math.round(n * 100) / 100;
