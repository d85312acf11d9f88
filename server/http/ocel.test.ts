import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CN, FLOW, deal, key, order, ticket, toDeal, toOrder } from '../../tests/support/flows';
import { FlowIndex, flowRecordKey } from '../flows';
import type { SourcedRecord } from '../model';
import { ocelChunks, type OcelInput } from './ocel';

// The OCEL 2.0 export of a small flow worked by hand, validated against the published schema
// (fixtures/ocel/ocel2-schema.json) and read back by PM4Py's rules (its importer drops relations to unknown objects,
// events left with no relation, objects no event relates to, and object-to-object links whose end was dropped).
//
// D1 (crm, account 001A → customer C-1) won 03-07 08:00Z; O1 (erp, account CUST-1 → C-1, links D1) new 03-07 09:00Z,
// confirmed 03-11 02:30Z, shipped 03-13 03:00Z, delivered 03-15 03:00Z; T1 (desk, no account, links O1) created
// 03-17 01:00Z. D2 (crm, account ACC-2, matched to nobody → customer crm:ACC-2) won 03-18 02:00Z, no order.
const D1 = { ...deal('D1', [['negotiation', '2025-03-03T02:00:00Z'], ['won', '2025-03-07T08:00:00Z']], { account_id: '001A' }), name: 'Acme expansion', amount_reporting: 700 } as SourcedRecord;
const O1 = { ...order('O1', [['new', '2025-03-07T09:00:00Z'], ['confirmed', '2025-03-11T02:30:00Z'], ['shipped', '2025-03-13T03:00:00Z'],
  ['delivered', '2025-03-15T03:00:00Z']], { links: [toDeal('D1')], account_id: 'CUST-1' }), amount_reporting: 500 } as SourcedRecord;
const T1 = ticket('T1', '2025-03-17T01:00:00Z', { links: [toOrder('O1')] });
const D2 = deal('D2', [['won', '2025-03-18T02:00:00Z']], { account_id: 'ACC-2' });
const RECORDS = new Map([D1, O1, T1, D2].map((r) => [flowRecordKey(r.source, r.type, r.id), r]));

function exportOf(scope: OcelInput['scope']): { text: string; chunks: number } {
  const index = new FlowIndex([FLOW], [CN]);
  for (const [k, r] of RECORDS) index.apply(k, r);
  const instances = [...index.instances()].map((c) => c.instance!);
  const chunks = [...ocelChunks({
    flow: FLOW, instances: () => instances, record: (k) => RECORDS.get(k), scope, reportingCurrency: 'CNY',
    customerOf: (source, id) => (id === '001A' || id === 'CUST-1' ? 'C-1' : `${source}:${id}`),
    customerName: (id) => (id === 'C-1' ? 'Acme' : undefined),
  })];
  return { text: chunks.join(''), chunks: chunks.length };
}

