/** The fictional company's world: weighted regions, people, customers and ticket subjects. */
export const REGIONS = [['华东', 35], ['华南', 22], ['华北', 18], ['华中', 10], ['西南', 8], ['西北', 4], ['东北', 3]] as const;

/** Sales reps: their region, and their user name in the simulated ERP (users sign in with e-mail there). */
export const SALES_REPS = [
  { name: '王磊', region: '华东', login: 'wang.lei' }, { name: '李娜', region: '华东', login: 'li.na' },
  { name: '张伟', region: '华南', login: 'zhang.wei' }, { name: '刘洋', region: '华北', login: 'liu.yang' },
  { name: '陈静', region: '华中', login: 'chen.jing' }, { name: '杨帆', region: '西南', login: 'yang.fan' },
  { name: '赵敏', region: '华北', login: 'zhao.min' }, { name: '周杰', region: '华南', login: 'zhou.jie' },
] as const;

/** The simulated company's own name, as its ERP and CRM know it. */
export const COMPANY = '星海科技有限公司';

export const AGENTS = ['小林', '小吴', '小郑', '小孙', '小何', '小高', '小罗', '小梁'] as const;

export const CUSTOMERS = [
  '华信科技', '东方物流', '金桥贸易', '远航电子', '瑞丰食品', '恒通建材', '新天地百货', '博雅教育', '鼎盛医疗',
  '长城汽配', '海川水产', '明德家居', '星辰传媒', '万达五金', '凯旋服饰', '中科仪器', '宏图印务', '天成能源',
] as const;

/** Ticket groups: who handles them, which department they belong to, and how often they occur. */
export const TICKET_GROUPS = [
  { group: 'L1', department: 'service', weight: 62 },
  { group: 'L2', department: 'service', weight: 16 },
  { group: 'VIP', department: 'service', weight: 6 },
  { group: '物流', department: 'operations', weight: 9 },
  { group: '账务', department: 'finance', weight: 7 },
] as const;

export const TICKET_SUBJECTS: Record<string, readonly string[]> = {
  L1: ['无法登录账户', '订单状态查询', '发票抬头修改', '退货流程咨询', '优惠券无法使用', '修改收货地址'],
  L2: ['接口返回 500 错误', '数据同步延迟', '报表导出失败', '设备固件升级失败', '批量导入报错'],
  VIP: ['大客户专线：紧急停机', '年度合同续签咨询', '专属服务请求'],
  物流: ['快递超时未送达', '包裹破损', '物流信息不更新', '配送地址错误'],
  账务: ['重复扣款', '退款未到账', '对账单金额不符', '发票未收到'],
};

export const PRODUCTS = ['智能终端', '工业网关', '云服务套餐', '传感器模组', '运维服务包', '数据平台授权'] as const;
