import type { DisplaySettings, ScreenDefinition } from '../../server/protocol';
import { evenCuts, splitGrid, type Axis } from './bands';
import { computeFit, MIN_DESIGN_FONT_PX, reflowFit, type Box, type FitResult } from './fit';
import { DEFAULT_GAP, headerHeight, type Grid, type Rect } from './grid';

/** A part of the layout and the design-px box it fills. */
export interface Frame { area: Rect; grid: Grid }

/**
 * How a screen is put on a window:
 * - designed: its grid as drawn (reflowed to the window's shape when the shapes are close);
 * - side-by-side: a window much wider than the design (a 16:9 screen on a 48:9 wall, a phone screen on a TV)
 *   gets the layout's rows cut into bands of about as many rows each, placed side by side (one per panel where
 *   the panels are known);
 * - centred: a much wider window whose layout has no such cut shows the screen at its designed shape in the
 *   middle (on a wall, on whole panels), instead of stretching tables and pies across it;
 * - stacked: a much narrower window gets the columns cut into bands placed one above the other;
 * - pages: when stacking would draw text below the legible minimum (a 48:9 wall on one 16:9 TV), each band is
 *   a page of its own, shown in turn.
 * Cuts run only along grid lines no widget crosses, so no widget is ever split.
 */
export type ArrangementKind = 'designed' | 'side-by-side' | 'centred' | 'stacked' | 'pages';

export interface Arrangement {
  kind: ArrangementKind;
  /** The design-px canvas and how it is scaled onto the window. */
  canvas: Box;
  fit: FitResult;
  /** Height of the header band, design px. */
  header: number;
  /** One list of frames per page (one page unless `kind` is pages). */
  pages: Frame[][];
}

/** How far the window's shape may be from the design's before the layout is cut into bands. */
export const RESHAPE_AT = 1.5;
/** Side-by-side bands differ in rows by at most this factor: a 3-row band beside a 9-row one is no layout. */
const BALANCED = 1.5;
const PAD = 20;

export interface ArrangeInput {
  design: ScreenDefinition['canvas'];
  grid: Grid;
  win: Box;
  display: DisplaySettings;
  /** The smallest text to draw, in screen px (legibility.ts). */
  minTextPx: number;
}

/** Where every widget of the wall layout goes on this window and this display. */
export function arrange({ design, grid, win, display, minTextPx }: ArrangeInput): Arrangement {
  const minScale = minTextPx / MIN_DESIGN_FONT_PX;
  const r = win.width / win.height / (design.width / design.height);
  const reshapes = (design.fit === 'contain' && design.reflow) || design.fit === 'width';
  if (!reshapes || (design.fit === 'width' && r < RESHAPE_AT)) {
    const fit = computeFit(design.fit, design, win);
    const header = headerHeight(design.height);
    return { kind: 'designed', canvas: design, fit, header, pages: [[{ area: inner(design, header), grid }]] };
  }
  const plan = chooseBands(grid, design, win, display, r, minScale);
  if (plan.kind === 'centred') return centred(design, grid, win, display, minScale);
  const box = plan.pages.map((blocks) => designBox(blocks, plan.axis, grid, design)).reduce((a, b) => ({ width: Math.max(a.width, b.width), height: Math.max(a.height, b.height) }));
  const { canvas, fit } = reflowFit(box, win, minScale);
  const header = headerHeight(canvas.height);
  const scale = fit.scaleX;
  const panels = display.panels ?? { columns: 1, rows: 1 };
  const clear = (display.bezel_px ?? 0) / scale;
  const seams = (n: number, size: number) => Array.from({ length: n - 1 }, (_, i) => ((i + 1) * size) / n / scale);
  const pages = plan.pages.map((blocks) => {
    const frames = place(inner(canvas, header), blocks, plan.axis, grid.gap ?? DEFAULT_GAP,
      plan.axis === 'x' && panels.columns === blocks.length ? { at: seams(panels.columns, win.width), clear } : undefined);
    // A wall two or more panels high: each frame's rows cut again at the seams across.
    if (panels.rows < 2) return frames;
    return frames.flatMap((f) => {
      const cuts = evenCuts(f.grid, 'y', panels.rows);
      return cuts ? place(f.area, splitGrid(f.grid, 'y', cuts), 'y', f.grid.gap ?? DEFAULT_GAP, { at: seams(panels.rows, win.height), clear }) : [f];
    });
  });
  return { kind: plan.kind, canvas, fit, header, pages };
}

interface Plan { kind: ArrangementKind; axis: Axis; pages: Grid[][] }

