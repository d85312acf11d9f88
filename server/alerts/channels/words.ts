/** The words of a notification, per language (the wall's default is zh-CN). */
export type Language = 'zh-CN' | 'en';
export const LANGUAGES = ['zh-CN', 'en'] as const;

export interface Words {
  firing: string;
  resolved: string;
  /** "2 alerts", or "2 firing, 1 resolved" when a firing batch also carries resolved alerts. */
  count(firing: number, resolved: number): string;
  repeat: string;
  /** Between a fact's label and its value. */
  colon: string;
  kinds: Record<string, string>;
  priorities: Record<string, string>;
  severities: Record<string, string>;
  facts: { priority: string; due: string; late: string; assignee: string; group: string; severity: string; value: string; source: string; department: string };
  rule: string;
  marks: { acknowledged: string; resolved: string; unconfirmed: string };
  more(n: number): string;
}

export const WORDS: Record<Language, Words> = {
  'zh-CN': {
    firing: '【告警】',
    resolved: '【已恢复】',
    count: (f, r) => (r > 0 && f > 0 ? `${f} 条告警，${r} 条已恢复` : `${f + r} 条`),
    repeat: '（重复提醒）',
    colon: '：',
    kinds: { at_risk: 'SLA 即将超时', breach: 'SLA 已超时', rule: '规则告警' },
    priorities: { urgent: '紧急', high: '高', normal: '普通', low: '低' },
    severities: { critical: '严重', warning: '警告', info: '提示' },
    facts: { priority: '优先级', due: '到期', late: '已超时', assignee: '处理人', group: '处理组', severity: '级别', value: '当前值', source: '数据源', department: '责任部门' },
    rule: '规则',
    marks: { acknowledged: '已认领', resolved: '已恢复', unconfirmed: '未经确认（数据源故障）' },
    more: (n) => `……还有 ${n} 条未列出`,
  },
  en: {
    firing: '[FIRING] ',
    resolved: '[RESOLVED] ',
    count: (f, r) => (r > 0 && f > 0 ? `${f} firing, ${r} resolved` : `${f + r} ${f + r === 1 ? 'alert' : 'alerts'}`),
    repeat: ' (repeat)',
    colon: ': ',
    kinds: { at_risk: 'SLA at risk', breach: 'SLA breached', rule: 'Rule alert' },
    priorities: {},
    severities: {},
    facts: { priority: 'Priority', due: 'Due', late: 'Late by', assignee: 'Assignee', group: 'Group', severity: 'Severity', value: 'Value', source: 'Source', department: 'Department' },
    rule: 'Rule',
    marks: { acknowledged: 'acknowledged', resolved: 'resolved', unconfirmed: 'unconfirmed (source failing)' },
    more: (n) => `…and ${n} more`,
  },
};
