/**
 * A tile grid of China: one square per province-level division at its approximate place, for a
 * choropleth without boundary data (no openly licensed China boundaries exist; see the map widget's
 * options). Columns run west → east, rows north → south.
 */
export interface Province { zh: string; full: string; en: string; abbr: string; adcode: number; col: number; row: number; region: RegionKey }
export type RegionKey = '华北' | '东北' | '华东' | '华中' | '华南' | '西南' | '西北';

const P = (zh: string, full: string, en: string, abbr: string, adcode: number, col: number, row: number, region: RegionKey): Province =>
  ({ zh, full, en, abbr, adcode, col, row, region });

export const PROVINCES: readonly Province[] = [
  P('黑龙江', '黑龙江省', 'Heilongjiang', 'HL', 230000, 6, 0, '东北'),
  P('内蒙古', '内蒙古自治区', 'Inner Mongolia', 'NM', 150000, 3, 1, '华北'),
  P('北京', '北京市', 'Beijing', 'BJ', 110000, 4, 1, '华北'),
  P('吉林', '吉林省', 'Jilin', 'JL', 220000, 6, 1, '东北'),
  P('新疆', '新疆维吾尔自治区', 'Xinjiang', 'XJ', 650000, 0, 2, '西北'),
  P('甘肃', '甘肃省', 'Gansu', 'GS', 620000, 1, 2, '西北'),
  P('宁夏', '宁夏回族自治区', 'Ningxia', 'NX', 640000, 2, 2, '西北'),
  P('山西', '山西省', 'Shanxi', 'SX', 140000, 3, 2, '华北'),
  P('河北', '河北省', 'Hebei', 'HE', 130000, 4, 2, '华北'),
  P('天津', '天津市', 'Tianjin', 'TJ', 120000, 5, 2, '华北'),
  P('辽宁', '辽宁省', 'Liaoning', 'LN', 210000, 6, 2, '东北'),
  P('西藏', '西藏自治区', 'Tibet', 'XZ', 540000, 0, 3, '西南'),
  P('青海', '青海省', 'Qinghai', 'QH', 630000, 1, 3, '西北'),
  P('陕西', '陕西省', 'Shaanxi', 'SN', 610000, 2, 3, '西北'),
  P('河南', '河南省', 'Henan', 'HA', 410000, 3, 3, '华中'),
  P('山东', '山东省', 'Shandong', 'SD', 370000, 4, 3, '华东'),
  P('四川', '四川省', 'Sichuan', 'SC', 510000, 1, 4, '西南'),
  P('重庆', '重庆市', 'Chongqing', 'CQ', 500000, 2, 4, '西南'),
  P('湖北', '湖北省', 'Hubei', 'HB', 420000, 3, 4, '华中'),
  P('安徽', '安徽省', 'Anhui', 'AH', 340000, 4, 4, '华东'),
  P('江苏', '江苏省', 'Jiangsu', 'JS', 320000, 5, 4, '华东'),
  P('上海', '上海市', 'Shanghai', 'SH', 310000, 6, 4, '华东'),
  P('云南', '云南省', 'Yunnan', 'YN', 530000, 1, 5, '西南'),
  P('贵州', '贵州省', 'Guizhou', 'GZ', 520000, 2, 5, '西南'),
  P('湖南', '湖南省', 'Hunan', 'HN', 430000, 3, 5, '华中'),
  P('江西', '江西省', 'Jiangxi', 'JX', 360000, 4, 5, '华东'),
  P('浙江', '浙江省', 'Zhejiang', 'ZJ', 330000, 5, 5, '华东'),
  P('广西', '广西壮族自治区', 'Guangxi', 'GX', 450000, 2, 6, '华南'),
  P('广东', '广东省', 'Guangdong', 'GD', 440000, 3, 6, '华南'),
  P('福建', '福建省', 'Fujian', 'FJ', 350000, 4, 6, '华东'),
  P('台湾', '台湾省', 'Taiwan', 'TW', 710000, 5, 6, '华东'),
  P('海南', '海南省', 'Hainan', 'HI', 460000, 2, 7, '华南'),
  P('澳门', '澳门特别行政区', 'Macao', 'MO', 820000, 3, 7, '华南'),
  P('香港', '香港特别行政区', 'Hong Kong', 'HK', 810000, 4, 7, '华南'),
];

