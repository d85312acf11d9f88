/** Chart text sizes in design px: legible across a control room on a 1920-wide canvas. */
export const CHART_FONT = { axis: 18, label: 18, legend: 18, tooltip: 16 } as const;
/** On phones the same charts are a third as wide: smaller, still readable text. */
export const DENSE_FONT = { axis: 14, label: 14, legend: 14, tooltip: 14 } as const;

export type ChartFont = { readonly [K in keyof typeof CHART_FONT]: number };

/** The chart text sizes for a layout: the phone stack is dense. */
export function chartFont(dense: boolean): ChartFont {
  return dense ? DENSE_FONT : CHART_FONT;
}
