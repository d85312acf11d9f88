import { describe, expect, it } from 'vitest';
import { normaliseRecord, toUtcIso, withDerivedHistory } from './normalise';
import type { CanonicalRecord, Order } from './records';

const ok = (input: unknown): CanonicalRecord => {
  const result = normaliseRecord(input);
  if (!result.ok) throw new Error(`rejected: ${result.error}`);
  return result.record;
};
const error = (input: unknown): string => {
  const result = normaliseRecord(input);
  if (result.ok) throw new Error('accepted a bad record');
  return result.error;
};

const ORDER = { type: 'order', id: 'SO1', status: 'new', amount: 12.5, created_at: '2025-03-10T12:30:00+08:00', updated_at: '2025-03-10T12:30:00+08:00' };

describe('normaliseRecord: instants to UTC', () => {
  it('rewrites created_at and updated_at given with an offset as UTC with Z', () => {
    const r = ok(ORDER);
    expect(r.created_at).toBe('2025-03-10T04:30:00.000Z'); // 12:30 +08:00
    expect(r.updated_at).toBe('2025-03-10T04:30:00.000Z');
  });

  it('keeps seconds and milliseconds', () => {
    expect(ok({ ...ORDER, created_at: '2025-03-10T12:30:59.250-05:00' }).created_at).toBe('2025-03-10T17:30:59.250Z');
  });

  it('rewrites ticket event instants and order history instants', () => {
    const t = ok({
      type: 'ticket', id: '7', priority: 'high', status: 'open', created_at: '2025-03-30T01:30:00+01:00', updated_at: '2025-03-30T03:30:00+02:00',
      events: [{ at: '2025-03-30T03:00:00+02:00', kind: 'status', to: 'open' }],
    });
    expect(t.created_at).toBe('2025-03-30T00:30:00.000Z');
    expect(t.updated_at).toBe('2025-03-30T01:30:00.000Z');
    expect(t.type === 'ticket' && t.events?.[0]?.at).toBe('2025-03-30T01:00:00.000Z');
    const o = ok({ ...ORDER, history: [{ status: 'new', at: '2025-03-10T12:30:00+08:00' }] }) as Order;
    expect(o.history?.[0]?.at).toBe('2025-03-10T04:30:00.000Z');
  });

  it('rewrites vendor due times as UTC too (instants are UTC inside the hub)', () => {
    const t = ok({
      type: 'ticket', id: '8', priority: 'high', status: 'open', created_at: '2025-03-10T04:00:00Z', updated_at: '2025-03-10T04:00:00Z',
      vendor_due: [{ metric: 'first_reply_time', due_at: '2025-03-10T12:30:00+08:00' }],
    });
    expect(t.type === 'ticket' && t.vendor_due?.[0]?.due_at).toBe('2025-03-10T04:30:00.000Z');
  });

  it('keeps unknown fields in extra', () => {
    expect(ok({ ...ORDER, extra: { erp_code: 'A-1' } }).extra).toEqual({ erp_code: 'A-1' });
  });

  it('toUtcIso accepts epoch ms and refuses garbage', () => {
    expect(toUtcIso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(() => toUtcIso('soon')).toThrow(/not a time/);
  });
});

describe('normaliseRecord: rejection names the path and what was expected', () => {
  it('an instant without a zone', () => {
    expect(error({ ...ORDER, created_at: '2025-03-10T12:30:00' })).toMatch(/^created_at: /);
  });
  it('a bad status', () => {
    expect(error({ ...ORDER, status: 'shipping' })).toMatch(/^status: .*(new|expected)/i);
  });
  it('a nested event field', () => {
    const bad = { type: 'ticket', id: '1', priority: 'low', status: 'new', created_at: ORDER.created_at, updated_at: ORDER.updated_at,
      events: [{ at: ORDER.created_at, kind: 'comment', by: 'robot', public: true }] };
    expect(error(bad)).toMatch(/^events\.0\.by: /);
  });
  it('an unknown record type, and a missing amount', () => {
    expect(error({ ...ORDER, type: 'invoice' })).toMatch(/^type: /);
    const { amount: _amount, ...noAmount } = ORDER;
    expect(error(noAmount)).toMatch(/^amount: /);
  });
});

describe('withDerivedHistory', () => {
  const base = ok(ORDER) as Order;
  it('starts a history at creation for a record seen the first time', () => {
    expect((withDerivedHistory(base) as Order).history).toEqual([{ status: 'new', at: '2025-03-10T04:30:00.000Z' }]);
  });
  it('appends the new status at updated_at when it changed, and nothing when it did not', () => {
    const first = withDerivedHistory(base) as Order;
    const confirmed = { ...base, status: 'confirmed' as const, updated_at: '2025-03-10T05:00:00.000Z' };
    const second = withDerivedHistory(confirmed, first) as Order;
    expect(second.history).toEqual([
      { status: 'new', at: '2025-03-10T04:30:00.000Z' }, { status: 'confirmed', at: '2025-03-10T05:00:00.000Z' },
    ]);
    const same = withDerivedHistory({ ...confirmed, updated_at: '2025-03-10T06:00:00.000Z' }, second) as Order;
    expect(same.history).toHaveLength(2);
  });
  it('keeps a history the source sent', () => {
    const sent = { ...base, history: [{ status: 'new' as const, at: '2025-03-10T04:00:00.000Z' }] };
    expect((withDerivedHistory(sent, withDerivedHistory(base)) as Order).history).toEqual(sent.history);
  });
});
