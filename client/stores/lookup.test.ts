import { describe, expect, it } from 'vitest';
import { metricKey, type MetricParams, type MetricValue } from '../../server/protocol';
import { lookupValue } from './lookup';

function v(id: string, params: MetricParams): [string, MetricValue] {
  const key = metricKey(id, params);
  return [key, { key, id, params, value: { kind: 'scalar', value: 1, previous: null }, version: 1, asOf: null, computedAt: '', stale: false }];
}

describe('lookupValue', () => {
  const store = new Map([
    v('deals.pipeline_value', { weighted: 'false' }),
    v('orders.count', { window: 'today' }),
    v('orders.count', { window: 'today', status: 'delivered' }),
    v('tickets.sla.queue', { limit: 12 }),
    v('orders.amount', { window: 'today' }),
    v('orders.amount', { window: '7d' }),
  ]);
  it('by exact key', () => expect(lookupValue(store, { id: 'orders.count', params: { window: 'today' } })?.key).toBe('orders.count?window=today'));
  it('numbers and strings are the same param', () => expect(lookupValue(store, { id: 'tickets.sla.queue', params: { limit: '12' } })).toBeDefined());
  it('fills in the hub’s defaults', () =>
    expect(lookupValue(store, { id: 'deals.pipeline_value', params: {} })?.key).toBe('deals.pipeline_value?weighted=false'));
  it('prefers the fewest extra params', () => expect(lookupValue(store, { id: 'orders.count', params: {} })?.key).toBe('orders.count?window=today'));
  it('refuses to guess between equals', () => expect(lookupValue(store, { id: 'orders.amount', params: {} })).toBeUndefined());
  it('nothing for another metric', () => expect(lookupValue(store, { id: 'deals.funnel', params: {} })).toBeUndefined());
});
