import { DemoCompany, type DemoOptions } from '../../server/demo';
import type { Order } from '../../server/model';
import { windowRange, type WindowName } from '../../server/metrics';

/**
 * The orders a simulated company created up to `until`, replayed from its seed and start (the company is
 * deterministic, so this is what its vendors served), independently of the hub.
 */
export function demoOrders(opts: DemoOptions, until: number): Order[] {
  const company = new DemoCompany(opts);
  const orders = new Map<string, Order>();
  for (const r of company.advanceTo(until)) if (r.type === 'order') orders.set(r.id, r);
  return [...orders.values()];
}

/**
 * The numbers of orders created in a window's previous span [prevStart, prevEnd) as that span stood at any
 * millisecond from `from` to `to`: what `orders.count` may give as `previous` (no order of the demo is deleted).
 * The hub's value reads the span as its windows last moved (each second's tick), at or a tick before its
 * `computedAt`, so a test asks for the counts over that stretch; they differ only if an order crosses a bound in it.
 */
export function previousSpanCounts(orders: readonly Order[], window: WindowName, from: number, to: number, timezone: string): Set<number> {
  const times = orders.map((o) => Date.parse(o.created_at)).sort((a, b) => a - b);
  const before = (t: number) => { // how many orders were created before t
    let lo = 0, hi = times.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (times[mid]! < t) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const counts = new Set<number>();
  for (let at = from; at <= to; at++) {
    const { prevStart, prevEnd } = windowRange(window, at, timezone);
    counts.add(before(prevEnd) - before(prevStart));
  }
  return counts;
}
