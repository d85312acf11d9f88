export type FitMode = 'contain' | 'cover' | 'width' | 'height' | 'stretch';
export interface Box { width: number; height: number }

export interface FitResult {
  scaleX: number;
  scaleY: number;
  /** Where the scaled canvas's top-left corner sits in the window, in window px. */
  offsetX: number;
  offsetY: number;
  /** Which way the window scrolls when the scaled canvas is longer than it. */
  overflow: 'hidden' | 'scroll-x' | 'scroll-y';
}

/**
 * How the design canvas maps onto the window, as one CSS transform:
 * contain letterboxes and centres, cover fills and crops (centred), width and height fill one
 * dimension and scroll the other when longer, stretch scales each axis on its own.
 */
export function computeFit(mode: FitMode, canvas: Box, win: Box): FitResult {
  const sx = win.width / canvas.width;
  const sy = win.height / canvas.height;
  const centred = (s: number, overflow: FitResult['overflow'] = 'hidden'): FitResult => ({
    scaleX: s,
    scaleY: s,
    offsetX: overflow === 'scroll-x' ? Math.max(0, (win.width - canvas.width * s) / 2) : (win.width - canvas.width * s) / 2,
    offsetY: overflow === 'scroll-y' ? Math.max(0, (win.height - canvas.height * s) / 2) : (win.height - canvas.height * s) / 2,
    overflow,
  });
  switch (mode) {
    case 'contain':
      return centred(Math.min(sx, sy));
    case 'cover':
      return centred(Math.max(sx, sy));
    case 'width':
      return centred(sx, canvas.height * sx > win.height ? 'scroll-y' : 'hidden');
    case 'height':
      return centred(sy, canvas.width * sy > win.width ? 'scroll-x' : 'hidden');
    case 'stretch':
      return { scaleX: sx, scaleY: sy, offsetX: 0, offsetY: 0, overflow: 'hidden' };
  }
}

/** The smallest text the wall draws, in design px (labels, ages, table cells). */
export const MIN_DESIGN_FONT_PX = 14;
/** The smallest text a viewer should have to read, in screen px: the wall is not shrunk below this. */
export const MIN_SCREEN_FONT_PX = 12;

/**
 * `contain` with reflow: the design canvas takes the window's shape, so a wall of another aspect
 * (5760×1080, a 16:10 monitor) is filled edge to edge, the grid's cells growing along the longer side
 * while text keeps its size. The scale never drops below `minScale`, what keeps the smallest text legible
 * (legibility.ts): on a small window (1280×720 for a 1920×1080 design) the cells shrink instead of the text.
 */
export function reflowFit(canvas: Box, win: Box, minScale = MIN_SCREEN_FONT_PX / MIN_DESIGN_FONT_PX): { canvas: Box; fit: FitResult } {
  const natural = Math.min(win.width / canvas.width, win.height / canvas.height);
  const s = Math.max(natural, minScale);
  return {
    canvas: { width: Math.round(win.width / s), height: Math.round(win.height / s) },
    fit: { scaleX: s, scaleY: s, offsetX: 0, offsetY: 0, overflow: 'hidden' },
  };
}
