import { DEMO_CUSTOMERS } from './customers';

/** The fictional company's world: weighted regions, people and ticket subjects (its customers: customers.ts). */
export const REGIONS = [['华东', 35], ['华南', 22], ['华北', 18], ['华中', 10], ['西南', 8], ['西北', 4], ['东北', 3]] as const;

/** Sales reps: their region, and their user name in the simulated ERP (users sign in with e-mail there). */
export const SALES_REPS = [
  { name: '王磊', region: '华东', login: 'wang.lei' }, { name: '李娜', region: '华东', login: 'li.na' },
  { name: '张伟', region: '华南', login: 'zhang.wei' }, { name: '刘洋', region: '华北', login: 'liu.yang' },
  { name: '陈静', region: '华中', login: 'chen.jing' }, { name: '杨帆', region: '西南', login: 'yang.fan' },
  { name: '赵敏', region: '华北', login: 'zhao.min' }, { name: '周杰', region: '华南', login: 'zhou.jie' },
] as const;

/** The customers' everyday names (for synthetic data; the simulation uses customers.ts). */
export const CUSTOMERS: readonly string[] = DEMO_CUSTOMERS.map((c) => c.short);

/** Regions without a sales rep of their own, and the region whose reps serve them. */
export const REGION_TEAMS: Readonly<Record<string, string>> = { 西北: '西南', 东北: '华北' };

/** The sales reps who serve a region: its own, or those of the region that covers it. */
export function repsOf(region: string): readonly (typeof SALES_REPS)[number][] {
  const team = REGION_TEAMS[region] ?? region;
  return SALES_REPS.filter((r) => r.region === team);
}

/** The simulated company's own name, as its ERP and CRM know it. */
export const COMPANY = '星海科技有限公司';

export const AGENTS = ['小林', '小吴', '小郑', '小孙', '小何', '小高', '小罗', '小梁'] as const;

/** Ticket groups: who handles them, which department they belong to, and how often they occur. */
export const TICKET_GROUPS = [
  { group: 'L1', department: 'service', weight: 62 },
  { group: 'L2', department: 'service', weight: 16 },
  { group: 'VIP', department: 'service', weight: 6 },
  { group: '物流', department: 'logistics', weight: 9 },
  { group: '账务', department: 'finance', weight: 7 },
] as const;

export const TICKET_SUBJECTS: Record<string, readonly string[]> = {
  L1: ['无法登录账户', '订单状态查询', '发票抬头修改', '退货流程咨询', '优惠券无法使用', '修改收货地址'],
  L2: ['接口返回 500 错误', '数据同步延迟', '报表导出失败', '设备固件升级失败', '批量导入报错'],
  VIP: ['大客户专线：紧急停机', '年度合同续签咨询', '专属服务请求'],
  物流: ['快递超时未送达', '包裹破损', '物流信息不更新', '配送地址错误'],
  账务: ['重复扣款', '退款未到账', '对账单金额不符', '发票未收到'],
};

/** After-sales tickets about a delivered order: the group that takes them, how often, and what customers write. */
export const AFTER_SALES = [
  { group: 'L2', weight: 45, subjects: ['设备安装调试', '设备无法联网', '固件升级失败', '网关数据不上报'] },
  { group: 'L1', weight: 30, subjects: ['使用培训咨询', '配件缺失', '退换货申请', '保修期查询'] },
  { group: '账务', weight: 15, subjects: ['发票未收到', '对账单金额不符', '付款条件确认'] },
  { group: '物流', weight: 10, subjects: ['包裹破损', '少发漏发', '签收单回传'] },
] as const;

/** Subjects of a complaint about a shipment that is late to arrive. */
export const LATE_DELIVERY_SUBJECTS = ['快递超时未送达', '物流信息不更新', '催促发货进度'] as const;

/**
 * The groups a ticket of each group is passed to when nobody takes it (踢皮球): logistics and billing send a damaged
 * parcel's refund to each other, first line sends what it cannot answer on.
 */
