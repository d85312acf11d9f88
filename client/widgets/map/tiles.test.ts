import { describe, expect, it } from 'vitest';
import { palettes } from '../../charts/palette';
import { createI18n } from '../../i18n';
import { tileChartOption } from './chart';
import { mapOptionsSchema } from './options';
import { findProvince, findRegion, GRID, placeTiles, PROVINCES } from './tiles';

describe('map tile grid', () => {
  it('has the 34 province-level divisions, each on its own tile', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => `${p.col},${p.row}`)).size).toBe(34);
    expect(GRID).toEqual({ cols: 7, rows: 8 });
  });

  it('finds a province by short or full Chinese name, English name, ISO code or adcode', () => {
    for (const key of ['广东', '广东省', 'Guangdong', ' guangdong ', 'GD', 'CN-GD', '440000', '44']) expect(findProvince(key)?.zh, key).toBe('广东');
    expect(findProvince('新疆维吾尔自治区')).toMatchObject({ col: 0, row: 2 });
    expect(findProvince('Hong Kong')).toMatchObject({ zh: '香港', col: 4, row: 7 });
    expect(findProvince('华东')).toBeUndefined();
  });

  it('finds the demo\'s regions, in Chinese or English', () => {
    expect(findRegion('华东')).toBe('华东');
    expect(findRegion('华东区')).toBe('华东');
    expect(findRegion('East China')).toBe('华东');
    expect(findRegion('Northwest')).toBe('西北');
    expect(findRegion('广东')).toBeUndefined();
  });

  it('auto: region keys colour every province of their region, labelled once', () => {
    const { mode, tiles, unplaced } = placeTiles([{ key: '华东', value: 30 }, { key: '东北', value: 5 }, { key: 'unknown', value: 2 }], 'auto');
    expect(mode).toBe('region');
    expect(unplaced).toEqual(['unknown']);
    const east = tiles.filter((t) => t.group === '华东');
    // 上海 江苏 浙江 安徽 福建 江西 山东 台湾
    expect(east.map((t) => t.province.zh).sort()).toEqual(['上海', '台湾', '安徽', '山东', '江苏', '江西', '浙江', '福建'].sort());
    expect(east.every((t) => t.value === 30)).toBe(true);
    expect(east.filter((t) => t.labelled).map((t) => t.province.zh)).toEqual(['江苏']);
    expect(tiles.find((t) => t.province.zh === '黑龙江')?.value).toBe(5);
    expect(tiles.find((t) => t.province.zh === '广东')?.value).toBeNull();
  });

  it('auto: province keys give one tile each; two names of one province add up', () => {
    const { mode, tiles } = placeTiles([{ key: '广东省', value: 7 }, { key: 'Guangdong', value: 3 }, { key: '北京', value: 1 }], 'auto');
    expect(mode).toBe('province');
    expect(tiles.find((t) => t.province.zh === '广东')).toMatchObject({ value: 10, key: '广东省', labelled: true });
    expect(tiles.filter((t) => t.value !== null)).toHaveLength(2);
  });

  it('draws grey tiles for places without data and coloured ones with values, scaled to the largest', () => {
    const o = mapOptionsSchema.parse({});
    const opt = tileChartOption({ kind: 'breakdown', items: [{ key: '华南', value: 12000 }] }, o, palettes.dark, createI18n('zh-CN'), { width: 700, height: 600 }) as {
      series: { data: { value: number[]; label: { formatter: () => string; show: boolean } }[] }[]; visualMap: { max: number };
      grid: { width: number; height: number };
    };
    // 华南: 广西 广东 海南 澳门 香港 = 5 tiles; the other 29 grey
    expect(opt.series[1]!.data).toHaveLength(5);
    expect(opt.series[0]!.data).toHaveLength(29);
    expect(opt.visualMap.max).toBe(12000);
    // 广东 (3,6) carries the label: name and 1.2万
    const guangdong = opt.series[1]!.data.find((d) => d.value[0] === 3 && d.value[1] === 6)!;
    expect(guangdong.label.formatter()).toBe('华南\n1.2万');
    // tile = min(700 / 7, (600 − 44) / 8) = min(100, 69.5) → 69 px
    expect(opt.grid).toMatchObject({ width: 69 * 7, height: 69 * 8 });
  });
});
