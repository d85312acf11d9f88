import { describe, expect, it } from 'vitest';
import { palettes } from '../charts';
import { keyColor } from './colors';

const p = palettes.dark;
const auto = { keys: 'auto', colors: {} };

describe('keyColor: a key\'s meaning decides its colour, with the default keys too', () => {
  it('priorities and health states get their meaning colours under `auto`', () => {
    // The order the keys come in (index) does not matter: urgent is critical red even as the first series.
    expect(['urgent', 'high', 'normal', 'low'].map((k, i) => keyColor(k, i, auto, p))).toEqual([p.critical, p.warn, p.accent, p.muted]);
    expect(['ok', 'at_risk', 'breached'].map((k, i) => keyColor(k, i, auto, p))).toEqual([p.ok, p.warn, p.critical]);
    expect(keyColor('cancelled', 0, auto, p)).toBe(p.muted);
  });

  it('other keys take the series colours by index; `none` and a screen file\'s own colours win', () => {
    expect(keyColor('华东', 1, auto, p)).toBe(p.series[1]);
    expect(keyColor('urgent', 2, { keys: 'none', colors: {} }, p)).toBe(p.series[2]);
    expect(keyColor('urgent', 0, { keys: 'auto', colors: { urgent: '#123456' } }, p)).toBe('#123456');
  });
});
