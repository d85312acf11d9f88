import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { gaugeBands, gaugeChartOption } from './chart';
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

describe('the dial in its box', () => {
  // The drawn figure: the threshold ring's outer edge (radius + 6) on top and at the sides, its open ends 35° below
  // the horizontal (sin 35° ≈ 0.574 of that radius below the centre).
  const extent = (box: { width: number; height: number }) => {
    const opt = gaugeChartOption(97, 'percent', gaugeOptionsSchema.parse({}), p, 'zh-CN', box) as { series: { id: string; radius: number; center: [string, number] }[] };
    const ring = opt.series.find((s) => s.id === 'bands')!;
    const cy = ring.center[1];
    return { top: cy - ring.radius, bottom: cy + ring.radius * 0.5736, halfWidth: ring.radius };
  };
  it('stays inside a phone card (342 × 236: wide and short), where it ran 6 px past the bottom', () => {
    const e = extent({ width: 342, height: 236 });
    expect(e.top).toBeGreaterThanOrEqual(0);
    expect(e.bottom).toBeLessThanOrEqual(236);
    expect(e.halfWidth).toBeLessThanOrEqual(171);
    // Height-bound: (236 − 8) / 1.574 ≈ 144.9, so the figure is about 228 px tall, not a small dial in a big card.
    expect(e.halfWidth).toBeGreaterThan(140);
  });
  it('stays inside a tall card and a wide TV card, centred', () => {
    const tall = extent({ width: 200, height: 400 });
    expect(tall.halfWidth).toBeCloseTo(96, 0); // width-bound: 200 / 2 − 4
    expect(tall.top).toBeGreaterThan(100); // (400 − 8 − 96 × 1.574) / 2 ≈ 120 of room above
    expect(tall.bottom).toBeLessThanOrEqual(400 - tall.top + 1);
    const wide = extent({ width: 600, height: 180 });
    expect(wide.top).toBeGreaterThanOrEqual(0);
    expect(wide.bottom).toBeLessThanOrEqual(180);
  });
});
