import { describe, expect, it } from 'vitest';
import type { Alert } from '../../server/protocol';
import { dwellMs, readScreenQuery, shouldHold, stepIndex } from './playlist';

const alert = (kind: 'at_risk' | 'breach', state: Alert['state']) => ({ state, labels: { source: 's', ticket_id: 't', metric: 'm', cycle: 1, kind } });

describe('shouldHold', () => {
  it('holds only when asked to and a breach is firing', () => {
    expect(shouldHold({ hold_on_critical: true }, [alert('breach', 'firing')])).toBe(true);
    expect(shouldHold({ hold_on_critical: false }, [alert('breach', 'firing')])).toBe(false);
    expect(shouldHold({ hold_on_critical: true }, [alert('breach', 'pending'), alert('at_risk', 'firing')])).toBe(false);
    expect(shouldHold({ hold_on_critical: true }, [])).toBe(false);
  });
});

describe('playlist helpers', () => {
  it('dwell in ms, at least a second', () => {
    expect(dwellMs({ dwell: '30s' })).toBe(30_000);
    expect(dwellMs({ dwell: '2m' })).toBe(120_000);
    expect(dwellMs({ dwell: '10ms' })).toBe(1_000);
    expect(dwellMs({ dwell: 'soon' })).toBe(30_000);
  });
  it('steps round both ends', () => {
    expect(stepIndex(2, 1, 3)).toBe(0);
    expect(stepIndex(0, -1, 3)).toBe(2);
    expect(stepIndex(1, 1, 3)).toBe(2);
    expect(stepIndex(0, 1, 0)).toBe(0);
  });
  it('reads ?kiosk, ?pause and ?pin', () => {
    expect(readScreenQuery({})).toEqual({ kiosk: false, paused: false, pin: undefined });
    expect(readScreenQuery({ kiosk: null, pause: '', pin: 'ticket-sla' })).toEqual({ kiosk: true, paused: true, pin: 'ticket-sla' });
    expect(readScreenQuery({ kiosk: 'false', pause: '0', pin: '' })).toEqual({ kiosk: false, paused: false, pin: undefined });
  });
});
