export interface Rect { x: number; y: number; width: number; height: number }
export interface GridItem { widget: string; x: number; y: number; w: number; h: number }
export interface Grid { columns: number; rows: number; gap?: number | undefined; items: readonly GridItem[] }

export const DEFAULT_GAP = 16;

/** Design-px boxes of the wall layout's items inside `area`: cells of equal size, `gap` between them. */
export function gridRects(grid: Grid, area: Rect): { widget: string; rect: Rect }[] {
  const gap = grid.gap ?? DEFAULT_GAP;
  const cellW = (area.width - gap * (grid.columns - 1)) / grid.columns;
  const cellH = (area.height - gap * (grid.rows - 1)) / grid.rows;
  return grid.items.map((item) => ({
    widget: item.widget,
    rect: {
      x: Math.round(area.x + item.x * (cellW + gap)),
      y: Math.round(area.y + item.y * (cellH + gap)),
      width: Math.round(item.w * cellW + (item.w - 1) * gap),
      height: Math.round(item.h * cellH + (item.h - 1) * gap),
    },
  }));
}

/** The band at the top of the canvas that holds the screen's title and clock. */
export function headerHeight(canvasHeight: number): number {
  return Math.max(56, Math.min(160, Math.round(canvasHeight * 0.08)));
}
