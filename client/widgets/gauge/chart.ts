import type { EChartsCoreOption, Palette } from '../../charts';
import { formatValue, type Locale, type NumberStyle } from '../../format';
import { textWidthEm } from '../fit-text';
import { levelOf } from '../levels';
import type { GaugeOptions } from './options';

/** Colour bands along the dial, as ECharts wants them: [fraction of the range where a band ends, colour]. */
export function gaugeBands(o: GaugeOptions, p: Palette): [number, string][] {
  const span = o.max - o.min;
  const at = (v: number | undefined): number | null => (v === undefined ? null : Math.min(1, Math.max(0, (v - o.min) / span)));
  const warn = at(o.warn);
  const critical = at(o.critical);
  if (o.goodWhen === 'up') {
    const bands: [number, string][] = [];
    if (critical !== null) bands.push([critical, p.critical]);
    if (warn !== null) bands.push([warn, p.warn]);
    bands.push([1, p.ok]);
    return bands;
  }
  const bands: [number, string][] = [];
  if (warn !== null) bands.push([warn, p.ok]);
  if (critical !== null) bands.push([critical, p.warn]);
  bands.push([1, warn === null && critical === null ? p.ok : p.critical]);
  return bands;
}

/** The dial runs from 215° to -35°: its open ends drop sin 35° of the radius below the centre. */
export const END_DROP = Math.sin((35 * Math.PI) / 180);
/** Room kept between the figure and the card's edge, px. */
const MARGIN = 4;
/** Below this radius in px the dial's scale numbers would run into each other and into its figure. */
export const GAUGE_SCALE_MIN_RADIUS = 90;

/** The ECharts option for a dial; pure so it can be tested without a browser. */
export function gaugeChartOption(n: number | null, style: NumberStyle, o: GaugeOptions, p: Palette, locale: Locale, box: { width: number; height: number }): EChartsCoreOption {
  const level = levelOf(n, o);
  const color = level === 'critical' ? p.critical : level === 'warn' ? p.warn : p.accent;
  // The figure's extent: the threshold ring (6 px outside the track) on top and sides, its open ends sin 35° r below.
  const outer = Math.max(46, Math.min(box.width / 2 - MARGIN, (box.height - 2 * MARGIN) / (1 + END_DROP)));
  const radius = outer - 6;
  const band = Math.max(8, Math.round(radius * 0.1));
  const fmt = (v: number): string => formatValue(v, style, locale, { compact: true, decimals: o.decimals });
  const text = n === null ? '—' : `${fmt(n)}${o.unit}`;
  // The number must fit inside the ring: about 1.4 radii wide at most.
  const detailSize = Math.max(18, Math.round(Math.min(radius * 0.34, (radius * 1.4) / Math.max(1, textWidthEm(text)))));
  // Centred in the box, whole: a card never cuts the arc (the phone's boxes are wide and short).
  const centerY = Math.floor(MARGIN + Math.max(0, (box.height - 2 * MARGIN - outer * (1 + END_DROP)) / 2) + outer);
  return {
    series: [
      {
        id: 'dial',
        type: 'gauge',
        min: o.min,
        max: o.max,
        startAngle: 215,
        endAngle: -35,
        radius,
        center: ['50%', centerY],
        progress: { show: true, width: band, itemStyle: { color } },
        axisLine: { lineStyle: { width: band, color: [[1, p.grid]] } },
        splitLine: { show: false },
        axisTick: { show: false },
        // A small dial has no room for scale numbers beside its figure: the figure and the threshold ring say it.
        axisLabel: { show: radius >= GAUGE_SCALE_MIN_RADIUS, distance: band + 8, color: p.muted, fontSize: Math.max(14, Math.round(radius * 0.11)), formatter: (v: number) => formatValue(v, style, locale, { compact: true, decimals: 0 }) },
        splitNumber: 4,
        pointer: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, '8%'],
          fontSize: detailSize,
          fontWeight: 700,
          color,
          formatter: () => text,
        },
        data: [{ value: n ?? o.min }],
      },
      {
        // The thresholds as a thin coloured ring just outside the track.
        id: 'bands',
        type: 'gauge',
        min: o.min,
        max: o.max,
        startAngle: 215,
        endAngle: -35,
        radius: radius + 6,
        center: ['50%', centerY],
        silent: true,
        axisLine: { lineStyle: { width: 4, color: gaugeBands(o, p) } },
        splitLine: { show: false },
        axisTick: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        detail: { show: false },
        title: { show: false },
        data: [],
      },
    ],
  };
}
