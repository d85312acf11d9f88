/**
 * The simulated company's customers: companies, each known to the three simulated vendors under its own spelling.
 * Nothing but the tax id is the same in the three systems (in each system's own field), as in a company whose CRM,
 * ERP and service desk were set up by different teams: the demo config's customer map joins them on the tax id.
 */

/** Characters of a 统一社会信用代码 (GB 32100-2015: digits and capitals without I, O, S, V, Z), each worth its index. */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of its first 17 characters: 3^i mod 31. */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714 organisation code: its 8 body characters' weights; characters are worth 0–9 and A=10 … Z=35. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A 统一社会信用代码 with both check characters worked out: `91` (registered with the market regulator, an enterprise),
 * the 6-digit division code of the registering authority, the 8-character organisation code body and its GB 11714
 * check character, then the GB 32100 check character over the first 17.
 */
export function creditCode(division: string, body: string): string {
  if (!/^\d{6}$/.test(division) || !/^[0-9A-HJ-NPQRTUWXY]{8}$/.test(body)) throw new Error(`not a division code and organisation code body: ${division} ${body}`);
  const orgSum = [...body].reduce((s, c, i) => s + ORG_CHARS.indexOf(c) * ORG_WEIGHTS[i]!, 0);
  const orgCheck = (11 - (orgSum % 11)) % 11;
  const first17 = `91${division}${body}${orgCheck === 10 ? 'X' : String(orgCheck)}`;
  const sum = [...first17].reduce((s, c, i) => s + CREDIT_CHARS.indexOf(c) * CREDIT_WEIGHTS[i]!, 0);
  return first17 + CREDIT_CHARS[(31 - (sum % 31)) % 31]!;
}

export type Region = '华东' | '华南' | '华北' | '华中' | '西南' | '西北' | '东北';

export interface DemoCustomer {
  /** The simulation's own key for the customer: what its records carry as `account_id` (each vendor has its own id). */
  key: string;
  /** How the company's people call it: the opportunity and order names. */
  short: string;
  /** Where it is, and so which sales region serves it and the ERP territory of its orders. */
  region: Region;
  /** How much business it brings, relative to the others. */
  weight: number;
  /** The currency its deals and orders are in (the books are in CNY). */
  currency: string;
  /** Its tax id as each vendor holds it: a 统一社会信用代码, or the tax number of its own country. */
  taxId: string;
  /** Its name in each vendor: the legal name in the CRM, the ERP clerk's short form, the service desk's English one. */
  names: { salesforce: string; erpnext: string; zendesk: string };
  /** For the CRM's Account: the standard Industry picklist, the billing city and country. */
  industry: string;
  city: string;
  country: string;
  /** Strategic accounts are tagged in the service desk. */
  tier: 'strategic' | 'key' | 'standard';
  /** The service desk's e-mail domain for the organisation (users are matched to it by their address). */
  domain: string;
  /** Days before the simulated history began that the customer was first entered (each vendor later than the CRM). */
  since: number;
}

const c = (key: string, short: string, region: Region, weight: number, tax: string, names: DemoCustomer['names'],
  industry: string, city: string, tier: DemoCustomer['tier'], since: number, currency = 'CNY', country = 'China'): DemoCustomer =>
  ({ key, short, region, weight, currency, taxId: tax, names, industry, city, country, tier, domain: `${key}.example`, since });

