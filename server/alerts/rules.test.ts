import { describe, expect, it } from 'vitest';
import type { AlertRuleConfig } from './config';
import type { MetricValue, SourceHealth } from '../protocol';
import { AlertBook } from './book';
import { evaluateRules, numberAt } from './rules';
import { SilenceBook } from './silences';

describe('the number a threshold rule compares', () => {
  it('a scalar, a breakdown total, or a dotted path with item keys', () => {
    expect(numberAt({ kind: 'scalar', value: 23 }, undefined)).toBe(23);
    // 12 confirmed + 9 in fulfilment = 21 stuck orders
    const stuck = { kind: 'breakdown', items: [{ key: 'confirmed', value: 12 }, { key: 'in_fulfilment', value: 9 }] };
    expect(numberAt(stuck, undefined)).toBe(21);
    expect(numberAt(stuck, 'items.in_fulfilment.value')).toBe(9);
    expect(numberAt(stuck, 'items.1.value')).toBe(9);
    expect(numberAt(stuck, 'items.shipped.value')).toBeUndefined();
    expect(numberAt({ kind: 'sla-summary', breached: 4 }, 'breached')).toBe(4);
    expect(numberAt(7, undefined)).toBe(7);
    expect(numberAt({ kind: 'scalar', value: null }, undefined)).toBeUndefined();
  });
});

describe('rules over time (Prometheus for / keep_firing_for)', () => {
  const t = (minutes: number) => Date.parse('2025-03-10T10:00:00Z') + minutes * 60_000;
  function setup() {
    const book = new AlertBook({ graceMs: () => 0, pushed: () => true, stale: () => false, maxUnconfirmedMs: 600_000, silences: new SilenceBook(), keepResolvedMs: 3_600_000 });
    const rule: AlertRuleConfig = { id: 'stuck', kind: 'threshold', metric: { id: 'orders.stuck', params: {} }, op: '>', threshold: 20,
      for: '10m', keep_firing_for: '5m', severity: 'warning' };
    let value: number | null = 0;
    let stale = false;
    const data = { health: [], metric: () => (value === null ? undefined : { key: 'k', id: 'orders.stuck', params: {}, value: { kind: 'scalar', value }, version: 1, asOf: null, computedAt: '', stale } as MetricValue) };
    const at = (minutes: number, v: number | null, isStale = false) => { value = v; stale = isStale; evaluateRules(book, [rule], data, t(minutes)); return book.get('rule/stuck')?.alert; };
    return { at, book };
  }

  it('pending for 10 min, then firing; stays 5 min after the condition ends, then resolves as cleared', () => {
    const { at } = setup();
    expect(at(0, 15)).toBeUndefined();
    expect(at(1, 23)).toMatchObject({ state: 'pending', active_at: new Date(t(1)).toISOString(), annotations: { value: '23', threshold: '> 20' } });
    expect(at(10, 25)!.state).toBe('pending'); // 9 min held
    expect(at(11, 25)).toMatchObject({ state: 'firing', fired_at: new Date(t(11)).toISOString() });
    expect(at(12, 18)!.state).toBe('firing'); // false since 12: kept until 17
    expect(at(16, 18)!.state).toBe('firing');
    expect(at(17, 18)).toMatchObject({ state: 'resolved', resolved_reason: 'cleared' });
  });

  it('a pending alert whose condition ends resolves at once; stale or missing values change nothing', () => {
    const { at } = setup();
    expect(at(0, 30)!.state).toBe('pending');
    expect(at(5, 30, true)!.state).toBe('pending'); // stale: not evaluated
    expect(at(20, null)!.state).toBe('pending'); // no value: not evaluated
    // The condition held from 0 and nothing said otherwise: at 21 it has held 21 min, so it fires.
    expect(at(21, 30)!.state).toBe('firing');
    const { at: at2 } = setup();
    at2(0, 30);
    expect(at2(3, 10)).toMatchObject({ state: 'resolved', resolved_reason: 'cleared' });
  });

  it('source_down: one alert per source, after 5 min down', () => {
    const book = new AlertBook({ graceMs: () => 0, pushed: () => true, stale: () => false, maxUnconfirmedMs: 600_000, silences: new SilenceBook(), keepResolvedMs: 3_600_000 });
    const rule: AlertRuleConfig = { id: 'down', kind: 'source_down', states: ['down'], for: '5m', keep_firing_for: '0s', severity: 'critical' };
    const health = (state: string) => [{ id: 'zd', kind: 'zendesk', state, lastSuccessAt: null, records: 0 }, { id: 'sf', kind: 'salesforce', state: 'ok', lastSuccessAt: null, records: 0 }] as SourceHealth[];
    evaluateRules(book, [rule], { health: health('down'), metric: () => undefined }, t(0));
    evaluateRules(book, [rule], { health: health('down'), metric: () => undefined }, t(5));
    expect(book.list('firing').map((a) => [a.alert_key, a.labels.source, a.annotations.severity])).toEqual([['rule/down/zd', 'zd', 'critical']]);
    evaluateRules(book, [rule], { health: health('ok'), metric: () => undefined }, t(6));
    expect(book.get('rule/down/zd')!.alert.resolved_reason).toBe('cleared');
  });
});
