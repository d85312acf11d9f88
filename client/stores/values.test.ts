import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { MetricValue } from '../../server/protocol';
import { useValuesStore } from './values';

const v = (key: string, version: number): MetricValue => ({ key, id: key, params: {}, value: { kind: 'scalar', value: version, previous: null }, version, asOf: null, computedAt: '', stale: false });

describe('values store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  it('replaceAll drops keys the screen no longer shows, so weeks of hot reloads do not pile up', () => {
    const store = useValuesStore();
    store.put([['a', v('a', 1)], ['b', v('b', 1)]]);
    store.replaceAll(new Map([['b', v('b', 2)], ['c', v('c', 1)]]));
    expect([...store.byKey.keys()].sort()).toEqual(['b', 'c']);
    expect(store.get('b')?.version).toBe(2);
  });
  it('freezes stored values: widgets cannot change them', () => {
    const store = useValuesStore();
    store.put([['a', v('a', 1)]]);
    expect(Object.isFrozen(store.get('a'))).toBe(true);
  });
});