const schema = JSON.parse(readFileSync(new URL('../../fixtures/ocel/ocel2-schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

interface Rel { objectId: string; qualifier: string }
interface Log {
  objects: { id: string; type: string; attributes?: { name: string; value: string; time: string }[]; relationships?: Rel[] }[];
  events: { id: string; type: string; time: string; attributes?: { name: string; value: string }[]; relationships?: Rel[] }[];
}

/** What PM4Py's OCEL 2.0 JSON importer keeps (research: pm4py classic.get_base_ocel, propagate_relations_filtering). */
function pm4pyReadBack(log: Log) {
  const objects = new Set(log.objects.map((o) => o.id));
  const e2o = log.events.flatMap((e) => (e.relationships ?? []).filter((r) => objects.has(r.objectId)).map((r) => `${e.id} -${r.qualifier}-> ${r.objectId}`));
  const events = new Set(log.events.filter((e) => (e.relationships ?? []).some((r) => objects.has(r.objectId))).map((e) => e.id));
  const referenced = new Set(log.events.flatMap((e) => (e.relationships ?? []).map((r) => r.objectId)).filter((id) => objects.has(id)));
  const o2o = log.objects.filter((o) => referenced.has(o.id))
    .flatMap((o) => (o.relationships ?? []).filter((r) => referenced.has(r.objectId)).map((r) => `${o.id} -${r.qualifier}-> ${r.objectId}`));
  return { events, objects: referenced, e2o, o2o };
}

describe('OCEL 2.0 export', () => {
  it('validates against the published schema and reads back with every event, object and link', () => {
    const { text } = exportOf(undefined);
    const log = JSON.parse(text) as Log;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);

    // Objects: the four records that reached a step, and the two customers.
    expect(log.objects.map((o) => o.id).sort()).toEqual(['crm/deal/D1', 'crm/deal/D2', 'customer:C-1', 'customer:crm:ACC-2', 'desk/ticket/T1', 'erp/order/O1']);
    // Events: each record's creation (4) and each step reached: D1's five, D2's one.
    expect(log.events).toHaveLength(10);
    const back = pm4pyReadBack(log);
    expect(back.events.size).toBe(10);
    expect(back.objects.size).toBe(6); // nothing dropped
    expect(back.e2o.sort()).toEqual([
      // Creation: to the record, and to the customer of the record's own account (T1 has none: its instance's, C-1).
      'crm/deal/D1#created -created-> crm/deal/D1', 'crm/deal/D1#created -customer-> customer:C-1',
      // D1's steps: to the record that reached each, and to the instance's customer (D1's account: C-1).
      'crm/deal/D1#aftersales -customer-> customer:C-1', 'crm/deal/D1#aftersales -reached by-> desk/ticket/T1',
      'crm/deal/D1#confirmed -customer-> customer:C-1', 'crm/deal/D1#confirmed -reached by-> erp/order/O1',
      'crm/deal/D1#delivered -customer-> customer:C-1', 'crm/deal/D1#delivered -reached by-> erp/order/O1',
      'crm/deal/D1#shipped -customer-> customer:C-1', 'crm/deal/D1#shipped -reached by-> erp/order/O1',
      'crm/deal/D1#won -customer-> customer:C-1', 'crm/deal/D1#won -reached by-> crm/deal/D1',
      'crm/deal/D2#created -created-> crm/deal/D2', 'crm/deal/D2#created -customer-> customer:crm:ACC-2',
      'crm/deal/D2#won -customer-> customer:crm:ACC-2', 'crm/deal/D2#won -reached by-> crm/deal/D2',
      'desk/ticket/T1#created -created-> desk/ticket/T1', 'desk/ticket/T1#created -customer-> customer:C-1',
      'erp/order/O1#created -created-> erp/order/O1', 'erp/order/O1#created -customer-> customer:C-1',
    ].sort());
    expect(back.o2o.sort()).toEqual([
      // O1 links D1 (the link sits on the order; the relation reads down the chain), T1 links O1.
      'crm/deal/D1 -fulfilled by-> erp/order/O1', 'erp/order/O1 -followed up by-> desk/ticket/T1',
      'crm/deal/D1 -belongs to-> customer:C-1', 'erp/order/O1 -belongs to-> customer:C-1', 'desk/ticket/T1 -belongs to-> customer:C-1',
      'crm/deal/D2 -belongs to-> customer:crm:ACC-2',
    ].sort());
  });

  it('writes types, times in UTC and every value as a string', () => {
    const log = JSON.parse(exportOf(undefined).text) as Log;
    const won = log.events.find((e) => e.id === 'crm/deal/D1#confirmed')!;
    // The step's title is the event type; confirmed 3.5 business hours after won: 12,600 s, on time.
    expect(won).toEqual({ id: 'crm/deal/D1#confirmed', type: '订单确认', time: '2025-03-11T02:30:00.000Z',
      attributes: [{ name: 'department', value: 'operations' }, { name: 'flow', value: 'o2d' }, { name: 'instance', value: key.deal('D1') },
        { name: 'handoff_s', value: '12600' }, { name: 'late', value: 'false' }],
      relationships: [{ objectId: 'erp/order/O1', qualifier: 'reached by' }, { objectId: 'customer:C-1', qualifier: 'customer' }] });
    const d1 = log.objects.find((o) => o.id === 'crm/deal/D1')!;
    // Attribute time: the record's updated_at (D1 won 03-07 08:00Z); the amount in the reporting currency.
    expect(d1.attributes).toEqual([
      { name: 'source', value: 'crm', time: '2025-03-07T08:00:00.000Z' }, { name: 'name', value: 'Acme expansion', time: '2025-03-07T08:00:00.000Z' },
      { name: 'stage', value: 'won', time: '2025-03-07T08:00:00.000Z' }, { name: 'amount', value: '700', time: '2025-03-07T08:00:00.000Z' },
      { name: 'currency', value: 'CNY', time: '2025-03-07T08:00:00.000Z' },
    ]);
    for (const e of log.events) expect(e.time).toMatch(/Z$/);
  });

  it('streams in pieces', () => {
    // 2,000 won deals without orders: each instance writes a deal object and two events, several 64 KiB pieces.
    const index = new FlowIndex([FLOW], [CN]);
    const many = new Map<string, SourcedRecord>();
    for (let i = 0; i < 2000; i++) { const d = deal(`M${i}`, [['won', '2025-03-18T02:00:00Z']], { account_id: `A${i}` }); many.set(flowRecordKey('crm', 'deal', d.id), d); index.apply(flowRecordKey('crm', 'deal', d.id), d); }
    const instances = [...index.instances()].map((c) => c.instance!);
    const chunks = [...ocelChunks({ flow: FLOW, instances: () => instances, record: (k) => many.get(k), scope: undefined, reportingCurrency: 'CNY',
      customerOf: (s, id) => `${s}:${id}`, customerName: () => undefined })];
    expect(chunks.length).toBeGreaterThan(3);
    const log = JSON.parse(chunks.join('')) as Log;
    expect(log.objects).toHaveLength(4000);
    expect(log.events).toHaveLength(4000);
    expect(validate(log)).toBe(true);
  });

  it('a logistics viewer without money: its records and steps, others\' steps by department only, no amounts', () => {
    const log = JSON.parse(exportOf({ departments: ['logistics'], amounts: false }).text) as Log;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    // O1 reached logistics' steps (shipped, delivered): it and the customers of the two instances stay; D1 (sales),
    // T1 (service) and D2 (sales) go.
    expect(log.objects.map((o) => o.id).sort()).toEqual(['customer:C-1', 'customer:crm:ACC-2', 'erp/order/O1']);
    const back = pm4pyReadBack(log);
    expect(back.objects.size).toBe(3);
    expect(back.o2o).toEqual(['erp/order/O1 -belongs to-> customer:C-1']);
    // Steps outside logistics: to the customer alone, with their department only.
    expect(log.events.find((e) => e.id === 'crm/deal/D1#won')).toEqual({ id: 'crm/deal/D1#won', type: '赢单', time: '2025-03-07T08:00:00.000Z',
      attributes: [{ name: 'department', value: 'sales' }], relationships: [{ objectId: 'customer:C-1', qualifier: 'customer' }] });
    expect(log.events.find((e) => e.id === 'crm/deal/D1#shipped')!.relationships).toEqual([
      { objectId: 'erp/order/O1', qualifier: 'reached by' }, { objectId: 'customer:C-1', qualifier: 'customer' }]);
    // Events: O1's creation, D1's five steps, D2's won: 7, none dropped.
    expect(back.events.size).toBe(7);
    expect(log.events).toHaveLength(7);
    // No amounts, no out-of-scope record as an object or relation (the instance key, its root deal's key, names the
    // instance the holder sees, as in the timeline: docs/access.md § Business flows).
    expect(JSON.stringify(log)).not.toMatch(/"amount"|"currency"|Acme expansion|"objectId":"crm\/deal|desk\/ticket/);
  });
});
