import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { gaugeBands } from './chart';
import { gaugeOptionsSchema } from './options';

const p = palettes.dark;

describe('gaugeBands', () => {
  it('higher is better: red up to critical, amber up to warn, then green', () => {
    const o = gaugeOptionsSchema.parse({ warn: 95, critical: 90 });
    expect(gaugeBands(o, p)).toEqual([[0.9, p.critical], [0.95, p.warn], [1, p.ok]]);
  });
  it('lower is better on a 0–20 dial', () => {
    const o = gaugeOptionsSchema.parse({ max: 20, warn: 5, critical: 10, goodWhen: 'down' });
    expect(gaugeBands(o, p)).toEqual([[0.25, p.ok], [0.5, p.warn], [1, p.critical]]);
  });
  it('rejects max ≤ min', () => expect(gaugeOptionsSchema.safeParse({ min: 10, max: 10 }).success).toBe(false));
});
