import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { DataQuality } from '../../server/http/data-quality';
import type { InstanceSummary } from '../../server/http/flow-views';
import type { CustomerTimeline } from '../../server/protocol';
import { call, login, testHash } from '../support/access';
import { startTestHub } from '../support/hub';

// The business-flow REST API through the real hub (docs/api.md § Business flows), access control on: an admin sees
// everything; a logistics viewer without money sees its steps and the records that reached them, the rest as hidden
// entries; a finance viewer sees nothing of the flow. Calendar time: expected values are arithmetic on instants
// relative to the test's start (`ago(m)`: m minutes before it).
const TOKEN = 'flows-api-feed-token';
process.env.OPSWALL_TEST_FLOWS_TOKEN = TOKEN;
const MIN = 60_000;
const T0 = Date.now();
const ago = (minutes: number) => new Date(T0 - minutes * MIN).toISOString();

// 赢单 won (sales) → 订单确认 confirmed (operations, 1 h) → 发货 shipped (logistics, 2 h) → 售后工单 aftersales (service, optional).
const FLOWS = [{ id: 'o2d', title: '赢单到发货', steps: [
  { id: 'won', title: '赢单', on: { type: 'deal', stage: 'won' }, department: 'sales' },
  { id: 'confirmed', title: '订单确认', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '1h' },
  { id: 'shipped', title: '发货', on: { type: 'order', status: 'shipped' }, department: 'logistics', target: '2h' },
  { id: 'aftersales', title: '售后工单', on: { type: 'ticket', event: 'created' }, department: 'service', optional: true },
] }];

// One customer in two systems, joined by its tax id (written two ways): customer `tax:91110108MA01ABCD2X`.
const CUSTOMER = 'tax:91110108MA01ABCD2X';
const account = (id: string, taxId: string) => ({ type: 'account', id, name: 'Acme', tax_id: taxId, created_at: ago(1000), updated_at: ago(1000) });
const deal = (id: string, accountId: string, created: number, won: number) => ({ type: 'deal', id, stage: 'won', amount: 100, currency: 'CNY',
  account_id: accountId, created_at: ago(created), updated_at: ago(won),
  history: [{ stage: 'negotiation', at: ago(created) }, { stage: 'won', at: ago(won) }] });
// D1 won 300 min ago; O1 (its order) new 290, confirmed 270 (30 min = 1,800 s after won, target 1 h: on time),
// shipped 60 (210 min = 12,600 s after confirmed, target 2 h: late); T1 on O1 created 30 (1,800 s after shipped).
// D2 (account ACC-9, matched to nothing: customer crm:ACC-9) won 180 min ago, no order: waits at confirmed since then,
// due 120 min ago: stuck. D3 (ACC-9) won 20 min ago: waits at confirmed, due in 40 min.
const O1 = { type: 'order', id: 'O1', status: 'shipped', amount: 80, currency: 'CNY', account_id: 'CUST-1', links: [{ type: 'deal', id: 'D1', source: 'crm' }],
  created_at: ago(290), updated_at: ago(60),
  history: [{ status: 'new', at: ago(290) }, { status: 'confirmed', at: ago(270) }, { status: 'shipped', at: ago(60) }] };
const T1 = { type: 'ticket', id: 'T1', subject: 'Broken on arrival', priority: 'high', status: 'open', department: 'service',
  links: [{ type: 'order', id: 'O1', source: 'erp' }], created_at: ago(30), updated_at: ago(30) };

let hub: Hub;
let root: string; // admin
let lee: string; // viewer, logistics, no amounts
let fin: string; // viewer, finance

async function push(source: string, records: unknown[]) {
  const res = await call<{ rejected: unknown[] }>(hub, 'POST', `/api/ingest/${source}`, { token: TOKEN }, { records });
  expect(res.status).toBe(200);
  expect(res.body.rejected).toEqual([]);
}
const timelineUrl = (id: string) => `/api/customers/${encodeURIComponent(id)}/timeline`;

