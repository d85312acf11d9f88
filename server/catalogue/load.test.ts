import { describe, expect, it } from 'vitest';
import { createEngine, type MetricDefinition } from '../metrics';
import { builtinMetrics } from './catalogue';

import type { SourcedRecord } from '../model';
import { compileEntry, validateDefinitionFile } from './load';

const ALL = builtinMetrics();
const BUILTINS = new Set(ALL.map((m) => m.id));
const base = { title: 'Big orders', description: 'Orders of ¥100,000 or more, created in the window.', entity: 'order', measure: { count: true } };
/** The file as an editor saves it: two-space JSON. */
const text = (body: Record<string, unknown>) => JSON.stringify({ id: 'acme.big_orders', ...base, ...body }, null, 2);
const load = (body: Record<string, unknown>, file = '/srv/metrics/acme.big_orders.json') => validateDefinitionFile(file, text(body), BUILTINS);

// Every file below is JSON.stringify(…, null, 2) of { id, title, description, entity, measure, …body }: line 1 "{",
// 2 id, 3 title, 4 description, 5 entity, 6 "measure": {, 7 its first key, 8 "}," and the body's keys from line 9.
describe('a definition file: each bad input is one clear error naming the file, line, column, path and what was expected', () => {
  it('a good file loads, with its definition', () => {
    const entry = load({ filter: { field: 'amount', gte: 100000 }, windows: ['today'] });
    expect(entry).toMatchObject({ id: 'acme.big_orders', valid: true, title: 'Big orders' });
    expect(entry.definition?.filter).toEqual({ field: 'amount', gte: 100000 });
  });

  it('an unknown field', () => {
    // line 9 "filter": {, 10 "field": "amout" at column 5.
    const entry = load({ filter: { field: 'amout', gte: 1 } });
    expect(entry.problems).toEqual([{ path: 'filter.field', line: 10, column: 5,
      message: expect.stringMatching(/^unknown field "amout" for an order; expected one of id, account_id, .*amount.* or extra\.<vendor field>$/) }]);
    expect(entry.error).toMatch(/^acme\.big_orders\.json:10:5 filter\.field: unknown field "amout"/);
  });

  it('a sum over text', () => {
    // line 7: "sum": "customer" at column 5.
    const entry = load({ measure: { sum: 'customer' } });
    expect(entry.problems).toEqual([{ path: 'measure.sum', line: 7, column: 5,
      message: 'sum over a text field "customer"; expected a number field (amount, base_amount, amount_reporting) or extra.<vendor field>' }]);
  });

  it('a filter value of the wrong type', () => {
    // line 9 "filter": {, 10 "field", 11 "gte": "lots" at column 5.
    const entry = load({ filter: { field: 'amount', gte: 'lots' } });
    expect(entry.problems).toEqual([{ path: 'filter.gte', line: 11, column: 5, message: '"lots" does not fit a number field "amount"; expected a number' }]);
  });

  it('an id that is a built-in\'s', () => {
    const entry = validateDefinitionFile('/srv/metrics/orders.count.json', JSON.stringify({ id: 'orders.count', ...base }, null, 2), BUILTINS);
    expect(entry.problems).toEqual([{ path: 'id', line: 2, column: 3,
      message: '"orders.count" is a built-in metric\'s id; expected an id of your own (a prefix such as "sales." or "acme.")' }]);
  });

  it('an id that is not the file\'s name', () => {
    const entry = load({}, '/srv/metrics/acme.other.json');
    expect(entry.problems).toEqual([{ path: 'id', line: 2, column: 3, message: '"acme.big_orders" must equal the file name "acme.other" (the file is acme.other.json)' }]);
  });

  it('a cost over the budget: 20,000 groups × 2 buckets', () => {
    // line 9 "group_by": {, 10 "field", 11 "max_groups": 20000 at column 5.
    const entry = load({ group_by: { field: 'customer', max_groups: 20000 }, windows: ['today'] });
    expect(entry.problems).toEqual([{ path: 'group_by.max_groups', line: 11, column: 5,
      message: 'costs 20000 groups × 2 buckets = 40000, over the budget of 20000; expected a smaller max_groups' }]);
  });

  it('schema errors and bad JSON are placed too', () => {
    const entry = load({ measure: { median: 'amount' } });
    expect(entry.valid).toBe(false);
    expect(entry.problems?.[0]).toMatchObject({ path: 'measure', line: 6, column: 3 });
    const bad = validateDefinitionFile('/srv/metrics/acme.x.json', '{ "id": "acme.x", }', BUILTINS);
    expect(bad.error).toMatch(/^acme\.x\.json:1:19 \(root\): not valid JSON: /);
  });
});

describe('a group-by over a field with very many distinct values keeps its memory bounded', () => {
  it('100,000 customers: the default 1,000 groups are kept, the rest fold into 其他 and the totals still add up', () => {
    const entry = load({ group_by: { field: 'customer' } });
    const metric = compileEntry(entry.definition!, 'company', 'metrics/acme.big_orders.json') as unknown as MetricDefinition;
    // Customer c<i> has one order: the first 1,000 seen each get a group of 1; 99,000 fold into 其他.
    const orders: SourcedRecord[] = Array.from({ length: 100_000 }, (_, i) => ({
      type: 'order', source: 's', id: `o${i}`, status: 'new', amount: 1, customer: `c${i}`, created_at: '2025-03-10T01:00:00Z', updated_at: '2025-03-10T01:00:00Z',
    }) as SourcedRecord);
    const engine = createEngine({ timezone: 'UTC', policies: [], catalogue: [...ALL, metric] as never, replay: () => orders, freshness: () => ({ asOf: null, stale: false }) });
    const [key] = engine.ensure([{ id: 'acme.big_orders', params: {} }], Date.parse('2025-03-10T02:00:00Z'));
    const [value] = engine.collect(Date.parse('2025-03-10T02:00:00Z'));
    expect(value?.key).toBe(key);
    const items = (value!.value as { items: { key: string; value: number }[] }).items;
    expect(items).toHaveLength(11); // the top 10, then 其他
    expect(items.at(-1)).toEqual({ key: '其他', value: 100_000 - 10 });
  });
});
