import { describe, expect, it } from 'vitest';
import type { ScreenDefinition } from '../../server/protocol';
import { computeFit, reflowFit } from './fit';
import { gridRects } from './grid';
import { mobileItems, MOBILE_UNIT } from './mobile';

const hd = { width: 1920, height: 1080 };

describe('computeFit', () => {
  it('contain: 1920×1080 on a 4K window doubles', () => {
    expect(computeFit('contain', hd, { width: 3840, height: 2160 })).toEqual({ scaleX: 2, scaleY: 2, offsetX: 0, offsetY: 0, overflow: 'hidden' });
  });
  it('contain: a 4:3 window letterboxes top and bottom', () => {
    // 1600/1920 = 0.8333…; 1080 · 0.8333 = 900; (1200 − 900) / 2 = 150
    const f = computeFit('contain', hd, { width: 1600, height: 1200 });
    expect(f.scaleX).toBeCloseTo(0.8333, 4);
    expect(f.offsetX).toBe(0);
    expect(f.offsetY).toBeCloseTo(150, 6);
  });
  it('cover: a 4:3 window crops the sides', () => {
    // 1200/1080 = 1.1111…; 1920 · 1.1111 = 2133.33; (1600 − 2133.33) / 2 = −266.67
    const f = computeFit('cover', hd, { width: 1600, height: 1200 });
    expect(f.scaleY).toBeCloseTo(1.1111, 4);
    expect(f.offsetX).toBeCloseTo(-266.667, 2);
    expect(f.offsetY).toBeCloseTo(0, 6);
  });
  it('width: fills the width and scrolls down when taller', () => {
    const f = computeFit('width', hd, { width: 960, height: 400 }); // 1080 · 0.5 = 540 > 400
    expect(f).toEqual({ scaleX: 0.5, scaleY: 0.5, offsetX: 0, offsetY: 0, overflow: 'scroll-y' });
  });
  it('height: fills the height and centres across', () => {
    const f = computeFit('height', hd, { width: 2560, height: 1080 }); // 1920 wide in 2560: 320 either side
    expect(f).toEqual({ scaleX: 1, scaleY: 1, offsetX: 320, offsetY: 0, overflow: 'hidden' });
  });
  it('stretch: scales each axis on its own (a 32:9 video wall)', () => {
    expect(computeFit('stretch', hd, { width: 3840, height: 1080 })).toEqual({ scaleX: 2, scaleY: 1, offsetX: 0, offsetY: 0, overflow: 'hidden' });
  });
});

describe('reflowFit', () => {
  it('a 5760×1080 wall: scale 1, the design canvas becomes 5760×1080 (three times as wide, same text)', () => {
    expect(reflowFit(hd, { width: 5760, height: 1080 })).toEqual({ canvas: { width: 5760, height: 1080 },
      fit: { scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 0, overflow: 'hidden' } });
  });
  it('4K: the same 16:9 shape at twice the scale', () => {
    expect(reflowFit(hd, { width: 3840, height: 2160 })).toEqual({ canvas: hd, fit: { scaleX: 2, scaleY: 2, offsetX: 0, offsetY: 0, overflow: 'hidden' } });
  });
  it('1280×720: natural scale 2/3 would draw 14 px text at 9.3 px; held at 12/14, so the canvas is 1493×840', () => {
    // 12 / 14 = 0.857142…; 1280 / 0.857142 = 1493.3 → 1493; 720 / 0.857142 = 840.
    const { canvas, fit } = reflowFit(hd, { width: 1280, height: 720 });
    expect(fit.scaleX).toBeCloseTo(0.857143, 5);
    expect(canvas).toEqual({ width: 1493, height: 840 });
  });
});

describe('gridRects', () => {
  it('places items on a 24×12 grid with gaps', () => {
    // cell width (1920 − 16·23) / 24 = 64.667; cell height (1080 − 16·11) / 12 = 75.333
    const [a, b] = gridRects(
      { columns: 24, rows: 12, gap: 16, items: [{ widget: 'a', x: 0, y: 0, w: 6, h: 3 }, { widget: 'b', x: 6, y: 3, w: 18, h: 9 }] },
      { x: 0, y: 0, width: 1920, height: 1080 },
    );
    expect(a!.rect).toEqual({ x: 0, y: 0, width: 468, height: 258 }); // 6·64.667 + 5·16 = 468; 3·75.333 + 2·16 = 258
    expect(b!.rect).toEqual({ x: 484, y: 274, width: 1436, height: 806 }); // the two fill the canvas exactly
  });
});

describe('mobileItems', () => {
  const def = {
    id: 's', title: 'S', canvas: { width: 1920, height: 1080, fit: 'contain', reflow: true }, theme: 'dark',
    widgets: { k: { type: 'kpi', options: {} }, q: { type: 'sla-queue', options: {} }, l: { type: 'line', options: {} } },
    layout: { wall: { columns: 24, rows: 12, items: [
      { widget: 'q', x: 0, y: 4, w: 24, h: 8 }, { widget: 'l', x: 8, y: 0, w: 16, h: 4 }, { widget: 'k', x: 0, y: 0, w: 8, h: 4 },
    ] } },
  } satisfies ScreenDefinition;
  it('without a mobile layout: wall items in reading order, default heights', () => {
    expect(mobileItems(def)).toEqual([
      { widget: 'k', height: 2 * MOBILE_UNIT },
      { widget: 'l', height: 4 * MOBILE_UNIT },
      { widget: 'q', height: 6 * MOBILE_UNIT },
    ]);
  });
  it('with a mobile layout: its order and heights', () => {
    const withMobile = { ...def, layout: { ...def.layout, mobile: { items: [{ widget: 'q', h: 3 }, { widget: 'k' }] } } };
    expect(mobileItems(withMobile)).toEqual([{ widget: 'q', height: 3 * MOBILE_UNIT }, { widget: 'k', height: 2 * MOBILE_UNIT }]);
  });
});
