import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { linkFieldsSchema, readLinks } from './links';

describe('readLinks', () => {
  const fields = { custom_crm_deal_id: '006A1', custom_other: '  ', custom_num: 42 } as Record<string, unknown>;

  it('reads one link per configured field that holds a value, after the vendor\'s own, without repeats', () => {
    const links = readLinks([
      { field: 'custom_crm_deal_id', type: 'deal', source: 'salesforce' },
      { field: 'custom_other', type: 'ticket' }, // blank: no link
      { field: 'custom_num', type: 'order' }, // a number id becomes its text
      { field: 'custom_crm_deal_id', type: 'deal', source: 'salesforce' }, // the same link twice: once
    ], (f) => fields[f], [{ type: 'ticket', id: '7' }]);
    expect(links).toEqual([
      { type: 'ticket', id: '7' },
      { type: 'deal', id: '006A1', source: 'salesforce' },
      { type: 'order', id: '42' },
    ]);
  });

  it('gives undefined when there is no link at all, so records carry no empty list', () => {
    expect(readLinks([{ field: 'missing', type: 'deal' }], () => undefined)).toBeUndefined();
  });

  it('refuses a link type that is not linkable, naming the path', () => {
    const parsed = linkFieldsSchema(z.string()).safeParse([{ field: 'x', type: 'invoice' }]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([0, 'type']);
  });
});