/** The seven customary sales regions (大区), as the demo and many CRMs use them; each labelled on one tile. */
export const REGIONS: Record<RegionKey, { en: string; anchor: string }> = {
  华北: { en: 'North', anchor: '河北' },
  东北: { en: 'Northeast', anchor: '吉林' },
  华东: { en: 'East', anchor: '江苏' },
  华中: { en: 'Central', anchor: '湖北' },
  华南: { en: 'South', anchor: '广东' },
  西南: { en: 'Southwest', anchor: '四川' },
  西北: { en: 'Northwest', anchor: '甘肃' },
};

const fold = (s: string): string => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

const provinceIndex = new Map<string, Province>();
for (const p of PROVINCES) {
  for (const name of [p.zh, p.full, p.en, p.abbr, `CN-${p.abbr}`, String(p.adcode), String(p.adcode / 10_000)]) provinceIndex.set(fold(name), p);
}
provinceIndex.set(fold('Macau'), provinceIndex.get('macao')!);
provinceIndex.set(fold('Xizang'), provinceIndex.get('tibet')!);
provinceIndex.set(fold('Nei Mongol'), provinceIndex.get('inner mongolia')!);

const regionIndex = new Map<string, RegionKey>();
for (const [key, r] of Object.entries(REGIONS) as [RegionKey, (typeof REGIONS)[RegionKey]][]) {
  for (const name of [key, `${key}区`, `${key}地区`, r.en, `${r.en} China`]) regionIndex.set(fold(name), key);
}

/** The province a breakdown key names: short or full Chinese name, English name, ISO code (GD, CN-GD) or adcode. */
export function findProvince(key: string): Province | undefined {
  return provinceIndex.get(fold(key));
}

/** The region (大区) a key names: 华东, 华东区, East, East China … */
export function findRegion(key: string): RegionKey | undefined {
  return regionIndex.get(fold(key));
}

export interface Tile {
  province: Province;
  /** The region's key in region mode, the province's Chinese name otherwise. */
  group: string;
  value: number | null;
  /** The breakdown key that gave the value. */
  key?: string;
  /** Whether this tile carries its group's label (every tile in province mode, one per region). */
  labelled: boolean;
}

/**
 * Every tile of the grid with the value it shows. In province mode each tile shows its province's item;
 * in region mode every tile of a region shows the region's item, labelled once. `auto` picks the mode
 * that more keys match. Keys that name neither are returned as `unplaced`.
 */
export function placeTiles(items: readonly { key: string; value: number }[], mode: 'auto' | 'province' | 'region'):
  { mode: 'province' | 'region'; tiles: Tile[]; unplaced: string[] } {
  const provinceHits = items.filter((i) => findProvince(i.key)).length;
  const regionHits = items.filter((i) => findRegion(i.key)).length;
  const chosen = mode === 'auto' ? (regionHits > provinceHits ? 'region' : 'province') : mode;
  const byGroup = new Map<string, { key: string; value: number }>();
  const unplaced: string[] = [];
  for (const item of items) {
    const group = chosen === 'region' ? findRegion(item.key) : findProvince(item.key)?.zh;
    if (!group) unplaced.push(item.key);
    else {
      const held = byGroup.get(group);
      byGroup.set(group, { key: held?.key ?? item.key, value: (held?.value ?? 0) + item.value }); // aliases of one place add up
    }
  }
  const tiles = PROVINCES.map((province) => {
    const group = chosen === 'region' ? province.region : province.zh;
    const hit = byGroup.get(group);
    const labelled = chosen === 'province' || REGIONS[province.region].anchor === province.zh;
    return { province, group, value: hit?.value ?? null, ...(hit ? { key: hit.key } : {}), labelled };
  });
  return { mode: chosen, tiles, unplaced };
}

/** The grid's size in tiles. */
export const GRID = { cols: Math.max(...PROVINCES.map((p) => p.col)) + 1, rows: Math.max(...PROVINCES.map((p) => p.row)) + 1 };
