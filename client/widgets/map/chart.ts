import type { BreakdownValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatValue } from '../../format';
import type { I18n } from '../../i18n';
import { textWidth, tooltipHtml } from '../chart-helpers';
import type { WidgetSize } from '../types';
import type { MapOptions } from './options';
import { GRID, placeTiles, REGIONS, type RegionKey, type Tile } from './tiles';

const SCALE_HEIGHT = 44;

function measured(value: BreakdownValue | undefined, o: MapOptions): { key: string; value: number }[] {
  return (value?.items ?? []).map((i) => ({ key: i.key, value: o.measure === 'amount' ? (i.amount ?? 0) : i.value }));
}

function formatter(o: MapOptions, i18n: I18n): (n: number) => string {
  const style = o.format === 'auto' ? (o.measure === 'amount' ? 'currency' : 'number') : o.format;
  return (n) => formatValue(n, style, i18n.locale);
}

/** The colour scale: from the panel border's dim accent to the full accent, over 0 … the largest value. */
function visualMap(max: number, o: MapOptions, palette: Palette, fmt: (n: number) => string, seriesIndex: number, fontSize: number): object {
  return {
    type: 'continuous', seriesIndex, min: 0, max: Math.max(1, max), calculable: false, show: o.showScale,
    orient: 'horizontal', left: 'center', bottom: 4, itemHeight: 160, itemWidth: 12,
    text: [fmt(Math.max(1, max)), fmt(0)], textGap: 8, textStyle: { color: palette.muted, fontSize: Math.max(14, fontSize - 2) },
    inRange: { color: [palette.panelBorder, palette.accent] },
  };
}

/** An English region's compass letters: Southwest → SW, Central → C. */
export function shortRegion(name: string): string {
  return name.replace(/(North|South)(east|west)/, (_, a: string, b: string) => `${a[0]}${b[0]!.toUpperCase()}`).replace(/^([A-Z])[a-z]+$/, '$1');
}

/** The tile grid as two heatmaps on a hidden category grid: grey tiles for every place, coloured tiles with values. */
export function tileChartOption(value: BreakdownValue | undefined, o: MapOptions, palette: Palette, i18n: I18n, size: WidgetSize): EChartsCoreOption {
  const { mode, tiles } = placeTiles(measured(value, o), o.tiles);
  const fmt = formatter(o, i18n);
  const scale = o.showScale ? SCALE_HEIGHT : 0;
  const tile = Math.max(8, Math.floor(Math.min(size.width / GRID.cols, (size.height - scale) / GRID.rows)));
  const fontSize = Math.max(16, Math.min(22, Math.round(tile / 3.4)));
  const left = Math.max(0, Math.floor((size.width - tile * GRID.cols) / 2));
  const top = Math.max(0, Math.floor((size.height - scale - tile * GRID.rows) / 2));
  const en = i18n.locale === 'en';
  // Labelled tiles stand about two tiles apart: an English region name wider than that takes its compass letters (SW).
  const regionEn = (name: string): string => (textWidth(name, fontSize) > tile * 2 - 4 ? shortRegion(name) : name);
  const groupName = (t: Tile): string => (mode === 'region' ? (en ? regionEn(REGIONS[t.group as RegionKey].en) : t.group) : en ? t.province.abbr : t.province.zh);
  const fullName = (t: Tile): string => (mode === 'region' ? groupName(t) : en ? t.province.en : t.province.zh);
  const max = Math.max(0, ...tiles.map((t) => t.value ?? 0));
  // Two lines need about 2.6 font heights; smaller tiles show the name only.
  const twoLines = o.showValues && tile >= fontSize * 2.6;
  const cell = (t: Tile) => [t.province.col, t.province.row];
  const label = { color: palette.text, fontSize, lineHeight: Math.round(fontSize * 1.2), textBorderColor: palette.background, textBorderWidth: 2 };
  const tooltip = (t: Tile | undefined): string => {
    if (!t) return '';
    const heading = mode === 'region' ? `${fullName(t)} · ${en ? t.province.en : t.province.zh}` : fullName(t);
    return tooltipHtml(heading, [{ name: t.key ?? '', value: t.value === null ? '—' : fmt(t.value) }]);
  };
  const axis = (n: number) => ({ type: 'category', data: Array.from({ length: n }, (_, i) => i), show: false });
  const border = { borderColor: palette.background, borderWidth: Math.max(2, Math.round(tile / 16)) };
  const empty = tiles.filter((t) => t.value === null);
  const filled = tiles.filter((t) => t.value !== null);
  return {
    grid: { left, top, width: tile * GRID.cols, height: tile * GRID.rows },
    xAxis: axis(GRID.cols),
    yAxis: { ...axis(GRID.rows), inverse: true },
    tooltip: { trigger: 'item', formatter: (p: { seriesId: string; dataIndex: number }) => tooltip((p.seriesId === 'values' ? filled : empty)[p.dataIndex]) },
    visualMap: visualMap(max, o, palette, fmt, 1, fontSize),
    series: [
      {
        id: 'places', type: 'heatmap',
        data: empty.map((t) => ({ value: [...cell(t), 0], itemStyle: { color: palette.grid, ...border },
          label: { show: t.labelled, ...label, color: palette.muted, formatter: () => groupName(t) } })),
        emphasis: { disabled: true },
      },
      {
        id: 'values', type: 'heatmap',
        data: filled.map((t) => ({ value: [...cell(t), t.value], key: t.key ?? undefined, itemStyle: border,
          label: { show: t.labelled, ...label, formatter: () => (twoLines ? `${groupName(t)}\n${fmt(t.value ?? 0)}` : groupName(t)) } })),
      },
    ],
  };
}

/** A GeoJSON registered under `mapName`, regions matched to breakdown keys by the feature property `nameProperty`. */
export function geoChartOption(value: BreakdownValue | undefined, o: MapOptions, palette: Palette, i18n: I18n, mapName: string): EChartsCoreOption {
  const items = measured(value, o);
  const fmt = formatter(o, i18n);
  const max = Math.max(0, ...items.map((i) => i.value));
  return {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) =>
      tooltipHtml(p.name, [{ name: '', value: Number.isFinite(p.value) ? fmt(p.value) : '—' }]) },
    visualMap: visualMap(max, o, palette, fmt, 0, 16),
    series: [{
      id: 'regions', type: 'map', map: mapName, nameProperty: o.nameProperty, roam: false,
      layoutCenter: ['50%', '46%'], layoutSize: '92%',
      itemStyle: { areaColor: palette.grid, borderColor: palette.background, borderWidth: 1 },
      emphasis: { label: { show: true, color: palette.text }, itemStyle: { areaColor: palette.title } },
      label: { show: false },
      select: { disabled: true },
      data: items.map((i) => ({ name: i.key, value: i.value, key: i.key })),
    }],
  };
}
