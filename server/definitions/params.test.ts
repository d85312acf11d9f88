import { describe, expect, it } from 'vitest';
import type { SourcedRecord } from '../model';
import { parseDefinition, type DefinitionProblem } from './check';
import { compileDefinition } from './compile';
import { paramFilter } from './params';

const base = { id: 'sales.orders', title: 'Orders', description: 'Orders created in the window, filtered as a screen asks.', entity: 'order', measure: { count: true } };

function problems(change: Record<string, unknown>, limits?: { maxCost: number }): DefinitionProblem[] {
  const parsed = parseDefinition({ ...base, ...change }, [], limits);
  return parsed.ok ? [] : parsed.problems;
}

function compiled(change: Record<string, unknown>) {
  const parsed = parseDefinition({ ...base, ...change }, []);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return compileDefinition(parsed.definition);
}

describe('params: checks name the JSON path and what was expected', () => {
  it('a name that is no plain identifier, or one every definition has already', () => {
    expect(problems({ params: { 'sales-region': { field: 'region' }, '1st': { field: 'region' } } })).toEqual([
      { path: 'params.sales-region', message: '"sales-region" is no plain name; expected letters, digits and _ (not first), like "region"' },
      { path: 'params.1st', message: '"1st" is no plain name; expected letters, digits and _ (not first), like "region"' }]);
    expect(problems({ params: { window: { field: 'region' }, department: { field: 'department' } } })).toEqual([
      { path: 'params.window', message: 'every definition has "window" already; expected another name' },
      { path: 'params.department', message: 'every definition has "department" already; expected another name' }]);
  });

  it('a field the entity has not, an instant, and the schema\'s own refusals', () => {
    expect(problems({ entity: 'ticket', params: { region: { field: 'region' } } })).toEqual([{ path: 'params.region.field',
      message: 'unknown field "region" for a ticket; expected one of id, account_id, department, created_at, updated_at, subject, priority, '
        + 'status, group, assignee, customer, channel or extra.<vendor field>' }]);
    expect(problems({ params: { since: { field: 'created_at' } } })).toEqual([{ path: 'params.since.field',
      message: 'a param keeps the records whose field equals it, which an instant field "created_at" is no use for; expected a text, number or one-of-fixed-values field' }]);
    expect(problems({ params: { region: { field: 'region', op: 'eq' } } })[0]!.path).toBe('params.region');
    expect(problems({ params: { region: 'region' } })[0]!.path).toBe('params.region');
  });

  it('at most 20 params', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, { field: 'region' }]));
    expect(problems({ params: many })).toEqual([{ path: 'params', message: '21 params; expected at most 20' }]);
    expect(problems({ params: Object.fromEntries(Object.entries(many).slice(0, 20)) })).toEqual([]);
  });
});

describe('params: the compiled params schema', () => {
  const metric = compiled({ params: { status: { field: 'status' }, region: { field: 'region' }, big: { field: 'base_amount' }, line: { field: 'extra.product_line' } } });

  it('types each param from its field: an enum its values, text non-empty, a number (from a query string too), a vendor field text', () => {
    expect(metric.params.safeParse({ status: 'shipped', region: '华东', big: '12.5', line: 'A' })).toMatchObject({ success: true,
      data: { status: 'shipped', region: '华东', big: 12.5, line: 'A' } });
    expect(metric.params.safeParse({}).data).toEqual({});
    for (const bad of [{ status: 'paid' }, { region: '' }, { big: 'twelve' }, { line: 7 }, { colour: 'red' }, { window: 'today' }]) {
      expect(metric.params.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(metric.params.safeParse({ department: 'sales' }).success).toBe(true); // department stays, as on every definition
  });

  it('windows "any": every window a screen may ask for, shift starts too, default today or default_window', () => {
    const any = compiled({ windows: 'any' });
    expect(any.params.safeParse({}).data).toEqual({ window: 'today' });
    expect(any.params.safeParse({ window: 'today@08:00' }).data).toEqual({ window: 'today@08:00' });
    expect(any.params.safeParse({ window: 'yesterday' }).success).toBe(false);
    expect(compiled({ windows: 'any', default_window: '30d' }).params.safeParse({}).data).toEqual({ window: '30d' });
    // A series over any window costs its longest: mtd, 31 days of hours + 1 = 745 buckets, over a budget of 700.
    expect(problems({ windows: 'any', series: { bucket: '1h' } }, { maxCost: 700 })).toEqual([{ path: 'series.bucket',
      message: 'costs 1 groups × 745 buckets = 745, over the budget of 700; expected fewer buckets' }]);
  });

  it('details are kept, trimmed, for the docs', () => {
    expect(compiled({ details: '  **Why.** Because.\n' }).details).toBe('**Why.** Because.');
    expect('details' in compiled({})).toBe(false);
  });
});

describe('paramFilter: equality as the built-ins\' matchesFilters', () => {
  const order = (more: object) => ({ type: 'order', source: 's', id: 'o', status: 'new', amount: 1, created_at: '2025-03-10T01:00:00Z',
    updated_at: '2025-03-10T01:00:00Z', ...more }) as SourcedRecord;
  const declared = { region: { field: 'region' }, line: { field: 'extra.product_line' }, big: { field: 'base_amount' } };

  it('keeps a record whose field equals every param set; one without the field never matches a set param', () => {
    const keep = paramFilter(declared, { region: '华东', line: undefined });
    expect(keep(order({ region: '华东' }))).toBe(true);
    expect(keep(order({ region: '华南' }))).toBe(false);
    expect(keep(order({}))).toBe(false);
    expect(paramFilter(declared, {})(order({}))).toBe(true); // nothing set: every record
  });

  it('compares strictly: a vendor field holding the number 7 is no match for the text "7"; a number param for a number field', () => {
    expect(paramFilter(declared, { line: '7' })(order({ extra: { product_line: 7 } }))).toBe(false);
    expect(paramFilter(declared, { line: 'A' })(order({ extra: { product_line: 'A' } }))).toBe(true);
    expect(paramFilter(declared, { big: 12.5 })(order({ base_amount: 12.5 }))).toBe(true);
    expect(paramFilter(declared, { big: 12.5 })(order({ base_amount: 12.49 }))).toBe(false);
  });
});
