// The "Define your own" guide (docs/src/metrics/70-define-your-own.md) proved: every definition file it shows loads,
// each worked example gives the value worked by hand in the guide, and each refusal it shows is the checks' own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinMetrics } from '../catalogue';
import { deal, order as flowOrder, toDeal } from '../../tests/support/flows';
import { flowsConfigSchema } from '../flows';
import type { SourcedRecord } from '../model';
import { CATALOGUE, createEngine, type MetricDefinition } from '../metrics';
import type { MetricPayload } from '../protocol';
import { parseDefinition } from './check';
import { compileDefinition } from './compile';

const GUIDE = readFileSync(new URL('../../docs/src/metrics/70-define-your-own.md', import.meta.url), 'utf8');
/** Every built-in id, in code and in the shipped definition files: a company file may use none of them. */
const BUILTIN_IDS = builtinMetrics().map((m) => m.id);

/** Every ```json block of the guide that is a definition (has an id), as its text: what a team saves in metrics/. */
const FILES = new Map([...GUIDE.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!)
  .filter((text) => typeof (JSON.parse(text) as { id?: unknown }).id === 'string')
  .map((text) => [(JSON.parse(text) as { id: string }).id, text]));

/** A file of the guide with one mistake made in its text. */
function withMistake(id: string, from: string, to: string): string {
  const text = FILES.get(id);
  if (!text?.includes(from)) throw new Error(`the guide's ${id} has no ${from}`);
  return text.replace(from, to);
}

// "Now" of the worked examples: 10 March 2025, 12:30 in Shanghai (04:30Z). Today starts 2025-03-09T16:00Z, the month
// 2025-02-28T16:00Z, the last 30 days 2025-02-08T04:30Z.
const NOW = Date.parse('2025-03-10T04:30:00Z');

function engine(def: MetricDefinition, stored: SourcedRecord[]) {
  return createEngine({
    timezone: 'Asia/Shanghai', policies: [], catalogue: [...CATALOGUE, def] as never, replay: () => stored,
    freshness: () => ({ asOf: '2025-03-10T04:30:00.000Z', stale: false }), flows: [ORDER_TO_DELIVERY],
  });
}

/** The guide's file `id`, parsed, checked and compiled (failing the test on any problem). */
function compiled(id: string): MetricDefinition {
  const parsed = parseDefinition(JSON.parse(FILES.get(id)!), BUILTIN_IDS);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return compileDefinition(parsed.definition) as unknown as MetricDefinition;
}

/** The guide's file `id` run over `records` with its default params. */
function valueOf(id: string, records: SourcedRecord[]): MetricPayload {
  const e = engine(compiled(id), records);
  const [key] = e.ensure([{ id, params: {} }], NOW);
  e.collect(NOW);
  return e.current(key!)!.value;
}

/** The business flow of example 6, as the demo configures it (targets and calendars play no part in a time between steps). */
const ORDER_TO_DELIVERY = flowsConfigSchema.parse([{ id: 'order-to-delivery', steps: [
  { id: 'won', on: { type: 'deal', stage: 'won' }, department: 'sales' },
  { id: 'confirmed', on: { type: 'order', status: 'confirmed' }, department: 'operations' },
  { id: 'shipped', on: { type: 'order', status: 'shipped' }, department: 'logistics' },
  { id: 'delivered', on: { type: 'order', status: 'delivered' }, department: 'logistics' },
  { id: 'aftersales', on: { type: 'ticket', event: 'created' }, department: 'service', optional: true },
] }])[0]!;

const base = { source: 'demo' } as const;
const order = (id: string, created: string, fields: Record<string, unknown>): SourcedRecord =>
  ({ ...base, type: 'order', id, created_at: created, updated_at: created, ...fields } as SourcedRecord);

describe('the guide\'s definition files', () => {
  it('are six, and each parses and passes the checks (no id of a built-in)', () => {
    expect([...FILES.keys()]).toEqual(['sales.big_online_orders', 'sales.partner_deal_win_rate', 'service.tickets_by_product_line',
      'service.time_to_solve', 'finance.billed_amount_by_region', 'operations.won_to_shipped']);
    for (const [id, text] of FILES) {
      expect(parseDefinition(JSON.parse(text), BUILTIN_IDS), id).toMatchObject({ ok: true });
      expect(BUILTIN_IDS).not.toContain(id);
    }
  });
});