beforeAll(async () => {
  hub = await startTestHub({ config: {
    departments: ['sales', 'operations', 'logistics', 'service', 'finance'],
    sources: [
      { id: 'crm', kind: 'push', token_env: 'OPSWALL_TEST_FLOWS_TOKEN' },
      { id: 'erp', kind: 'push', token_env: 'OPSWALL_TEST_FLOWS_TOKEN', record_url: { order: 'https://erp.example.com/app/sales-order/{id}' } },
      { id: 'desk', kind: 'push', token_env: 'OPSWALL_TEST_FLOWS_TOKEN' },
    ],
    customers: { match: ['tax_id'] },
    flows: FLOWS,
    access: { enabled: true, users: [
      { username: 'root', role: 'admin', departments: ['operations'], password_hash: await testHash('root-pw') },
      { username: 'lee', role: 'viewer', departments: ['logistics'], password_hash: await testHash('lee-pw') },
      { username: 'fin', role: 'viewer', departments: ['finance'], password_hash: await testHash('fin-pw') },
    ] },
  } });
  await push('crm', [account('001A', '91110108MA01ABCD2X'), deal('D1', '001A', 360, 300), deal('D2', 'ACC-9', 200, 180), deal('D3', 'ACC-9', 25, 20)]);
  await push('erp', [account('CUST-1', '9111 0108-MA01 abcd 2x'), O1]);
  await push('desk', [T1]);
  [root, lee, fin] = await Promise.all([login(hub, 'root', 'root-pw'), login(hub, 'lee', 'lee-pw'), login(hub, 'fin', 'fin-pw')]);
});
afterAll(async () => { await hub?.close(); });

describe('GET /api/flows', () => {
  it('lists the flows a holder may see, with steps, departments and targets', async () => {
    const all = await call(hub, 'GET', '/api/flows', { cookie: root });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ flows: [{ id: 'o2d', title: '赢单到发货', steps: [
      { id: 'won', title: '赢单', department: 'sales', target: null, target_s: null, calendar: null, optional: false, on: { type: 'deal', stage: 'won' } },
      { id: 'confirmed', title: '订单确认', department: 'operations', target: '1h', target_s: 3600, calendar: null, optional: false, on: { type: 'order', status: 'confirmed' } },
      { id: 'shipped', title: '发货', department: 'logistics', target: '2h', target_s: 7200, calendar: null, optional: false, on: { type: 'order', status: 'shipped' } },
      { id: 'aftersales', title: '售后工单', department: 'service', target: null, target_s: null, calendar: null, optional: true, on: { type: 'ticket', event: 'created' } },
    ] }] });
    expect((await call(hub, 'GET', '/api/flows', { cookie: lee })).body).toEqual(all.body); // a logistics step: theirs
    expect((await call(hub, 'GET', '/api/flows', { cookie: fin })).body).toEqual({ flows: [] }); // no finance step
    expect((await call(hub, 'GET', '/api/flows')).status).toBe(401);
  });
});

describe('GET /api/flows/:id/instances', () => {
  const get = async (query: string, cookie = root) => call<{ flow: string; total: number; items: InstanceSummary[] }>(hub, 'GET', `/api/flows/o2d/instances${query}`, { cookie });

  it('the stuck ones, most overdue first, with customer and waiting step', async () => {
    const { status, body } = await get('?state=stuck');
    expect(status).toBe(200);
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ instance: 'crm/deal/D2', flow: 'o2d', state: 'stuck', entered_at: 'won',
      account: { source: 'crm', id: 'ACC-9' }, customer_id: 'crm:ACC-9', records: 1,
      waiting: { step: 'confirmed', department: 'operations', since: ago(180), due_at: ago(120) } });
  });

  it('waiting, all, a department, a limit', async () => {
    // Waiting: D2 (due 120 min ago) before D3 (due in 40 min); all: then D1, done.
    expect((await get('?state=waiting')).body.items.map((i) => [i.instance, i.state])).toEqual([['crm/deal/D2', 'stuck'], ['crm/deal/D3', 'waiting']]);
    const all = (await get('')).body;
    expect([all.total, all.items.map((i) => i.instance)]).toEqual([3, ['crm/deal/D2', 'crm/deal/D3', 'crm/deal/D1']]);
    expect(all.items[2]).toMatchObject({ state: 'done', customer_id: CUSTOMER, waiting: null, records: 3 });
    expect((await get('?department=operations')).body.items.map((i) => i.instance)).toEqual(['crm/deal/D2', 'crm/deal/D3']);
    expect((await get('?department=logistics')).body.total).toBe(0);
    expect((await get('?limit=1')).body).toMatchObject({ total: 3, items: [{ instance: 'crm/deal/D2' }] });
  });

  it('refuses bad input and hides a flow out of scope', async () => {
    expect((await get('?state=late')).status).toBe(400);
    expect((await get('?limit=0')).status).toBe(400);
    expect((await get('?department=nobody')).status).toBe(400);
    expect((await get('?colour=red')).status).toBe(400);
    expect((await call(hub, 'GET', '/api/flows/nope/instances', { cookie: root })).status).toBe(404);
    expect((await get('', fin)).status).toBe(404);
    expect((await get('', lee)).body.total).toBe(3);
  });
});

