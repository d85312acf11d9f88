import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { FlowStuckValue, HandoffsValue, MetricValue } from '../../server/protocol';
import { getJson, startTestHub } from '../support/hub';

// A business flow through the real hub: records pushed into three sources (a CRM's deals, an ERP's orders linking
// to them across sources), the flow metrics read over REST. Calendar time, so the expected values are plain
// arithmetic on instants relative to the test's start.

const MIN = 60_000;
const T0 = Date.now();
const ago = (minutes: number) => new Date(T0 - minutes * MIN).toISOString();

const FLOWS = [{ id: 'o2d', title: '赢单到签收', steps: [
  { id: 'won', on: { type: 'deal', stage: 'won' }, department: 'sales' },
  { id: 'confirmed', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '1h' },
] }];

const deal = (id: string, wonMinutesAgo: number) => ({ type: 'deal', id, stage: 'won', amount: 100, account_id: `ACC-${id}`,
  created_at: ago(wonMinutesAgo + 60), updated_at: ago(wonMinutesAgo),
  history: [{ stage: 'negotiation', at: ago(wonMinutesAgo + 60) }, { stage: 'won', at: ago(wonMinutesAgo) }] });
const order = (id: string, dealId: string, confirmedMinutesAgo: number) => ({ type: 'order', id, status: 'confirmed', amount: 100,
  links: [{ type: 'deal', id: dealId, source: 'crm' }],
  created_at: ago(confirmedMinutesAgo + 5), updated_at: ago(confirmedMinutesAgo),
  history: [{ status: 'new', at: ago(confirmedMinutesAgo + 5) }, { status: 'confirmed', at: ago(confirmedMinutesAgo) }] });

let hub: Hub;
async function push(source: string, records: unknown[]) {
  const res = await fetch(`${hub.url}/api/ingest/${source}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { rejected: unknown[] }).rejected).toEqual([]);
}
const read = async <V>(query: string) => {
  const { status, body } = await getJson<MetricValue>(`${hub.url}/api/metrics/${query}`);
  expect(status, query).toBe(200);
  return body.value as V;
};

beforeAll(async () => {
  hub = await startTestHub({ config: {
    sources: [{ id: 'crm', kind: 'push' }, { id: 'erp', kind: 'push' }],
    flows: FLOWS,
  } });
});
afterAll(async () => { await hub?.close(); });

describe('business flows through the hub', () => {
  it('joins deals and orders across sources and reads the hand-offs and the stuck queue', async () => {
    // D won 3 h ago, no order: waiting at confirmed since then, its 1 h ran out 2 h ago: stuck (operations).
    // E won 30 min ago, its order (in the ERP, naming the CRM deal) confirmed 10 min ago: a 20 min hand-off, on time.
    await push('crm', [deal('D', 180), deal('E', 30)]);
    await push('erp', [order('O1', 'E', 10)]);
    const handoffs = await read<HandoffsValue>('flow.handoffs?flow=o2d');
    expect(handoffs.lanes).toEqual([{ from: 'won', to: 'confirmed', department: 'operations', target_s: 3_600,
      through: 1, p50_s: 1_200, p90_s: 1_200, late: 0, late_pct: 0, waiting: 1 }]);
    const stuck = await read<FlowStuckValue>('flow.stuck?flow=o2d');
    expect(stuck).toEqual({ kind: 'flow-stuck', flow: 'o2d', total: 1, departments: [{ department: 'operations', count: 1 }],
      groups: [{ step: 'confirmed', department: 'operations', count: 1, oldest_since: ago(180) }],
      // No account record: the customer map makes the account its own customer, `<source>:<account id>` (docs/customers.md).
      items: [{ instance: 'crm/deal/D', account: { source: 'crm', id: 'ACC-D' }, customer_id: 'crm:ACC-D', step: 'confirmed', department: 'operations',
        waiting_since: ago(180), due_at: ago(120) }] });
  });

  it('a later order completes the stalled chain: late, and nobody stuck', async () => {
    // D's order confirmed 5 min ago: 175 min after the win, past the 1 h target.
    await push('erp', [order('O2', 'D', 5)]);
    const handoffs = await read<HandoffsValue>('flow.handoffs?flow=o2d');
    // 1,200 s and 10,500 s: p50 5,850; p90 1,200 + 0.9 × 9,300 = 9,570; one of two late.
    expect(handoffs.lanes[0]).toMatchObject({ through: 2, p50_s: 5_850, p90_s: 9_570, late: 1, late_pct: 50, waiting: 0 });
    expect((await read<FlowStuckValue>('flow.stuck?flow=o2d')).total).toBe(0);
  });

  it('names a flow that is not configured', async () => {
    const { status, body } = await getJson<{ error: { code: string; message: string; path?: string } }>(`${hub.url}/api/metrics/flow.paths?flow=nope`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'bad_params', path: 'params.flow', message: 'flow.paths: params.flow: no flow "nope" in the config (known: o2d)' });
  });
});