/** Which bands the layout is cut into for this window: see ArrangementKind. */
function chooseBands(grid: Grid, design: Box, win: Box, display: DisplaySettings, r: number, minScale: number): Plan {
  const across = display.panels?.columns ?? 1;
  if (r >= RESHAPE_AT) {
    // k bands of rows side by side make the layout k² times wider in shape; on a known wall, one band per panel.
    const wanted = across > 1 ? [across] : [2, 3, 4].sort((a, b) => Math.abs(Math.log(r / a ** 2)) - Math.abs(Math.log(r / b ** 2)));
    for (const k of wanted) {
      const cuts = evenCuts(grid, 'y', k);
      const bands = cuts && splitGrid(grid, 'y', cuts);
      if (bands && Math.max(...bands.map((b) => b.rows)) <= BALANCED * Math.min(...bands.map((b) => b.rows))) {
        return { kind: 'side-by-side', axis: 'x', pages: [bands] };
      }
    }
    return { kind: 'centred', axis: 'x', pages: [[grid]] };
  } else if (r <= 1 / RESHAPE_AT) {
    const stackCuts = evenCuts(grid, 'x', Math.round(Math.sqrt(1 / r)));
    if (stackCuts) {
      const bands = splitGrid(grid, 'x', stackCuts);
      const box = designBox(bands, 'y', grid, design);
      if (Math.min(win.width / box.width, win.height / box.height) >= minScale) return { kind: 'stacked', axis: 'y', pages: [bands] };
    }
    for (let k = Math.min(grid.columns, Math.round(1 / r)); k >= 2; k--) {
      const pageCuts = evenCuts(grid, 'x', k);
      if (pageCuts) return { kind: 'pages', axis: 'x', pages: splitGrid(grid, 'x', pageCuts).map((band) => [band]) };
    }
  }
  // As designed; on a wall of several panels across, cut at the free columns nearest the seams.
  const cuts = across > 1 ? evenCuts(grid, 'x', across) : undefined;
  return { kind: 'designed', axis: 'x', pages: [cuts ? splitGrid(grid, 'x', cuts) : [grid]] };
}

/**
 * The screen at its own shape, reflowed into the middle of the window: on a wall of known panels the middle
 * panels whose joint shape is nearest the design's (one panel of three for a 16:9 screen on a 48:9 wall).
 */
function centred(design: ScreenDefinition['canvas'], grid: Grid, win: Box, display: DisplaySettings, minScale: number): Arrangement {
  const across = display.panels?.columns ?? 1;
  const designAspect = design.width / design.height;
  let region: Rect;
  if (across > 1) {
    const panel = win.width / across;
    const m = Math.min(across, Math.max(1, Math.round((win.height * designAspect) / panel)));
    region = { x: Math.floor((across - m) / 2) * panel, y: 0, width: m * panel, height: win.height };
  } else {
    const width = Math.min(win.width, win.height * designAspect);
    region = { x: (win.width - width) / 2, y: 0, width, height: win.height };
  }
  const { canvas, fit } = reflowFit(design, region, minScale);
  const header = headerHeight(canvas.height);
  return { kind: 'centred', canvas, fit: { ...fit, offsetX: region.x }, header, pages: [[{ area: inner(canvas, header), grid }]] };
}

/** The design-px size `blocks` take placed along `axis`, at the design's own cell size. */
function designBox(blocks: readonly Grid[], axis: Axis, grid: Grid, design: Box): Box {
  const cellW = design.width / grid.columns;
  const cellH = (design.height - headerHeight(design.height)) / grid.rows;
  const cols = blocks.map((b) => b.columns);
  const rows = blocks.map((b) => b.rows);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return axis === 'x'
    ? { width: sum(cols) * cellW, height: Math.max(...rows) * cellH + headerHeight(design.height) }
    : { width: Math.max(...cols) * cellW, height: sum(rows) * cellH + headerHeight(design.height) };
}

/** The canvas below the header, inside the padding. */
function inner(canvas: Box, header: number): Rect {
  return { x: PAD, y: header + PAD, width: canvas.width - 2 * PAD, height: canvas.height - header - 2 * PAD };
}

/**
 * `blocks` laid along `axis` inside `area`: at the panel seams when there is one seam between each two blocks
 * (each block kept `clear` design px away from a seam's middle, half a gap beyond it), else in shares of their
 * length with a gap between.
 */
function place(area: Rect, blocks: readonly Grid[], axis: Axis, gap: number, seams?: { at: number[]; clear: number }): Frame[] {
  const start = axis === 'x' ? area.x : area.y;
  const size = axis === 'x' ? area.width : area.height;
  let edges: [number, number][];
  if (seams && seams.at.length === blocks.length - 1) {
    const half = seams.clear / 2 + gap / 2;
    const bounds = [start, ...seams.at, start + size];
    edges = blocks.map((_, i) => [i === 0 ? start : bounds[i]! + half, i === blocks.length - 1 ? start + size : bounds[i + 1]! - half]);
  } else {
    const lengths = blocks.map((b) => (axis === 'x' ? b.columns : b.rows));
    const total = lengths.reduce((a, b) => a + b, 0);
    const room = size - gap * (blocks.length - 1);
    let at = start;
    edges = lengths.map((n) => { const from = at; at += (room * n) / total + gap; return [from, from + (room * n) / total]; });
  }
  return blocks.map((grid, i) => {
    const [from, to] = edges[i]!;
    const area2: Rect = axis === 'x' ? { ...area, x: from, width: to - from } : { ...area, y: from, height: to - from };
    return { area: area2, grid };
  });
}
