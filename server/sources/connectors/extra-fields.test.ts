import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { extraFieldsSchema, moneyExtraKeys, readExtra } from './extra-fields';

describe('extra_fields', () => {
  const schema = extraFieldsSchema(z.string().min(1), ['tags']);

  it('takes a field name (kept under that name) or { field, as }, and is empty when absent', () => {
    expect(schema.parse(['LeadSource', { field: 'Product_Line__c', as: 'product_line' }])).toEqual([
      { field: 'LeadSource', as: 'LeadSource' }, { field: 'Product_Line__c', as: 'product_line' }]);
    expect(schema.parse(undefined)).toEqual([]);
  });

  it('refuses a key the connector writes itself, a key twice, and a name that is no plain key, naming the entry', () => {
    const r = schema.safeParse(['tags', 'a', { field: 'b', as: 'a' }, 'Owner.Department']);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path, i.message])).toEqual([
      [[0], expect.stringContaining('"tags" is a key this connector already writes in extra (tags)')],
      [[2], expect.stringContaining('"a" is kept twice')],
      [[3], expect.stringContaining('"Owner.Department" is not a plain key')],
    ]);
    expect(schema.safeParse([{ field: 'x', as: 'a.b' }]).success).toBe(false); // an alias is a plain key too
  });

  it('takes a money field as { field, money: true }, kept under its own name unless `as` says otherwise', () => {
    expect(schema.parse([{ field: 'Discount__c', money: true }, { field: 'Net__c', as: 'net', money: true }])).toEqual([
      { field: 'Discount__c', as: 'Discount__c', money: true }, { field: 'Net__c', as: 'net', money: true }]);
  });

  it('moneyExtraKeys: the keys every source keeps as money, from any *extra_fields option', () => {
    const sources = [
      { options: { extra_fields: ['LeadSource', { field: 'Discount__c', money: true }], case_extra_fields: [{ field: 'Refund__c', as: 'refund', money: true }] } },
      { options: { extra_fields: [{ field: 'territory', as: 'area' }] } }, {},
    ];
    expect([...moneyExtraKeys(sources)].sort()).toEqual(['Discount__c', 'refund']);
  });

  it('keeps scalars and lists of scalars; leaves out absent, null and object values', () => {
    const vendor: Record<string, unknown> = { s: 'Web', n: 12.5, b: false, empty: '', list: ['a', 1, null, { x: 1 }, true], none: null, obj: { id: 1 }, inf: Infinity };
    const kept = readExtra(['s', 'n', 'b', 'empty', 'list', 'none', 'obj', 'inf', 'missing'].map((f) => ({ field: f, as: f })), (f) => vendor[f]);
    // By hand: s, n, b, empty as they are; list without its null and object; none, obj, inf (not finite), missing left out.
    expect(kept).toEqual({ s: 'Web', n: 12.5, b: false, empty: '', list: ['a', 1, true] });
  });
});
