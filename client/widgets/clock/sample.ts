/**
 * The clock takes no metric (its index.ts says `sample: null`); what it shows comes from `now` and the
 * hub's zone. This instant is its sample for tests and docs: Tuesday 24 Nov 2026, 14:00:05 in Shanghai.
 */
export const clockSampleNow = Date.parse('2026-11-24T06:00:05Z');
export const clockSampleZone = 'Asia/Shanghai';
