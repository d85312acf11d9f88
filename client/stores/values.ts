import { defineStore } from 'pinia';
import { shallowReactive } from 'vue';
import { metricKey, type MetricRef, type MetricValue } from '../../server/protocol';

/**
 * The latest value of every metric key on the current screen. Values are kept shallow: they are
 * replaced whole on each change, so deep reactivity would only cost memory on a screen running for weeks.
 */
export const useValuesStore = defineStore('values', () => {
  const byKey = shallowReactive(new Map<string, MetricValue>());

  function get(key: string): MetricValue | undefined {
    return byKey.get(key);
  }

  /** The value a widget's metric ref stands for: the hub sends screens with every param spelled out. */
  function find(ref: MetricRef): MetricValue | undefined {
    return byKey.get(metricKey(ref.id, ref.params));
  }

  /** Stores accepted deltas (the realtime client has already checked their versions). */
  function put(entries: Iterable<[string, MetricValue]>): void {
    for (const [key, v] of entries) byKey.set(key, Object.freeze(v));
  }

  /** Makes the store hold exactly `values`: keys the screen no longer shows are dropped. */
  function replaceAll(values: Map<string, MetricValue>): void {
    for (const key of [...byKey.keys()]) if (!values.has(key)) byKey.delete(key);
    for (const [key, v] of values) if (byKey.get(key) !== v) byKey.set(key, Object.freeze(v));
  }

  function clear(): void {
    byKey.clear();
  }

  return { byKey, get, find, put, replaceAll, clear };
});
