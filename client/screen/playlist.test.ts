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
    expect(readScreenQuery({})).toEqual({ kiosk: false, paused: false, pin: undefined, takeoverS: 0, page: undefined });
    expect(readScreenQuery({ kiosk: null, pause: '', pin: 'ticket-sla' })).toEqual({ kiosk: true, paused: true, pin: 'ticket-sla', takeoverS: 0, page: undefined });
    expect(readScreenQuery({ kiosk: 'false', pause: '0', pin: '' })).toEqual({ kiosk: false, paused: false, pin: undefined, takeoverS: 0, page: undefined });
  });
  it('takeover is off unless asked: bare ?takeover is 30 s, ?takeover=45 is 45 s, 0 is off', () => {
    expect(readScreenQuery({}).takeoverS).toBe(0);
    expect(readScreenQuery({ takeover: null }).takeoverS).toBe(30);
    expect(readScreenQuery({ takeover: '' }).takeoverS).toBe(30);
    expect(readScreenQuery({ takeover: '0' }).takeoverS).toBe(0);
    expect(readScreenQuery({ takeover: '45' }).takeoverS).toBe(45);
    expect(readScreenQuery({ takeover: 'soon' }).takeoverS).toBe(30);
  });
  it('?page=<n> pins one page of a wall too wide for the window; anything but a page number is ignored', () => {
    expect(readScreenQuery({ page: '2' }).page).toBe(2);
    expect(readScreenQuery({ page: '0' }).page).toBeUndefined();
    expect(readScreenQuery({ page: 'last' }).page).toBeUndefined();
  });
});