/** The companies the simulated company sells to. */
export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  c('huaxin', '华信科技', '华南', 9, creditCode('440300', 'MA5F2K8L'),
    { salesforce: '深圳市华信科技有限公司', erpnext: '华信科技（深圳）', zendesk: 'Huaxin Tech (华信)' }, 'Technology', '深圳', 'strategic', 1210),
  c('dongfang', '东方物流', '华东', 8, creditCode('310115', '13220486'),
    { salesforce: '上海东方物流股份有限公司', erpnext: '东方物流', zendesk: 'Dongfang Logistics 东方物流' }, 'Transportation', '上海', 'strategic', 1480),
  c('jinqiao', '金桥贸易', '华东', 5, creditCode('330203', 'MA2H7C3N'),
    { salesforce: '宁波金桥贸易有限公司', erpnext: '宁波金桥', zendesk: 'Jinqiao Trading' }, 'Retail', '宁波', 'key', 860),
  c('yuanhang', '远航电子', '华南', 4, '47-3810526',
    { salesforce: 'Voyager Electronics Inc.', erpnext: '远航电子（美国）', zendesk: 'Voyager Electronics (远航)' }, 'Electronics', 'San Jose', 'key', 720, 'USD', 'United States'),
  c('ruifeng', '瑞丰食品', '华中', 4, creditCode('410100', '74187236'),
    { salesforce: '河南瑞丰食品股份有限公司', erpnext: '瑞丰食品', zendesk: 'Ruifeng Foods' }, 'Food & Beverage', '郑州', 'standard', 940),
  c('hengtong', '恒通建材', '西南', 4, creditCode('510100', 'MA61W9RJ'),
    { salesforce: '成都恒通建材有限责任公司', erpnext: '恒通建材-成都', zendesk: 'Hengtong Building Materials' }, 'Construction', '成都', 'standard', 610),
  c('xintiandi', '新天地百货', '华北', 5, creditCode('110105', '80225731'),
    { salesforce: '北京新天地百货有限公司', erpnext: '新天地百货', zendesk: 'New Horizon Department Store (新天地)' }, 'Retail', '北京', 'key', 1330),
  c('boya', '博雅教育', '华东', 4, creditCode('330106', 'MA27XB5D'),
    { salesforce: '杭州博雅教育科技有限公司', erpnext: '博雅教育', zendesk: 'Boya Education' }, 'Education', '杭州', 'standard', 520),
  c('dingsheng', '鼎盛医疗', '华南', 6, creditCode('440106', '68330915'),
    { salesforce: '广州鼎盛医疗器械有限公司', erpnext: '鼎盛医疗器械', zendesk: 'Dingsheng Medical' }, 'Healthcare', '广州', 'key', 1050),
  c('changcheng', '长城汽配', '东北', 5, creditCode('220104', '12437809'),
    { salesforce: '长春长城汽车配件有限公司', erpnext: '长城汽配', zendesk: 'Great Wall Auto Parts (长春)' }, 'Manufacturing', '长春', 'key', 1620),
  c('haichuan', '海川水产', '华南', 3, '61958273',
    { salesforce: '海川水產（香港）有限公司', erpnext: '海川水产（香港）', zendesk: 'Haichuan Seafood HK' }, 'Food & Beverage', 'Hong Kong', 'standard', 480, 'HKD', 'Hong Kong'),
  c('mingde', '明德家居', '华南', 4, creditCode('440604', 'MA4W3T1P'),
    { salesforce: '佛山市明德家居用品有限公司', erpnext: '明德家居', zendesk: 'Mingde Home' }, 'Manufacturing', '佛山', 'standard', 400),
  c('xingchen', '星辰传媒', '西北', 4, creditCode('610113', 'MA6U8E2Q'),
    { salesforce: '西安星辰文化传媒有限公司', erpnext: '星辰传媒', zendesk: 'Xingchen Media' }, 'Media', '西安', 'standard', 350),
  c('wanda', '万达五金', '华东', 4, creditCode('330302', '70454128'),
    { salesforce: '温州万达五金制品有限公司', erpnext: '万达五金（温州）', zendesk: 'Wanda Hardware' }, 'Manufacturing', '温州', 'standard', 1190),
  c('kaixuan', '凯旋服饰', '华东', 3, creditCode('350203', 'MA31N7GK'),
    { salesforce: '厦门凯旋服饰有限公司', erpnext: '凯旋服饰', zendesk: 'Kaixuan Apparel' }, 'Apparel', '厦门', 'standard', 300),
  c('zhongke', '中科仪器', '华北', 3, 'DE318246570',
    { salesforce: 'Zhongke Instruments GmbH', erpnext: '中科仪器（德国）', zendesk: 'Zhongke Instruments Europe' }, 'Machinery', 'München', 'standard', 670, 'EUR', 'Germany'),
  c('hongtu', '宏图印务', '华中', 3, creditCode('420106', '30019562'),
    { salesforce: '武汉宏图印务有限公司', erpnext: '宏图印务', zendesk: 'Hongtu Printing' }, 'Manufacturing', '武汉', 'standard', 820),
  c('tiancheng', '天成能源', '华北', 5, creditCode('140105', 'MA0K4D7H'),
    { salesforce: '天成能源集团股份有限公司', erpnext: '天成能源', zendesk: 'Tiancheng Energy Group' }, 'Energy', '太原', 'strategic', 1750),
  c('qilu', '齐鲁精工', '华东', 4, creditCode('370102', '16305247'),
    { salesforce: '济南齐鲁精工机械有限公司', erpnext: '齐鲁精工', zendesk: 'Qilu Precision' }, 'Machinery', '济南', 'standard', 990),
  c('tianshan', '天山新材', '西北', 3, creditCode('650104', 'MA7N2R6C'),
    { salesforce: '乌鲁木齐天山新材料有限公司', erpnext: '天山新材料', zendesk: 'Tianshan New Materials' }, 'Chemicals', '乌鲁木齐', 'standard', 260),
  c('songhua', '松花江乳业', '东北', 3, creditCode('230103', '57684093'),
    { salesforce: '哈尔滨松花江乳业有限公司', erpnext: '松花江乳业', zendesk: 'Songhuajiang Dairy' }, 'Food & Beverage', '哈尔滨', 'standard', 1270),
  c('bayu', '巴渝机电', '西南', 4, creditCode('500105', 'MA5U1H8X'),
    { salesforce: '重庆巴渝机电设备有限公司', erpnext: '巴渝机电', zendesk: 'Bayu Electromechanical' }, 'Engineering', '重庆', 'standard', 580),
  c('xiangjiang', '湘江智造', '华中', 3, creditCode('430104', 'MA4L9P0B'),
    { salesforce: '长沙湘江智能制造有限公司', erpnext: '湘江智造', zendesk: 'Xiangjiang Smart Manufacturing' }, 'Manufacturing', '长沙', 'standard', 200),
  c('haihe', '海河港务', '华北', 4, creditCode('120116', '23960178'),
    { salesforce: '天津海河港务物流有限公司', erpnext: '海河港务', zendesk: 'Haihe Port Logistics' }, 'Shipping', '天津', 'key', 1400),
];

/**
 * The ERP's customer for online-shop and walk-in sales: one Individual customer, no tax id, in the ERP only (the CRM
 * never sees these buyers, the service desk knows them as end users without an organisation). Its account is the
 * one the customer map cannot match: listed as unmatched, as such accounts are in a real deployment.
 */
export const RETAIL_CUSTOMER = { key: 'retail', short: '电商零售客户', erpnext: '电商平台零售客户', since: 1800 } as const;

const byKey = new Map(DEMO_CUSTOMERS.map((x) => [x.key, x]));
/** The customer with this key (undefined: the retail customer, or none). */
export const customerOf = (key: string | undefined): DemoCustomer | undefined => (key === undefined ? undefined : byKey.get(key));
