import { describe, expect, it } from 'vitest';
import { parseDefinition, type DefinitionProblem } from './check';

const BUILTINS = ['orders.count', 'orders.by_region'];
const base = { id: 'sales.big_online', title: 'Big online orders', description: 'Online orders over 100,000 in the reporting currency.', entity: 'order', measure: { count: true } };

function problems(change: Record<string, unknown>, limits?: { maxCost: number }): DefinitionProblem[] {
  const parsed = parseDefinition({ ...base, ...change }, BUILTINS, limits);
  return parsed.ok ? [] : parsed.problems;
}

describe('parseDefinition: good definitions', () => {
  it('applies the defaults: group_by top 10, other_label 其他, max_groups 1000', () => {
    const parsed = parseDefinition({ ...base, filter: { all: [{ field: 'channel', eq: 'online' }, { field: 'amount', gt: 100000 }] },
      group_by: { field: 'extra.product_line' }, windows: ['today', '7d'] }, BUILTINS);
    expect(parsed.ok && parsed.definition.group_by).toEqual({ field: 'extra.product_line', top: 10, other_label: '其他', max_groups: 1000 });
  });
});

describe('parseDefinition: each bad input names its path and what was expected', () => {
  it('an unknown field for the entity', () => {
    expect(problems({ filter: { field: 'colour', eq: 'red' } })).toEqual([{ path: 'filter.field',
      message: 'unknown field "colour" for an order; expected one of id, account_id, department, created_at, updated_at, amount, currency, '
        + 'base_amount, base_currency, amount_reporting, status, customer, region, channel, owner or extra.<vendor field>' }]);
    // a ticket has no amount
    expect(problems({ entity: 'ticket', measure: { sum: 'amount' } })[0]!.path).toBe('measure.sum');
  });

  it('a sum over a text field', () => {
    expect(problems({ measure: { sum: 'region' } })).toEqual([{ path: 'measure.sum',
      message: 'sum over a text field "region"; expected a number field (amount, base_amount, amount_reporting) or extra.<vendor field>' }]);
  });

  it('a filter value of the wrong type for a canonical field', () => {
    expect(problems({ filter: { all: [{ field: 'channel', eq: 'online' }, { field: 'amount', gt: '100000' }] } })).toEqual([{
      path: 'filter.all[1].gt', message: '"100000" does not fit a number field "amount"; expected a number' }]);
    expect(problems({ filter: { field: 'status', in: ['new', 'paid'] } })).toEqual([{ path: 'filter.in[1]',
      message: '"paid" does not fit a text (one of fixed values) field "status"; expected one of new, confirmed, in_fulfilment, shipped, delivered, cancelled' }]);
    expect(problems({ filter: { not: { field: 'created_at', gte: 'yesterday' } } })).toEqual([{ path: 'filter.not.gte',
      message: '"yesterday" does not fit an instant field "created_at"; expected an ISO-8601 instant such as 2025-03-01T00:00:00+08:00' }]);
  });

  it('an id a built-in has', () => {
    expect(problems({ id: 'orders.count' })).toEqual([{ path: 'id',
      message: '"orders.count" is a built-in metric\'s id; expected an id of your own (a prefix such as "sales." or "acme.")' }]);
  });

  it('a cost over the budget: groups × buckets', () => {
    // 20,000 groups × 2 buckets (a window keeps the current and the previous period) = 40,000 > 20,000.
    expect(problems({ group_by: { field: 'customer', max_groups: 20000 }, windows: ['today'] })).toEqual([{ path: 'group_by.max_groups',
      message: 'costs 20000 groups × 2 buckets = 40000, over the budget of 20000; expected a smaller max_groups' }]);
    // 1,000 × 2 = 2,000 fits the default budget, not one of 1,500.
    expect(problems({ group_by: { field: 'customer' }, windows: ['today'] })).toEqual([]);
    expect(problems({ group_by: { field: 'customer' }, windows: ['today'] }, { maxCost: 1500 })[0]!.path).toBe('group_by.max_groups');
  });

  it('the schema: a short description, a bad id, two comparisons in one leaf, an unknown key, a bad window', () => {
    expect(problems({ description: 'Big orders' })).toEqual([{ path: 'description', message: 'expected the definition in words, at least 20 characters' }]);
    expect(problems({ id: 'BigOrders' })).toEqual([{ path: 'id', message: 'expected a lower-case dotted id like sales.partner_win_rate' }]);
    expect(problems({ filter: { field: 'amount', gt: 1, lt: 5 } })[0]!.path).toBe('filter');
    expect(problems({ colour: 'red' })[0]).toMatchObject({ path: '(the definition)' });
    expect(problems({ windows: ['yesterday'] })).toEqual([{ path: 'windows[0]', message: 'one of today, 24h, 7d, 30d, mtd or a shift start like today@08:00' }]);
  });

  it('a default window not among the windows, a group-by on a single-number measure, a status a deal has not', () => {
    expect(problems({ windows: ['today'], default_window: '7d' })).toEqual([{ path: 'default_window', message: '"7d" is not one of windows (today)' }]);
    expect(problems({ measure: { max: 'amount' }, group_by: { field: 'region' } })).toEqual([{ path: 'group_by',
      message: 'a max measure gives one number; expected no group_by (use count, distinct, sum, avg or ratio)' }]);
    expect(problems({ entity: 'deal', measure: { percentile: { between: { from: 'lead', to: 'closed' } } } })).toEqual([{
      path: 'measure.percentile.between.to', message: '"closed" is no stage of a deal; expected one of lead, qualified, proposal, negotiation, won, lost' }]);
  });
});

describe('parseDefinition: series', () => {
  it('needs windows, takes no group_by, adds up counts or sums only, and counts its buckets against the budget', () => {
    expect(problems({ series: { bucket: '1h' } })).toEqual([{ path: 'series', message: 'a series runs over a window; expected windows as well' }]);
    expect(problems({ series: { bucket: '1h' }, windows: ['today'], measure: { avg: 'amount' } })).toEqual([{ path: 'series',
      message: 'a series adds up its buckets; expected a count or sum measure, not avg' }]);
    // 30d of hours: 30 × 24 + 1 (the part-hour at the start) = 721 buckets × 1 group, over a budget of 500.
    expect(problems({ series: { bucket: '1h' }, windows: ['today', '30d'] }, { maxCost: 500 })).toEqual([{ path: 'series.bucket',
      message: 'costs 1 groups × 721 buckets = 721, over the budget of 500; expected fewer buckets' }]);
  });
});

describe('the worked examples in docs/src/metrics/70-define-your-own.md', () => {
  it('are each a good definition', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../docs/src/metrics/70-define-your-own.md', import.meta.url), 'utf8');
    const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);
    expect(blocks.length).toBe(6);
    for (const block of blocks) expect(parseDefinition(block, BUILTINS)).toMatchObject({ ok: true });
  });
});