export const PASSED_TO: Record<string, readonly string[]> = {
  L1: ['物流', '账务', 'L2'], L2: ['物流', 'L1'], 物流: ['账务', 'L1'], 账务: ['物流', 'L1'],
};

export const PRODUCTS = ['智能终端', '工业网关', '云服务套餐', '传感器模组', '运维服务包', '数据平台授权'] as const;

/**
 * The service desk's product lines (its Zendesk "产品线" drop-down): what a ticket is about, set by the agent from the
 * subject. 设备: the company's terminals, gateways and sensors; 软件: its cloud services and data platform; 物流 and
 * 账务: deliveries and money, whatever was bought.
 */
export const PRODUCT_LINES = ['设备', '软件', '物流', '账务'] as const;
export type ProductLine = (typeof PRODUCT_LINES)[number];

const LINE_OF_SUBJECT: Readonly<Record<string, ProductLine>> = {
  // First line and second line: devices, software, and the orders and money around them.
  无法登录账户: '软件', 订单状态查询: '物流', 发票抬头修改: '账务', 退货流程咨询: '物流', 优惠券无法使用: '账务', 修改收货地址: '物流',
  '接口返回 500 错误': '软件', 数据同步延迟: '软件', 报表导出失败: '软件', 设备固件升级失败: '设备', 批量导入报错: '软件',
  '大客户专线：紧急停机': '设备', 年度合同续签咨询: '账务', 专属服务请求: '软件',
  快递超时未送达: '物流', 包裹破损: '物流', 物流信息不更新: '物流', 配送地址错误: '物流', 少发漏发: '物流', 签收单回传: '物流', 催促发货进度: '物流',
  重复扣款: '账务', 退款未到账: '账务', 对账单金额不符: '账务', 发票未收到: '账务', 付款条件确认: '账务',
  // After-sales questions about a delivered order.
  设备安装调试: '设备', 设备无法联网: '设备', 固件升级失败: '设备', 网关数据不上报: '设备',
  使用培训咨询: '软件', 配件缺失: '设备', 退换货申请: '物流', 保修期查询: '设备',
};

/** A ticket's product line, from its subject (every subject the company writes has one), else from its group. */
export function productLineOf(subject: string | undefined, group: string | undefined): ProductLine {
  const bySubject = subject === undefined ? undefined : LINE_OF_SUBJECT[subject];
  if (bySubject) return bySubject;
  return group === '物流' ? '物流' : group === '账务' ? '账务' : group === 'L2' ? '软件' : '设备';
}

/** The subjects the company's tickets are written with, for checking that each has its product line. */
export const ALL_SUBJECTS: readonly string[] = [...new Set([...Object.values(TICKET_SUBJECTS).flat(),
  ...AFTER_SALES.flatMap((a) => a.subjects), ...LATE_DELIVERY_SUBJECTS])];
export const subjectHasProductLine = (subject: string): boolean => Object.hasOwn(LINE_OF_SUBJECT, subject);

/**
 * Where a deal came from: Salesforce's standard Opportunity `LeadSource` picklist values, with how often the company's
 * leads come from each. Partner referrals are a quarter of them.
 */
export const LEAD_SOURCES = [['Web', 30], ['Phone Inquiry', 20], ['Partner Referral', 25], ['Purchased List', 10], ['Other', 15]] as const;

/**
 * A deal's lead source, derived from its id (a stable hash, not the simulation's random numbers: drawing more of those
 * would change every later draw and so the whole company).
 */
export function leadSourceOf(dealId: string): (typeof LEAD_SOURCES)[number][0] {
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < dealId.length; i++) h = Math.imul(h ^ dealId.charCodeAt(i), 0x01000193) >>> 0;
  const total = LEAD_SOURCES.reduce((s, [, w]) => s + w, 0);
  let r = h % total;
  for (const [source, w] of LEAD_SOURCES) { if ((r -= w) < 0) return source; }
  return LEAD_SOURCES[0][0];
}
