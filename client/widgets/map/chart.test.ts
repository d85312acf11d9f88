import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { shortRegion, tileChartOption } from './chart';
import { mapOptionsSchema } from './options';

type Opt = { series: { data: { label: { show: boolean; formatter: () => string } }[] }[] };
const regions = { kind: 'breakdown' as const, items: ['华东', '西南', '华中'].map((key, i) => ({ key, value: 10 * (i + 1) })) };
const labels = (size: { width: number; height: number }) => {
  const opt = tileChartOption(regions, mapOptionsSchema.parse({ showValues: false }), palettes.dark, createI18n('en'), size) as Opt;
  return opt.series[1]!.data.filter((d) => d.label.show).map((d) => d.label.formatter()).sort();
};

describe('tile map labels in English', () => {
  it('compass letters for a region name', () => {
    expect(['North', 'Northeast', 'East', 'Central', 'South', 'Southwest', 'Northwest'].map(shortRegion)).toEqual(['N', 'NE', 'E', 'C', 'S', 'SW', 'NW']);
  });
  it('full names on a large map, compass letters where a name is wider than two tiles', () => {
    expect(labels({ width: 1200, height: 900 })).toEqual(['Central', 'East', 'Southwest']);
    // Each name on its own: "East" still fits two tiles, "Central" and "Southwest" do not.
    expect(labels({ width: 300, height: 240 })).toEqual(['C', 'East', 'SW']);
  });
});
