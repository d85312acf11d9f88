import { metricKey, type MetricRef, type MetricValue } from '../../server/protocol';

/**
 * The value a widget's metric ref stands for. The hub keys values by their params with its defaults filled
 * in (`deals.pipeline_value` → `deals.pipeline_value?weighted=false`), which a screen file need not spell
 * out. So when the plain key is missing, the value of the same metric whose params contain all of the ref's
 * is used — the one with the fewest extra params, and only if that choice is unique.
 */
export function lookupValue(byKey: ReadonlyMap<string, MetricValue>, ref: MetricRef): MetricValue | undefined {
  const exact = byKey.get(metricKey(ref.id, ref.params));
  if (exact) return exact;
  const given = Object.entries(ref.params ?? {}).filter(([, v]) => v !== '');
  let best: MetricValue | undefined;
  let bestExtra = Infinity;
  let tie = false;
  for (const value of byKey.values()) {
    if (value.id !== ref.id) continue;
    if (!given.every(([name, v]) => value.params[name] !== undefined && String(value.params[name]) === String(v))) continue;
    const extra = Object.keys(value.params).length - given.length;
    if (extra < bestExtra) {
      best = value;
      bestExtra = extra;
      tie = false;
    } else if (extra === bestExtra) tie = true;
  }
  return tie ? undefined : best;
}