describe('GET /api/customers/:id/timeline', () => {
  const step = (at: string, id: string, title: string, department: string, record: [string, string, string], handoff?: [number, boolean | null]) => ({
    at, kind: 'step', flow: 'o2d', instance: 'crm/deal/D1', step: id, title, department, record: { source: record[0], type: record[1], id: record[2] },
    ...(handoff ? { handoff_s: handoff[0], late: handoff[1] } : {}) });
  const url = 'https://erp.example.com/app/sales-order/O1';

  it('every deal, order, ticket and step of the customer across systems, oldest first', async () => {
    const { status, body } = await call<CustomerTimeline>(hub, 'GET', timelineUrl(CUSTOMER), { cookie: root });
    expect(status).toBe(200);
    expect(body.customer).toEqual({ id: CUSTOMER, name: 'Acme', accounts: [{ source: 'crm', id: '001A', name: 'Acme' }, { source: 'erp', id: 'CUST-1', name: 'Acme' }] });
    expect(body.entries).toEqual([
      { at: ago(360), kind: 'record', type: 'deal', source: 'crm', id: 'D1', amount: 100, currency: 'CNY', department: 'sales', status: 'negotiation', event: 'created' },
      step(ago(300), 'won', '赢单', 'sales', ['crm', 'deal', 'D1']),
      { at: ago(300), kind: 'record', type: 'deal', source: 'crm', id: 'D1', amount: 100, currency: 'CNY', department: 'sales', status: 'won', event: 'updated' },
      { at: ago(290), kind: 'record', type: 'order', source: 'erp', id: 'O1', amount: 80, currency: 'CNY', department: 'operations', url, status: 'new', event: 'created' },
      step(ago(270), 'confirmed', '订单确认', 'operations', ['erp', 'order', 'O1'], [1_800, false]),
      step(ago(60), 'shipped', '发货', 'logistics', ['erp', 'order', 'O1'], [12_600, true]),
      { at: ago(60), kind: 'record', type: 'order', source: 'erp', id: 'O1', amount: 80, currency: 'CNY', department: 'operations', url, status: 'shipped', event: 'updated' },
      { at: ago(30), kind: 'record', type: 'ticket', source: 'desk', id: 'T1', title: 'Broken on arrival', department: 'service', status: 'open', event: 'created' },
      step(ago(30), 'aftersales', '售后工单', 'service', ['desk', 'ticket', 'T1'], [1_800, null]),
    ]);
    // The step strip: confirmed due 1 h after won (240 min ago), shipped due 2 h after confirmed (150 min ago).
    expect(body.instances).toEqual([{ flow: 'o2d', id: 'crm/deal/D1', title: '赢单到发货', steps: [
      { step: 'won', title: '赢单', department: 'sales', reached_at: ago(300), late: null, waiting: false, stuck: false, due_at: null },
      { step: 'confirmed', title: '订单确认', department: 'operations', reached_at: ago(270), late: false, waiting: false, stuck: false, due_at: ago(240) },
      { step: 'shipped', title: '发货', department: 'logistics', reached_at: ago(60), late: true, waiting: false, stuck: false, due_at: ago(150) },
      { step: 'aftersales', title: '售后工单', department: 'service', reached_at: ago(30), late: null, waiting: false, stuck: false, due_at: null },
    ] }]);
  });

  it('a logistics viewer: its steps and the order that reached them; the rest hidden, no amounts', async () => {
    const { status, body } = await call<CustomerTimeline>(hub, 'GET', timelineUrl(CUSTOMER), { cookie: lee });
    expect(status).toBe(200);
    expect(body.entries).toEqual([
      { at: ago(360), kind: 'hidden', department: 'sales' },
      { at: ago(300), kind: 'hidden', step: 'won', department: 'sales' },
      { at: ago(300), kind: 'hidden', department: 'sales' },
      { at: ago(290), kind: 'record', type: 'order', source: 'erp', id: 'O1', department: 'operations', url, status: 'new', event: 'created' },
      { at: ago(270), kind: 'hidden', step: 'confirmed', department: 'operations' },
      step(ago(60), 'shipped', '发货', 'logistics', ['erp', 'order', 'O1'], [12_600, true]),
      { at: ago(60), kind: 'record', type: 'order', source: 'erp', id: 'O1', department: 'operations', url, status: 'shipped', event: 'updated' },
      { at: ago(30), kind: 'hidden', department: 'service' },
      { at: ago(30), kind: 'hidden', step: 'aftersales', department: 'service' },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/"amount"|Broken on arrival|"T1"/);
  });

  it('404 for a customer unknown or wholly out of scope, told apart by nothing', async () => {
    const unknown = await call<{ error: { code: string } }>(hub, 'GET', timelineUrl('tax:NOBODY'), { cookie: root });
    const outOfScope = await call<{ error: { code: string } }>(hub, 'GET', timelineUrl(CUSTOMER), { cookie: fin });
    expect([unknown.status, outOfScope.status]).toEqual([404, 404]);
    expect(unknown.body.error.code).toBe('not_found');
    expect(outOfScope.body.error.code).toBe('not_found');
    // A customer of its own (an account nothing matched): D2 and D3, reachable from the stuck queue's customer_id.
    const own = await call<CustomerTimeline>(hub, 'GET', timelineUrl('crm:ACC-9'), { cookie: root });
    expect(own.status).toBe(200);
    expect(own.body.instances.map((i) => i.id).sort()).toEqual(['crm/deal/D2', 'crm/deal/D3']);
    expect(own.body.instances.find((i) => i.id === 'crm/deal/D2')!.steps[1]).toEqual(
      { step: 'confirmed', title: '订单确认', department: 'operations', reached_at: null, late: null, waiting: true, stuck: true, due_at: ago(120) });
  });
});

describe('GET /api/flows/:id/ocel', () => {
  const schema = JSON.parse(readFileSync(new URL('../../fixtures/ocel/ocel2-schema.json', import.meta.url), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  type Log = { objects: { id: string }[]; events: { id: string; relationships: { objectId: string; qualifier: string }[] }[] };

  it('an OCEL 2.0 log of the window\'s instances that validates against the published schema', async () => {
    const res = await fetch(`${hub.url}/api/flows/o2d/ocel?window=30d`, { headers: { cookie: root } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="o2d.ocel.json"');
    const log = await res.json() as Log;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.objects.map((o) => o.id).sort()).toEqual(['crm/deal/D1', 'crm/deal/D2', 'crm/deal/D3', 'customer:crm:ACC-9', `customer:${CUSTOMER}`, 'desk/ticket/T1', 'erp/order/O1']);
    // Five creations; D1's four steps, D2's and D3's won.
    expect(log.events).toHaveLength(11);
    expect(log.events.find((e) => e.id === 'crm/deal/D1#shipped')!.relationships).toEqual([
      { objectId: 'erp/order/O1', qualifier: 'reached by' }, { objectId: `customer:${CUSTOMER}`, qualifier: 'customer' }]);
  });

  it('scoped like the timeline, and refuses a bad window', async () => {
    const log = await (await fetch(`${hub.url}/api/flows/o2d/ocel?window=all`, { headers: { cookie: lee } })).json() as Log;
    expect(validate(log)).toBe(true);
    expect(log.objects.map((o) => o.id).sort()).toEqual(['customer:crm:ACC-9', `customer:${CUSTOMER}`, 'erp/order/O1']);
    // O1's creation; D1's won, confirmed and aftersales to the customer only, shipped to O1 too; D2's and D3's won.
    expect(log.events).toHaveLength(7);
    expect((await call(hub, 'GET', '/api/flows/o2d/ocel?window=fortnight', { cookie: root })).status).toBe(400);
    expect((await call(hub, 'GET', '/api/flows/o2d/ocel', { cookie: fin })).status).toBe(404);
    // 25 min: only D3 (won 20 min ago) entered within it.
    const recent = await (await fetch(`${hub.url}/api/flows/o2d/ocel?window=25m`, { headers: { cookie: root } })).json() as Log;
    expect(recent.objects.map((o) => o.id).sort()).toEqual(['crm/deal/D3', 'customer:crm:ACC-9']);
  });
});

describe('GET /api/data-quality, scoped', () => {
  it('the unmatched accounts\' sample reaches only holders of every department', async () => {
    const crm = (q: DataQuality) => q.sources.find((s) => s.id === 'crm')!.unmatchedAccounts;
    // crm's ACC-9: named by D2 and D3, no account record, joined to nothing. 001A joins erp's CUST-1 by tax id.
    expect(crm((await call<DataQuality>(hub, 'GET', '/api/data-quality', { cookie: root })).body)).toEqual({ accounts: 1, withoutRecord: 1, sample: [{ id: 'ACC-9' }] });
    expect(crm((await call<DataQuality>(hub, 'GET', '/api/data-quality', { cookie: lee })).body)).toEqual({ accounts: 1, withoutRecord: 1, sample: [] });
  });
});