describe('the guide\'s worked examples, through compileDefinition and the engine', () => {
  it('1. large online orders: A, B and D of five', () => {
    const records = [
      order('A', '2025-03-10T01:00:00.000Z', { channel: 'online', status: 'new', amount: 120000, currency: 'CNY', amount_reporting: 120000 }),
      order('B', '2025-03-10T01:10:00.000Z', { channel: 'online', status: 'shipped', amount: 100000, currency: 'CNY', amount_reporting: 100000 }),
      order('C', '2025-03-10T01:20:00.000Z', { channel: 'online', status: 'cancelled', amount: 250000, currency: 'CNY', amount_reporting: 250000 }),
      // USD 15,000 × 7.1 = CNY 106,500, as the hub converts it at ingest (Money, rule 3)
      order('D', '2025-03-10T02:00:00.000Z', { channel: 'online', status: 'confirmed', amount: 15000, currency: 'USD', amount_reporting: 106500 }),
      order('E', '2025-03-10T02:30:00.000Z', { channel: 'store', status: 'new', amount: 300000, currency: 'CNY', amount_reporting: 300000 }),
    ];
    // By hand: A (120,000), B (exactly 100,000: gte), D (106,500) count; C cancelled, E not online → 3. Nothing yesterday.
    expect(valueOf('sales.big_online_orders', records)).toEqual({ kind: 'scalar', value: 3, previous: 0 });
    expect(compiled('sales.big_online_orders').money).toBeUndefined(); // a count: the filter's amount does not make it money
    expect(GUIDE).toContain('the value is **3** 单 (A, B, D)');
  });

  it('2. partner deal win rate: 2 won of 3 decided', () => {
    const deal = (id: string, stage: string, extra: Record<string, unknown>, day: string) =>
      ({ ...base, type: 'deal', id, stage, amount: 10000, created_at: `2025-03-0${day}T02:00:00.000Z`, updated_at: '2025-03-10T02:00:00.000Z', extra } as SourcedRecord);
    const records = [
      deal('D1', 'won', { LeadSource: 'Partner' }, '1'),
      deal('D2', 'lost', { LeadSource: 'Partner Referral' }, '2'),
      deal('D3', 'won', { LeadSource: 'Web', Partner_Account__c: '0015g00000XyZ1' }, '3'),
      deal('D4', 'negotiation', { LeadSource: 'Partner' }, '4'),
      deal('D5', 'won', { LeadSource: 'Web' }, '5'),
    ];
    // By hand: partner-sourced D1–D4 (D3 by its partner account); decided D1, D2, D3; won D1, D3 → 2 / 3 = 66.66…% → 66.7.
    // The 30 days before hold none → 0.
    expect(valueOf('sales.partner_deal_win_rate', records)).toEqual({ kind: 'scalar', value: 66.7, previous: 0 });
    expect(GUIDE).toContain('= 66.66…% → **66.7** %');
  });

  it('3. tickets by product line: the top three, ties by code point, the rest under 其他', () => {
    const ticket = (id: string, line: string) => ({ ...base, type: 'ticket', id, priority: 'normal', status: 'open',
      created_at: '2025-03-10T01:00:00.000Z', updated_at: '2025-03-10T01:00:00.000Z', extra: { product_line: line } } as SourcedRecord);
    const records = [ticket('T1', '软件'), ticket('T2', '软件'), ticket('T3', '设备'), ticket('T4', '物流'), ticket('T5', '账务')];
    // By hand: 软件 2; 设备, 物流, 账务 1 each, ordered by code point 物 U+7269 < 设 U+8BBE < 账 U+8D26: top 3 shows
    // 软件, 物流, 设备; 账务 folds into 其他 (1).
    expect(valueOf('service.tickets_by_product_line', records)).toEqual({ kind: 'breakdown', items: [
      { key: '软件', value: 2 }, { key: '物流', value: 1 }, { key: '设备', value: 1 }, { key: '其他', value: 1 }] });
    expect(GUIDE).toContain('**软件 2, 物流 1, 设备 1, 其他 1**');
  });

  it('4. time to solve: p90 12,240 s over the four tickets solved today, the API one left out', () => {
    // Each ticket is new from its creation, as the service metrics take it; the events say so, then the solve.
    const ticket = (id: string, channel: string, created: string, solved: string) => ({ ...base, type: 'ticket', id, channel,
      priority: 'normal', status: 'solved', created_at: created, updated_at: solved,
      events: [{ at: created, kind: 'status', to: 'new' }, { at: solved, kind: 'status', to: 'solved' }] } as SourcedRecord);
    const records = [
      ticket('T1', 'web', '2025-03-10T01:00:00.000Z', '2025-03-10T01:30:00.000Z'), // 09:00 → 09:30 local: 1,800 s
      ticket('T2', 'email', '2025-03-10T00:00:00.000Z', '2025-03-10T01:00:00.000Z'), // 08:00 → 09:00: 3,600 s
      ticket('T3', 'web', '2025-03-09T14:00:00.000Z', '2025-03-09T18:00:00.000Z'), // 9 Mar 22:00 → 10 Mar 02:00: 14,400 s
      ticket('T4', 'api', '2025-03-10T00:00:00.000Z', '2025-03-10T00:10:00.000Z'), // API: left out
      ticket('T5', 'web', '2025-03-10T02:00:00.000Z', '2025-03-10T04:00:00.000Z'), // 10:00 → 12:00: 7,200 s
    ];
    // By hand, sorted 1,800, 3,600, 7,200, 14,400: p90 h = 3 × 0.9 = 2.7 → 7,200 + 0.7 × 7,200 = 12,240;
    // p50 h = 1.5 → 3,600 + 0.5 × 3,600 = 5,400; mean 27,000 / 4 = 6,750.
    expect(valueOf('service.time_to_solve', records)).toEqual({ kind: 'durations', count: 4, p50_s: 5400, p90_s: 12240, mean_s: 6750 });
    expect(GUIDE).toContain('7,200 + 0.7 × 7,200 = **12,240 s**');
  });

  it('5. billed amount this month by region: 华东 80,000.50, 华南 14,360', () => {
    const so = (id: string, region: string, created: string, billing: string, amount: number, more: Record<string, unknown> = {}) =>
      order(id, created, { region, status: 'delivered', amount, currency: 'CNY', amount_reporting: amount, extra: { billing_status: billing }, ...more });
    const records = [
      so('SO-0871', '华东', '2025-03-03T02:00:00.000Z', 'Fully Billed', 50000),
      so('SO-0874', '华东', '2025-03-08T02:00:00.000Z', 'Fully Billed', 30000.5),
      // USD 2,000 with ERPNext's base 14,360 CNY: the hub takes the base (Money, rule 1)
      so('SO-0880', '华南', '2025-03-09T02:00:00.000Z', 'Fully Billed', 2000,
        { currency: 'USD', base_amount: 14360, base_currency: 'CNY', amount_reporting: 14360 }),
      so('SO-0881', '华南', '2025-03-09T03:00:00.000Z', 'Not Billed', 80000),
      so('SO-0850', '华东', '2025-02-27T02:00:00.000Z', 'Fully Billed', 20000), // last month
    ];
    // By hand: 华东 50,000 + 30,000.50 = 80,000.50; 华南 14,360 (SO-0881 not billed); SO-0850 before 1 March.
    expect(compiled('finance.billed_amount_by_region').money).toBe('value'); // a sum over amount is money
    expect(valueOf('finance.billed_amount_by_region', records)).toEqual({ kind: 'breakdown', items: [
      { key: '华东', value: 80000.5 }, { key: '华南', value: 14360 }] });
    expect(GUIDE).toContain('**华东 80,000.50, 华南 14,360** CNY');
  });

  it('6. won to shipped: p90 217,440 s over the three instances shipped in the last 7 days', () => {
    // Local times in Shanghai, UTC+8: 3 Mar 10:00 is 02:00Z.
    const records = [
      deal('F1', [['won', '2025-03-03T02:00:00Z']]), // won 3 Mar 10:00, shipped 4 Mar 16:00: 30 h = 108,000 s
      flowOrder('O1', [['new', '2025-03-03T03:00:00Z'], ['confirmed', '2025-03-03T05:00:00Z'], ['shipped', '2025-03-04T08:00:00Z']], { links: [toDeal('F1')] }),
      deal('F2', [['won', '2025-03-06T01:00:00Z']]), // 6 Mar 09:00 → 17:00: 28,800 s
      flowOrder('O2', [['new', '2025-03-06T02:00:00Z'], ['confirmed', '2025-03-06T03:00:00Z'], ['shipped', '2025-03-06T09:00:00Z']], { links: [toDeal('F2')] }),
      deal('F3', [['won', '2025-03-07T07:00:00Z']]), // 7 Mar 15:00 → 10 Mar 11:00: 68 h = 244,800 s
      flowOrder('O3', [['new', '2025-03-07T08:00:00Z'], ['confirmed', '2025-03-08T02:00:00Z'], ['shipped', '2025-03-10T03:00:00Z']], { links: [toDeal('F3')] }),
      // F4: an order without a deal, shipped 9 Mar 10:00: never won, left out. F5: won 9 Mar 10:00, no order: not shipped.
      flowOrder('F4', [['new', '2025-03-08T01:00:00Z'], ['confirmed', '2025-03-08T02:00:00Z'], ['shipped', '2025-03-09T02:00:00Z']]),
      deal('F5', [['won', '2025-03-09T02:00:00Z']]),
    ];
    // By hand, sorted 28,800, 108,000, 244,800: p90 h = 2 × 0.9 = 1.8 → 108,000 + 0.8 × 136,800 = 217,440; p50 h = 1 →
    // 108,000; mean 381,600 / 3 = 127,200. 7d runs from 3 Mar 12:30 local: F1 shipped 4 Mar is in.
    expect(valueOf('operations.won_to_shipped', records)).toEqual({ kind: 'durations', count: 3, p50_s: 108000, p90_s: 217440, mean_s: 127200 });
    expect(GUIDE).toContain('108,000 + 0.8 × 136,800 = **217,440 s**');
  });
});

