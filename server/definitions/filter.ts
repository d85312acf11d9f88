import { fieldType, readField, type Entity, type Row } from './fields';
import type { Filter, FilterLeaf } from './schema';

/** Whether a record (or a flow instance's row) matches. */
export type Predicate = (record: Row) => boolean;

/**
 * A filter as a predicate on records. A value is compared as the filter value's type: a record value of another
 * type (a vendor field holding a number where the filter names text) is no match, never an error. Instants
 * (created_at…) compare as time. `ne` and the comparisons need the field present; `not` matches records without it.
 */
export function compileFilter(entity: Entity, filter: Filter | undefined, moneyExtras?: ReadonlySet<string>): Predicate {
  if (!filter) return () => true;
  if ('all' in filter) { const parts = filter.all.map((f) => compileFilter(entity, f, moneyExtras)); return (r) => parts.every((p) => p(r)); }
  if ('any' in filter) { const parts = filter.any.map((f) => compileFilter(entity, f, moneyExtras)); return (r) => parts.some((p) => p(r)); }
  if ('not' in filter) { const inner = compileFilter(entity, filter.not, moneyExtras); return (r) => !inner(r); }
  return compileLeaf(entity, filter, moneyExtras);
}

function compileLeaf(entity: Entity, leaf: FilterLeaf, moneyExtras?: ReadonlySet<string>): Predicate {
  const type = fieldType(entity, leaf.field);
  const asTime = type !== undefined && type !== 'extra' && type.kind === 'instant';
  const read = (r: Row) => readField(r, leaf.field, moneyExtras);
  if (leaf.exists !== undefined) { const want = leaf.exists; return (r) => (read(r) !== undefined && read(r) !== null) === want; }
  if (leaf.eq !== undefined) { const want = leaf.eq; return (r) => same(read(r), want, asTime); }
  if (leaf.ne !== undefined) { const want = leaf.ne; return (r) => { const v = read(r); return v !== undefined && v !== null && !same(v, want, asTime); }; }
  if (leaf.in !== undefined) { const wants = leaf.in; return (r) => { const v = read(r); return wants.some((w) => same(v, w, asTime)); }; }
  if (leaf.contains !== undefined) { const want = leaf.contains; return (r) => contains(read(r), want); }
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    const bound = leaf[op];
    if (bound === undefined) continue;
    const test = ORDER_TESTS[op];
    if (asTime) { const at = Date.parse(String(bound)); return (r) => { const v = read(r); return typeof v === 'string' && test(Date.parse(v) - at); }; }
    return (r) => { const v = read(r); return typeof v === typeof bound && test(v! < bound ? -1 : v! > bound ? 1 : 0); };
  }
  throw new Error(`filter on ${leaf.field} has no comparison`); // the schema refuses such a leaf
}

const ORDER_TESTS = { gt: (d: number) => d > 0, gte: (d: number) => d >= 0, lt: (d: number) => d < 0, lte: (d: number) => d <= 0 };

function same(value: unknown, want: string | number | boolean, asTime: boolean): boolean {
  if (asTime && typeof value === 'string' && typeof want === 'string') return Date.parse(value) === Date.parse(want);
  return value === want;
}

/** Text holding a substring, or a list (Odoo tags, multi-select fields) holding the value. */
function contains(value: unknown, want: string | number): boolean {
  if (typeof value === 'string' && typeof want === 'string') return value.includes(want);
  return Array.isArray(value) && value.includes(want);
}
