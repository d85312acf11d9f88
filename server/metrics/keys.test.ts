import { describe, expect, it } from 'vitest';
import type { MetricRef } from '../protocol';
import { createMetricKeys, KeyBudgetError } from './keys';

/** A stand-in engine: a key is the ref's id; ensure computes it (value 1), release forgets it. */
function fakeEngine() {
  const computed = new Map<string, number>();
  return {
    computed,
    ensure: (refs: MetricRef[]) => refs.map((r) => { computed.set(r.id, 1); return r.id; }),
    release: (key: string) => { computed.delete(key); },
    keys: () => computed.keys(),
    current: (key: string) => computed.get(key),
    resolve: (ref: MetricRef) => ({ key: ref.id }),
  };
}
const ref = (id: string): MetricRef => ({ id, params: {} });
const GRACE = 300_000;

describe('metric keys: one owner of their lifetime', () => {
  it('keeps standing keys and held keys; forgets the others a grace after the last use', () => {
    const engine = fakeEngine();
    const keys = createMetricKeys({ engine, graceMs: GRACE, newKeysPerMinute: 60 });
    keys.stand([ref('screen'), ref('rule')], 0);
    keys.hold([ref('socket')], 0);
    keys.read(ref('rest'), 'user:a', 0);
    keys.hold([ref('gone')], 0);
    const held = new Set(['socket']);
    expect(keys.sweep(0, held)).toEqual([]); // 'gone' seen unheld: its grace starts at 0; 'rest' was read at 0
    keys.read(ref('rest'), 'user:a', 200_000); // read again: its grace starts again
    held.delete('socket'); keys.letGo('socket', 200_000); // its last socket left
    expect(keys.sweep(200_000, held)).toEqual([]);
    expect(keys.sweep(300_000, held)).toEqual(['gone']); // 0 + 300 000
    expect(keys.sweep(499_999, held)).toEqual([]);
    expect(keys.sweep(500_000, held).sort()).toEqual(['rest', 'socket']); // 200 000 + 300 000
    expect([...engine.computed.keys()].sort()).toEqual(['rule', 'screen']);
  });

  it('a key that stops standing (a screen edited) starts its grace; one held again within it stays', () => {
    const engine = fakeEngine();
    const keys = createMetricKeys({ engine, graceMs: GRACE, newKeysPerMinute: 60 });
    keys.stand([ref('a'), ref('b')], 0);
    keys.stand([ref('a')], 100_000); // 'b' no longer on any screen: grace from 100 000
    expect([keys.isStanding('a'), keys.isStanding('b')]).toEqual([true, false]);
    expect(keys.sweep(399_999, new Set())).toEqual([]);
    expect(keys.sweep(350_000, new Set(['b']))).toEqual([]); // a socket holds it: its grace is cleared
    expect(keys.sweep(650_000, new Set())).toEqual([]); // unheld again from 650 000
    expect(keys.sweep(950_000, new Set())).toEqual(['b']);
  });

  it('limits new keys per REST caller; keys already computed are free', () => {
    const keys = createMetricKeys({ engine: fakeEngine(), graceMs: GRACE, newKeysPerMinute: 2 });
    keys.read(ref('x'), 'ip:1', 0);
    keys.read(ref('y'), 'ip:1', 1_000);
    expect(() => keys.read(ref('z'), 'ip:1', 2_000)).toThrow(KeyBudgetError);
    expect(keys.read(ref('x'), 'ip:1', 2_000)).toBe('x'); // computed already: no budget
    expect(keys.read(ref('z'), 'ip:2', 2_000)).toBe('z'); // another caller
    let err: unknown;
    try { keys.read(ref('w'), 'ip:1', 30_000); } catch (e) { err = e; }
    expect(err).toMatchObject({ used: 2, waitS: 30 }); // the first new key (at 0) leaves the minute at 60 s
  });

  it('sweeps a few times per grace, within bounds', () => {
    expect(createMetricKeys({ engine: fakeEngine(), graceMs: 300_000, newKeysPerMinute: 1 }).sweepEveryMs).toBe(30_000);
    expect(createMetricKeys({ engine: fakeEngine(), graceMs: 1_000, newKeysPerMinute: 1 }).sweepEveryMs).toBe(250);
  });
});
