import { describe, expect, it } from 'vitest';
import { lagLimitMs, silenceLimitMs, sourceState, type HealthFacts } from './health';

const NOW = Date.parse('2025-03-14T10:00:00Z');
const base: HealthFacts = {
  paused: false, failures: 0, throttled: false, authFailed: false, lastSuccess: NOW - 1_000, since: NOW - 3_600_000,
  now: NOW, intervalMs: 30_000, timeoutMs: 30_000,
};
const state = (over: Partial<HealthFacts>) => sourceState({ ...base, ...over });

describe('source health rules', () => {
  it('ok after a recent success', () => { expect(state({})).toBe('ok'); });
  it('paused wins over everything', () => { expect(state({ paused: true, failures: 9, authFailed: true })).toBe('paused'); });
  it('degraded before the first success of a source that held data (first poll after a restart)', () => { expect(state({ lastSuccess: undefined })).toBe('degraded'); });
  it('syncing through its first sync, however long, and no fault; a failure during it is one', () => {
    expect(state({ lastSuccess: undefined, firstSync: true })).toBe('syncing');
    expect(state({ lastSuccess: undefined, firstSync: true, since: NOW - 3_600_000 })).toBe('syncing'); // an hour of backfill
    // Failing a minute into it (within the 10-minute silence limit): degraded, as any failing source.
    expect(state({ lastSuccess: undefined, firstSync: true, failures: 1, since: NOW - 60_000 })).toBe('degraded');
    expect(state({ lastSuccess: undefined, firstSync: true, throttled: true, since: NOW - 60_000 })).toBe('degraded');
    expect(state({ lastSuccess: undefined, firstSync: true, authFailed: true, failures: 1 })).toBe('down');
    expect(state({ firstSync: true })).toBe('ok'); // its first poll finished
  });
  it('degraded after one or two failures, down after three', () => {
    expect([1, 2, 3, 4].map((failures) => state({ failures }))).toEqual(['degraded', 'degraded', 'down', 'down']);
  });
  it('down at once when the credentials are refused', () => { expect(state({ failures: 1, authFailed: true })).toBe('down'); });
  it('throttled is degraded, and down only once silent past the limit', () => {
    expect(state({ throttled: true })).toBe('degraded');
    expect(state({ throttled: true, lastSuccess: NOW - silenceLimitMs(30_000) - 1 })).toBe('down');
  });
  it('degraded when lagging without a failure (three intervals + timeout, at least a minute)', () => {
    expect(lagLimitMs(30_000, 30_000)).toBe(120_000);
    expect(lagLimitMs(1_000, 1_000)).toBe(60_000);
    expect(state({ lastSuccess: NOW - 120_000 })).toBe('ok');
    expect(state({ lastSuccess: NOW - 120_001 })).toBe('degraded');
    expect(state({ lastSuccess: NOW - 3_600_000 })).toBe('degraded'); // silent but not failing: never down by time alone
  });
  it('a source that never succeeded and keeps failing is down after the silence limit', () => {
    expect(state({ lastSuccess: undefined, failures: 1, since: NOW - silenceLimitMs(30_000) - 1 })).toBe('down');
  });
});
