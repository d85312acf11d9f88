import { describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../model';
import { normaliseRecord } from '../model';
import { DemoCompany, type DemoOptions } from './company';

const START = Date.parse('2025-03-10T04:00:00Z'); // noon in Shanghai, a Monday: busy hours
const END = START + 60 * 60_000; // one live hour after two days of history
const options = (over: Partial<DemoOptions> = {}): DemoOptions =>
  ({ seed: 7, speed: 30, historyDays: 2, start: START, timezone: 'Asia/Shanghai', ...over });

/** The last state of every record handed over, by type and id. */
function finalStates(batches: CanonicalRecord[][]): Map<string, string> {
  const out = new Map<string, string>();
  for (const batch of batches) for (const r of batch) out.set(`${r.type}/${r.id}`, JSON.stringify(r));
  return out;
}

describe('DemoCompany', () => {
  it('the same seed gives the same records', () => {
    const a = new DemoCompany(options()).advanceTo(END);
    const b = new DemoCompany(options()).advanceTo(END);
    expect(a.length).toBeGreaterThan(100); // two days of a busy company
    expect(b).toEqual(a);
  });

  it('the same seed gives the same final records however advanceTo calls are split', () => {
    const whole = finalStates([new DemoCompany(options()).advanceTo(END)]);
    const split = new DemoCompany(options());
    const batches: CanonicalRecord[][] = [];
    const from = START - 2 * 86_400_000;
    const step = 7 * 60_000 + 13_000; // an odd step that does not line up with events
    for (let t = from; t < END; t += step) batches.push(split.advanceTo(t)); // ≈ 400 steps, bounded by END
    batches.push(split.advanceTo(END));
    expect(split.now).toBe(END);
    expect(finalStates(batches)).toEqual(whole);
  });

  it('a different seed gives a different company', () => {
    const a = finalStates([new DemoCompany(options({ seed: 7 })).advanceTo(END)]);
    const b = finalStates([new DemoCompany(options({ seed: 8 })).advanceTo(END)]);
    expect(b).not.toEqual(a);
  });

  it('hands over only valid canonical records, none from the future', () => {
    const records = new DemoCompany(options()).advanceTo(END);
    const types = new Set(records.map((r) => r.type));
    expect([...types].sort()).toEqual(['deal', 'order', 'ticket']);
    for (const r of records) {
      const checked = normaliseRecord(r);
      expect(checked.ok, JSON.stringify(r)).toBe(true);
      expect(Date.parse(r.updated_at)).toBeLessThanOrEqual(END);
      expect(Date.parse(r.created_at)).toBeGreaterThanOrEqual(START - 2 * 86_400_000);
    }
  });

  it('a second advanceTo to the same instant hands over nothing', () => {
    const company = new DemoCompany(options());
    company.advanceTo(END);
    expect(company.advanceTo(END)).toEqual([]);
  });
});
