import { describe, expect, it } from 'vitest';
import { createI18n, detectLocale } from './index';
import { en, zhCN } from './messages';
import { SLA_METRICS } from '../../server/protocol';

describe('i18n', () => {
  it('en has exactly the zh-CN keys', () => expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort()));
  it('fills parameters', () => expect(createI18n('zh-CN').t('banner.age', { elapsed: '1分05秒' })).toBe('数据已 1分05秒 未更新'));
  it('translates canonical keys by group', () => {
    const zh = createI18n('zh-CN');
    expect(zh.label('in_fulfilment', 'order_status')).toBe('履约中');
    expect(zh.label('new', 'ticket_status')).toBe('新建');
    expect(zh.label('negotiation')).toBe('商务谈判');
    expect(createI18n('en').label('at_risk', 'health')).toBe('At risk');
  });
  it('leaves record text alone', () => expect(createI18n('zh-CN').label('华东')).toBe('华东'));
  it('does not treat object keys as messages', () => expect(createI18n('zh-CN').label('constructor')).toBe('constructor'));
  it('detects and remembers the language', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(detectLocale('', storage)).toBe('zh-CN');
    expect(detectLocale('?lang=en', storage)).toBe('en');
    expect(detectLocale('', storage)).toBe('en');
  });
});

describe('SLA metric labels', () => {
  it('names every SLA metric the hub can send, in both languages', () => {
    for (const [locale, dict] of [['zh-CN', zhCN], ['en', en]] as const) {
      for (const metric of SLA_METRICS) expect(dict, `${locale}: ${metric}`).toHaveProperty([`sla_metric.${metric}`]);
    }
  });
});

describe('one meaning per word on an alert card', () => {
  it('确认 on the alert feed, the phone\'s alert list and the takeover only ever means acknowledge', () => {
    // What such a card can show: its kind, state, SLA metric, priority and the acknowledge controls. A rule waiting out
    // its `for` reads 观察中, an order's 已确认 status is never on one.
    const onCards = Object.entries(zhCN).filter(([key]) => /^(alertFeed|mobileAlerts|takeover|sla_metric|ticket_priority)\./.test(key));
    expect(onCards.filter(([, text]) => text.includes('确认')).map(([key]) => key).sort()).toEqual([
      'alertFeed.ackBy', 'alertFeed.acknowledged', 'mobileAlerts.ack', 'mobileAlerts.acking', 'mobileAlerts.failed', 'mobileAlerts.needName',
    ]);
    expect(zhCN['alertFeed.pending']).toBe('观察中');
  });
});
