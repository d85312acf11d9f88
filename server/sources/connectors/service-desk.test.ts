import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { backfillProgress, mapEach, maybeUtc, ticketEvents, utcInstant } from './service-desk';

describe('utcInstant', () => {
  it('reads every form these vendors send as UTC', () => {
    expect(utcInstant('2025-03-14T09:58:40Z')).toBe('2025-03-14T09:58:40.000Z'); // Zendesk, Freshdesk: seconds
    expect(utcInstant('2025-03-14T09:40:03.021Z')).toBe('2025-03-14T09:40:03.021Z'); // Zammad: milliseconds
    expect(utcInstant('2025-03-14T10:58:40+01:00')).toBe('2025-03-14T09:58:40.000Z');
    expect(utcInstant('2025-03-14T10:58:40+0100')).toBe('2025-03-14T09:58:40.000Z');
    expect(utcInstant('2025-03-14 09:58:40')).toBe('2025-03-14T09:58:40.000Z'); // no zone: UTC, never the hub's zone
    expect(utcInstant(1741946320)).toBe('2025-03-14T09:58:40.000Z'); // Zendesk generated_timestamp: unix seconds
    expect(utcInstant(1741946320123, 'ms')).toBe('2025-03-14T09:58:40.123Z');
    expect(() => utcInstant('yesterday')).toThrow('not a time');
  });

  it('maybeUtc passes null, undefined and "" through as undefined', () => {
    expect([maybeUtc(null), maybeUtc(undefined), maybeUtc('')]).toEqual([undefined, undefined, undefined]);
  });
});

describe('ticketEvents', () => {
  const agent = (at: string) => ({ at, kind: 'comment' as const, by: 'agent' as const, public: true });

  it('sorts, drops undated and repeated events, and ends in the current status', () => {
    expect(ticketEvents([
      agent('2025-03-14T09:20:47.000Z'), agent('2025-03-14T09:20:47.000Z'), { at: undefined, kind: 'status', to: 'solved' },
      { at: '2025-03-14T09:00:00.000Z', kind: 'status', to: 'open' }, { at: '2025-03-14T09:10:00.000Z', kind: 'status', to: 'open' },
    ], 'pending', '2025-03-14T09:30:00.000Z')).toEqual([
      { at: '2025-03-14T09:00:00.000Z', kind: 'status', to: 'open' },
      agent('2025-03-14T09:20:47.000Z'),
      { at: '2025-03-14T09:30:00.000Z', kind: 'status', to: 'pending' },
    ]);
  });

  it('adds no current status before a later status the timestamps show', () => {
    expect(ticketEvents([{ at: '2025-03-14T10:00:00.000Z', kind: 'status', to: 'solved' }], 'open', '2025-03-14T09:00:00.000Z'))
      .toEqual([{ at: '2025-03-14T10:00:00.000Z', kind: 'status', to: 'solved' }]);
  });
});

it('backfillProgress counts seconds of the window read', () => {
  expect(backfillProgress(undefined, 5)).toEqual({});
  expect(backfillProgress({ from: 0, to: 100_000 }, 25_000)).toEqual({ progress: { done: 25, total: 100 } });
});

it('mapEach leaves out (and logs) an item that cannot be mapped, keeping the rest', () => {
  const warnings: unknown[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => { warnings.push(JSON.parse(line)); } });
  const out = mapEach([{ id: 1, at: '2025-03-14T09:00:00Z' }, { id: 2, at: 'garbage' }], (i) => utcInstant(i.at), log, 'zd');
  expect(out).toEqual(['2025-03-14T09:00:00.000Z']);
  expect(warnings).toMatchObject([{ source: 'zd', id: 2, error: 'not a time: "garbage"', msg: 'vendor record skipped: cannot map it' }]);
});
