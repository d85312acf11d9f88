import { describe, expect, it } from 'vitest';
import type { SourcedRecord } from '../model';
import { compileFilter } from './filter';
import type { Filter } from './schema';

const order = {
  type: 'order', id: 'o', source: 's', status: 'shipped', amount: 120000, channel: 'online', created_at: '2025-03-10T01:00:00.000Z',
  updated_at: '2025-03-10T01:00:00.000Z', extra: { lead_source: 'Partner', seats: 12, tags: ['vip', 'export'] },
} as SourcedRecord;
const matches = (f: Filter) => compileFilter('order', f)(order);

describe('compileFilter', () => {
  it('compares canonical fields: eq, ne, in, numbers, instants as time', () => {
    expect(matches({ field: 'status', eq: 'shipped' })).toBe(true);
    expect(matches({ field: 'status', ne: 'shipped' })).toBe(false);
    expect(matches({ field: 'status', in: ['new', 'shipped'] })).toBe(true);
    expect(matches({ field: 'amount', gt: 100000 })).toBe(true); // no currency: the amount is in the reporting currency
    expect(matches({ field: 'amount', lte: 119999.99 })).toBe(false);
    // 01:00Z is 09:00 in Shanghai: on or after 09:00+08:00, before 09:00:01+08:00
    expect(matches({ field: 'created_at', gte: '2025-03-10T09:00:00+08:00' })).toBe(true);
    expect(matches({ field: 'created_at', lt: '2025-03-10T09:00:00+08:00' })).toBe(false);
  });

  it('compares a vendor field as the filter value\'s type: another type is no match', () => {
    expect(matches({ field: 'extra.lead_source', eq: 'Partner' })).toBe(true);
    expect(matches({ field: 'extra.seats', gt: 10 })).toBe(true);
    expect(matches({ field: 'extra.seats', eq: '12' })).toBe(false); // text "12" against the number 12
    expect(matches({ field: 'extra.lead_source', gt: 5 })).toBe(false);
    expect(matches({ field: 'extra.tags', contains: 'vip' })).toBe(true); // a list holding the value
    expect(matches({ field: 'extra.lead_source', contains: 'art' })).toBe(true); // text holding a substring
  });

  it('exists, ne on a missing field, and all / any / not', () => {
    expect(matches({ field: 'region', exists: false })).toBe(true);
    expect(matches({ field: 'region', ne: '华东' })).toBe(false); // ne needs the field present
    expect(matches({ not: { field: 'region', eq: '华东' } })).toBe(true);
    expect(matches({ all: [{ field: 'channel', eq: 'online' }, { field: 'amount', gt: 100000 }] })).toBe(true);
    expect(matches({ all: [{ field: 'channel', eq: 'online' }, { field: 'amount', gt: 200000 }] })).toBe(false);
    expect(matches({ any: [{ field: 'channel', eq: 'store' }, { field: 'extra.lead_source', eq: 'Partner' }] })).toBe(true);
  });
});
