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