describe('the refusals the guide shows', () => {
  /** Each `file:line:column path: message` line of the guide's ```text blocks. */
  const shown = [...GUIDE.matchAll(/```text\n(\S+?):(\d+):(\d+) (\S+): (.*)\n```/g)]
    .map((m) => ({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), path: m[4]!, message: m[5]! }));
  const mistakes: Record<string, string> = {
    'group_by.field': withMistake('service.tickets_by_product_line', '"field": "extra.product_line"', '"field": "product_line"'),
    'measure.sum': withMistake('finance.billed_amount_by_region', '{ "sum": "amount" }', '{ "sum": "region" }'),
    'filter.all[1].gte': withMistake('sales.big_online_orders', '"gte": 100000', '"gte": "10万"'),
    id: withMistake('sales.big_online_orders', '"id": "sales.big_online_orders"', '"id": "orders.by_region"'),
    'group_by.max_groups': withMistake('finance.billed_amount_by_region', '"group_by": { "field": "region", "max_groups": 100 }',
      '"group_by": { "field": "customer", "max_groups": 20000 }'),
  };

  it('are the five kinds, each the checks\' own message, placed at its key in the file', () => {
    expect(shown.map((s) => s.path)).toEqual(Object.keys(mistakes));
    for (const s of shown) {
      const text = mistakes[s.path]!;
      const input = JSON.parse(text) as { id: string };
      expect(s.file).toBe(`${input.id}.json`); // a file is named after its id
      const parsed = parseDefinition(input, BUILTIN_IDS);
      expect(parsed.ok ? [] : parsed.problems, s.path).toEqual([{ path: s.path, message: s.message }]);
      // The place: the line and column of the last key of the path, as an editor jumps to it.
      const key = s.path.split('.').pop()!.replace(/\[\d+\]$/, '');
      expect(text.split('\n')[s.line - 1]!.slice(s.column - 1), s.path).toMatch(new RegExp(`^"${key}"`));
    }
  });
});
