import { describe, expect, it } from 'vitest';
import { arrange, type Arrangement } from './arrange';
import { evenCuts, freeCuts, splitGrid } from './bands';
import type { Grid } from './grid';

const hd = { width: 1920, height: 1080, fit: 'contain' as const, reflow: true };
const wall = { width: 5760, height: 1080, fit: 'contain' as const, reflow: true };
// Three panels' worth of widgets, each a third of a 72-column wall.
const thirds: Grid = { columns: 72, rows: 12, items: [0, 24, 48].map((x, i) => ({ widget: `w${i}`, x, y: 0, w: 24, h: 12 })) };
const halves = (cut: number): Grid => ({ columns: 24, rows: 12, items: [{ widget: 'top', x: 0, y: 0, w: 24, h: cut }, { widget: 'rest', x: 0, y: cut, w: 24, h: 12 - cut }] });
const spans = (a: Arrangement) => a.pages.map((frames) => frames.map((f) => [Math.round(f.area.x), Math.round(f.area.x + f.area.width)]));

describe('bands', () => {
  it('finds the grid lines no widget crosses, and cuts there', () => {
    expect(freeCuts(thirds, 'x')).toEqual([24, 48]);
    expect(freeCuts(thirds, 'y')).toEqual([]);
    expect(evenCuts(thirds, 'x', 3)).toEqual([24, 48]);
    expect(evenCuts(thirds, 'y', 2)).toBeUndefined();
    const [a, b] = splitGrid(halves(3), 'y', [3]);
    expect(a).toMatchObject({ rows: 3, items: [{ widget: 'top', y: 0 }] });
    expect(b).toMatchObject({ rows: 9, items: [{ widget: 'rest', y: 0 }] });
  });
});

describe('arrange', () => {
  it('a wall of three panels: each third on its own panel, clear of the bezels', () => {
    const a = arrange({ design: wall, grid: thirds, win: { width: 5760, height: 1080 }, display: { panels: { columns: 3, rows: 1 }, bezel_px: 40 }, minTextPx: 12 });
    // Scale 1; header round(1080 × 0.08) = 86; inner area x 20…5740. Seams at 1920 and 3840, each kept clear by
    // half the bezel (20) and half a gap (8): 20…1892, 1948…3812, 3868…5740.
    expect(a.kind).toBe('designed');
    expect(a.fit.scaleX).toBe(1);
    expect(spans(a)).toEqual([[[20, 1892], [1948, 3812], [3868, 5740]]]);
  });

  it('a 16:9 screen on a 48:9 window: its rows cut in two bands side by side', () => {
    const a = arrange({ design: hd, grid: halves(6), win: { width: 5760, height: 1080 }, display: {}, minTextPx: 12 });
    // Two bands of 6 rows: 48 columns of 80 px = 3840 wide, 6 × (1080 − 86) / 12 + 86 = 583 high; scale
    // min(5760 / 3840, 1080 / 583) = 1.5, so the canvas is 3840 × 720 with a 58 px header. Inner 20…3820, a 16 px gap:
    // (3800 − 16) / 2 = 1892 each.
    expect(a.kind).toBe('side-by-side');
    expect(a.fit.scaleX).toBe(1.5);
    expect(a.canvas).toEqual({ width: 3840, height: 720 });
    expect(spans(a)).toEqual([[[20, 1912], [1928, 3820]]]);
    expect(a.pages[0]!.map((f) => f.grid.items.map((i) => i.widget))).toEqual([['top'], ['rest']]);
  });

  it('a 16:9 screen without an even cut, on three panels: as designed on the middle panel', () => {
    const a = arrange({ design: hd, grid: halves(3), win: { width: 5760, height: 1080 }, display: { panels: { columns: 3, rows: 1 } }, minTextPx: 12 });
    // 3 rows beside 9 is no layout; 1080 × 16/9 = 1920 is one panel: the middle one, at scale 1.
    expect(a.kind).toBe('centred');
    expect(a.canvas).toEqual({ width: 1920, height: 1080 });
    expect(a.fit).toMatchObject({ scaleX: 1, offsetX: 1920, offsetY: 0 });
  });

  it('a 48:9 wall on one 16:9 TV: a page per third, not text below the minimum', () => {
    const a = arrange({ design: wall, grid: thirds, win: { width: 1920, height: 1080 }, display: {}, minTextPx: 12 });
    // Stacked in two bands (cut at 24: 24 and 48 columns) it is 3840 × 2074 design px, scale 0.5 < 12/14: pages,
    // three of 24 columns, each 1920 × 1080 at scale 1.
    expect(a.kind).toBe('pages');
    expect(a.pages.map((p) => p[0]!.grid.items.map((i) => i.widget))).toEqual([['w0'], ['w1'], ['w2']]);
    expect(a.fit.scaleX).toBe(1);
  });

  it('within the shapes it may stretch to, the design is reflowed, never cut', () => {
    const a = arrange({ design: hd, grid: halves(6), win: { width: 2560, height: 1080 }, display: {}, minTextPx: 12 });
    expect(a.kind).toBe('designed');
    expect(a.canvas).toEqual({ width: 2560, height: 1080 });
  });

  it('a 4K window draws text at twice the px of a 1080p one: the scale floor follows the window height', () => {
    // minTextPx 24 (a 2160 px high window) over the 14 px smallest design text: scale ≥ 1.714, not 0.857.
    const a = arrange({ design: hd, grid: halves(6), win: { width: 3840, height: 2160 }, display: {}, minTextPx: 24 });
    expect(a.fit.scaleX).toBe(2);
    const b = arrange({ design: hd, grid: halves(6), win: { width: 2560, height: 2160 }, display: {}, minTextPx: 24 });
    // Natural 2560 / 1920 = 1.333 is below 24 / 14 = 1.714: the cells shrink, not the text.
    expect(b.fit.scaleX).toBeCloseTo(24 / 14, 6);
  });
});
