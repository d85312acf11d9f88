import { describe, expect, it } from 'vitest';
import { fitAlerts, jsonBytes, utf8Bytes } from './fit';
import { ChannelError } from './types';

describe('sizes', () => {
  it('counts UTF-8 bytes: a CJK character is three', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('告警')).toBe(6);
    expect(utf8Bytes('😀')).toBe(4);
  });
  it('counts a JSON body as sent', () => expect(jsonBytes({ a: '告' })).toBe(11)); // {"a":"告"}: 8 ASCII characters and one of 3 bytes
});

describe('fitAlerts', () => {
  // Ten bytes an alert, and "+N" for the ones left out.
  const render = (total: number) => (k: number) => 'x'.repeat(10 * k) + (k < total ? `+${total - k}` : '');

  it('keeps everything that fits', () => expect(fitAlerts(3, 30, render(3), utf8Bytes)).toBe('x'.repeat(30)));
  it('cuts whole alerts from the end and counts the rest', () => {
    // 4 alerts = 40 + "+1" > 35; 3 alerts = 30 + "+2" = 32.
    expect(fitAlerts(5, 35, render(5), utf8Bytes)).toBe(`${'x'.repeat(30)}+2`);
  });
  it('can keep no alert at all and say so', () => expect(fitAlerts(5, 5, render(5), utf8Bytes)).toBe('+5'));
  it('fails for good when even the frame does not fit', () => {
    const failure = (() => { try { fitAlerts(5, 1, render(5), utf8Bytes); } catch (err) { return err; } })();
    expect(failure).toBeInstanceOf(ChannelError);
    expect((failure as ChannelError).retryable).toBe(false);
  });
});
