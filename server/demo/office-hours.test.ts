import { describe, expect, it } from 'vitest';
import { addOfficeTime } from './office-hours';

const ZONE = 'Asia/Shanghai'; // UTC+8 all year
const HOUR = 3_600_000;
/** A wall-clock time in Shanghai as an instant. */
const sh = (local: string) => Date.parse(`${local}+08:00`);

describe('addOfficeTime: Monday to Friday 09:00–18:00 in the zone, New Year\'s Day closed', () => {
  it('counts time inside a working day as it is', () => {
    // Tuesday 10:00 + 3 h = Tuesday 13:00.
    expect(addOfficeTime(sh('2025-03-11T10:00:00'), 3 * HOUR, ZONE)).toBe(sh('2025-03-11T13:00:00'));
  });

  it('carries what is left at closing time over the weekend', () => {
    // Friday 17:30 + 1 h: 30 min until 18:00, the other 30 min from Monday 09:00 → Monday 09:30.
    expect(addOfficeTime(sh('2025-03-14T17:30:00'), HOUR, ZONE)).toBe(sh('2025-03-17T09:30:00'));
    // Monday 20:00 + 10 h: Tuesday's 9 h, then 1 h on Wednesday → Wednesday 10:00.
    expect(addOfficeTime(sh('2025-03-10T20:00:00'), 10 * HOUR, ZONE)).toBe(sh('2025-03-12T10:00:00'));
  });

  it('starts work handed over outside the hours at the next opening', () => {
    // Saturday 10:00 + nothing → Monday 09:00; Friday 18:00 sharp is closed too.
    expect(addOfficeTime(sh('2025-03-15T10:00:00'), 0, ZONE)).toBe(sh('2025-03-17T09:00:00'));
    expect(addOfficeTime(sh('2025-03-14T18:00:00'), 0, ZONE)).toBe(sh('2025-03-17T09:00:00'));
  });

  it('skips New Year\'s Day', () => {
    // Wednesday 2025-12-31 17:00 + 2 h: 1 h that evening, Thursday 1 January closed, 1 h on Friday → Friday 10:00.
    expect(addOfficeTime(sh('2025-12-31T17:00:00'), 2 * HOUR, ZONE)).toBe(sh('2026-01-02T10:00:00'));
  });
});
