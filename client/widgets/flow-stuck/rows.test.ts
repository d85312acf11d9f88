import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { flowStuckOptionsSchema } from './options';
import { stuckCustomerId, stuckHref, stuckRows } from './rows';
import { flowStuckSample } from './sample';

const zh = createI18n('zh-CN');
const NOW = Date.parse('2026-11-24T06:00:00Z');

describe('a stuck row links to its customer timeline', () => {
  it('with the customer map\'s id, the flow and the instance', () => {
    // encodeURIComponent('tax:91310115MA1K4LXX3Q') = 'tax%3A91310115MA1K4LXX3Q'; URLSearchParams encodes '/' as %2F.
    expect(stuckHref('order-to-delivery', { instance: 'salesforce/deal/0066F00000xQ1aZ', customer_id: 'tax:91310115MA1K4LXX3Q', account: { source: 'salesforce', id: '001' } }))
      .toBe('/c/tax%3A91310115MA1K4LXX3Q?flow=order-to-delivery&instance=salesforce%2Fdeal%2F0066F00000xQ1aZ');
  });
  it('without a customer id: the account as <source>:<id>', () => {
    expect(stuckCustomerId({ account: { source: 'erpnext', id: 'CUST 7/8' } })).toBe('erpnext:CUST 7/8');
    expect(stuckHref('f', { instance: 'erpnext/order/SO-1', account: { source: 'erpnext', id: 'CUST 7/8' } }))
      .toBe('/c/erpnext%3ACUST%207%2F8?flow=f&instance=erpnext%2Forder%2FSO-1');
  });
  it('nowhere without either', () => expect(stuckHref('f', { instance: 'salesforce/deal/1' })).toBeNull());
  it('a crafted id cannot leave the page: every character that could is encoded', () => {
    const href = stuckHref('f', { instance: 'x', customer_id: '//evil.example/?a#b' })!;
    expect(href.startsWith('/c/%2F%2Fevil.example%2F%3Fa%23b?')).toBe(true);
  });
});

describe('stuckRows on the sample at 2026-11-24 06:00 UTC', () => {
  const o = flowStuckOptionsSchema.parse({ steps: { confirmed: '订单确认', shipped: '发货' } });
  const rows = stuckRows(flowStuckSample.value, o, NOW, zh);
  it('step, department and customer in words, longest waiting first as sent', () => {
    expect(rows.map((r) => [r.step, r.department, r.customer])).toEqual([
      ['订单确认', '运营部', 'tax:91310115MA1K4LXX3Q'],
      ['订单确认', '运营部', 'salesforce:0016F00002fghIJ'],
      ['发货', '物流部', 'tax:91440300MA5F2KXX7B'],
      ['订单确认', '运营部', '未识别客户'],
    ]);
  });
  it('waited since waiting_since and overdue since due_at', () => {
    // Row 1: since 11-19 07:00 → 11-24 06:00 = 4 d 23 h; due 11-20 07:00 → 3 d 23 h past.
    expect([rows[0]!.waited, rows[0]!.overdue]).toEqual(['已等 4天23小时', '超 3天23小时']);
    // Row 3: since 11-20 03:30 → 4 d 2 h 30 min (two units: 4天2小时); due 11-21 07:30 → 2 d 22 h 30 min → 2天22小时.
    expect([rows[2]!.waited, rows[2]!.overdue]).toEqual(['已等 4天2小时', '超 2天22小时']);
  });
  it('the row without customer or account has no link', () => {
    expect(rows.map((r) => r.href === null)).toEqual([false, false, false, true]);
    expect(rows[1]!.href).toBe('/c/salesforce%3A0016F00002fghIJ?flow=order-to-delivery&instance=salesforce%2Fdeal%2F0066F00000xQ7bY');
  });
});
