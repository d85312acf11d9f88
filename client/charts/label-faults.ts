/**
 * The pure half of the chart test hook (probe.ts): rectangle maths and the faults a control-room viewer would
 * see in a chart's own text — two texts drawn over each other, text past the chart's edge, text cut to an
 * ellipsis, category labels left out by the axis.
 */

/** An axis-aligned rectangle: x, y of its top-left corner, in one coordinate space. */
export interface Rect { x: number; y: number; width: number; height: number }

/** A 2D affine matrix as zrender keeps it: [a, b, c, d, e, f] maps (x, y) to (a·x + c·y + e, b·x + d·y + f). */
export type Matrix = readonly [number, number, number, number, number, number] | readonly number[];

/** One text drawn by a chart: what it says after ECharts' truncation, and where, in page px. */
export interface ChartText {
  text: string;
  rect: Rect;
  /** zrender cut it to fit its width (`overflow: 'truncate'`), with or without an ellipsis. */
  truncated: boolean;
  /** The component that drew it: 'series', 'legend', 'xAxis', 'title', … */
  owner: string;
}

/** A category axis: how many categories it has and how many of their labels are drawn. */
export interface CategoryAxis { name: string; categories: number; drawn: number }

/** What the probe reports per chart instance. */
export interface ChartProbe {
  widget: string;
  /** The chart's box in page px. */
  box: Rect;
  texts: ChartText[];
  axes: CategoryAxis[];
}

/** The bounding box of `r` after `m` (the box of its four transformed corners). */
export function transformRect(r: Rect, m: Matrix | null | undefined): Rect {
  if (!m) return { ...r };
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[r.x, r.y], [r.x + r.width, r.y], [r.x, r.y + r.height], [r.x + r.width, r.y + r.height]] as const) {
    xs.push(a * x + c * y + e);
    ys.push(b * x + d * y + f);
  }
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** A rectangle in a chart's own px moved to page px: the chart's box origin plus its CSS scale. */
export function toPage(r: Rect, origin: { x: number; y: number }, scale: number): Rect {
  return { x: origin.x + r.x * scale, y: origin.y + r.y * scale, width: r.width * scale, height: r.height * scale };
}

/** How far two rectangles overlap in each direction (0 when they do not). */
export function overlapOf(a: Rect, b: Rect): { x: number; y: number } {
  const x = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const y = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return x > 0 && y > 0 ? { x, y } : { x: 0, y: 0 };
}

/** Whether `inner` lies within `outer`, give or take `slack` px on each side. */
export function within(inner: Rect, outer: Rect, slack: number): boolean {
  return inner.x >= outer.x - slack && inner.y >= outer.y - slack
    && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
}

/** Overlap below this many px in either direction is a glyph's side bearing, not two texts on each other. */
export const OVERLAP_SLACK_PX = 2;

/** Every fault in one chart, each naming the widget and the text(s). */
export function chartFaults(chart: ChartProbe, slack = OVERLAP_SLACK_PX): string[] {
  const faults: string[] = [];
  const texts = chart.texts.filter((t) => t.text.trim() !== '' && t.rect.width > 0 && t.rect.height > 0);
  for (let i = 0; i < texts.length; i++) {
    const a = texts[i]!;
    for (let j = i + 1; j < texts.length; j++) {
      const b = texts[j]!;
      const o = overlapOf(a.rect, b.rect);
      if (o.x > slack && o.y > slack) faults.push(`${chart.widget}: "${a.text}" overlaps "${b.text}"`);
    }
    if (!within(a.rect, chart.box, 1)) faults.push(`${chart.widget}: "${a.text}" sticks out of the chart`);
    if (a.truncated || /(…|\.\.\.)$/.test(a.text)) faults.push(`${chart.widget}: "${a.text}" is cut short`);
  }
  for (const axis of chart.axes) {
    if (axis.drawn < axis.categories) faults.push(`${chart.widget}: ${axis.name} draws ${axis.drawn} of ${axis.categories} category labels`);
  }
  return faults;
}
