import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { Alert } from '../../server/protocol';
import { connect, getJson, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

// A stuck hand-off through the real hub: deals and orders pushed into two sources, the flow's hand-off rule firing one
// alert per (flow, step, department) group, on the wall's stream, routed by department to a webhook on loopback,
// acknowledged over REST (the path the phone's button takes), resolved when the group empties. Calendar time (no
// calendar on the step), so the expected values are plain arithmetic on instants relative to the test's start.

const MIN = 60_000;
const T0 = Date.now();
const ago = (minutes: number) => new Date(T0 - minutes * MIN).toISOString();

/** The team's webhook receiver: every body it was sent. */
interface Receiver { url: string; bodies: { receiver: string; status: string; alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[]; server: Server }
async function startReceiver(): Promise<Receiver> {
  const bodies: Receiver['bodies'] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => { bodies.push(JSON.parse(raw) as Receiver['bodies'][number]); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

const deal = (id: string, wonMinutesAgo: number) => ({ type: 'deal', id, stage: 'won', amount: 100, account_id: `ACC-${id}`,
  created_at: ago(wonMinutesAgo + 60), updated_at: ago(wonMinutesAgo),
  history: [{ stage: 'negotiation', at: ago(wonMinutesAgo + 60) }, { stage: 'won', at: ago(wonMinutesAgo) }] });
const order = (id: string, dealId: string, confirmedMinutesAgo: number) => ({ type: 'order', id, status: 'confirmed', amount: 100,
  links: [{ type: 'deal', id: dealId, source: 'crm' }], created_at: ago(confirmedMinutesAgo + 5), updated_at: ago(confirmedMinutesAgo),
  history: [{ status: 'new', at: ago(confirmedMinutesAgo + 5) }, { status: 'confirmed', at: ago(confirmedMinutesAgo) }] });

const KEY = 'rule/o2d-stuck/confirmed/operations';
let hub: Hub;
let ops: Receiver;
let socket: Client;
const seen: Alert[] = [];
const latest = () => seen.filter((a) => a.alert_key === KEY).at(-1);

async function push(source: string, records: unknown[]) {
  const res = await fetch(`${hub.url}/api/ingest/${source}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { rejected: unknown[] }).rejected).toEqual([]);
}

beforeAll(async () => {
  ops = await startReceiver();
  hub = await startTestHub({ config: {
    sources: [{ id: 'crm', kind: 'push' }, { id: 'erp', kind: 'push' }],
    flows: [{ id: 'o2d', title: '赢单到签收', steps: [
      { id: 'won', title: '赢单', on: { type: 'deal', stage: 'won' }, department: 'sales' },
      { id: 'confirmed', title: '订单确认', on: { type: 'order', status: 'confirmed' }, department: 'operations', target: '1h' },
    ] }],
    alerts: {
      rules: [{ id: 'o2d-stuck', kind: 'handoff', flow: 'o2d', severity: 'critical', summary: '{department}: {count} 单卡在「{step_title}」' }],
      channels: [{ id: 'ops-hook', kind: 'webhook', url: `${ops.url}/ops` }, { id: 'sales-hook', kind: 'webhook', url: `${ops.url}/sales` }],
      routes: [
        { match: [{ name: 'department', value: 'operations' }], receivers: ['ops-hook'], group_by: ['department'], group_wait: '1s', group_interval: '2s' },
        { match: [{ name: 'department', value: 'sales' }], receivers: ['sales-hook'], group_wait: '1s', group_interval: '2s' },
      ],
    },
  } });
  socket = await connect(hub);
  socket.on('alert', ({ alert }) => { seen.push(alert); });
  const ack = await subscribe(socket, { metrics: [{ id: 'flow.stuck', params: { flow: 'o2d' } }] });
  expect(ack.ok && ack.snapshot.alerts).toEqual([]);
});
afterAll(async () => {
  socket?.disconnect();
  await hub?.close();
  ops?.server.close();
});

describe('a stuck hand-off alerts the responsible department', () => {
  it('two deals stuck at confirmed make one alert for (o2d, confirmed, operations), on the wall and to the operations webhook', async () => {
    // D won 3 h ago and F 2 h ago, no order: each waits at confirmed past its 1 h target (ran out 2 h and 1 h ago).
    // E won 30 min ago: within target. One group, count 2.
    await push('crm', [deal('D', 180), deal('F', 120), deal('E', 30)]);
    const firing = await waitFor('the hand-off alert firing on the socket', () => (latest()?.state === 'firing' ? latest() : undefined));
    expect(firing.labels).toEqual({ kind: 'rule', rule: 'o2d-stuck', flow: 'o2d', step: 'confirmed', department: 'operations' });
    expect(firing.annotations).toMatchObject({ severity: 'critical', value: '2', summary: 'operations: 2 单卡在「订单确认」' });
    expect(seen.filter((a) => a.alert_key !== KEY)).toEqual([]); // one alert for the group, none per instance

    // group_wait 1 s: the operations route's webhook gets the group; the sales route nothing.
    const body = await waitFor('the webhook notification', () => ops.bodies.find((b) => b.alerts.some((a) => a.labels.rule === 'o2d-stuck')));
    expect(body).toMatchObject({ receiver: 'ops-hook', status: 'firing' });
    expect(body.alerts.map((a) => [a.status, a.labels.department, a.labels.step, a.annotations.value])).toEqual([['firing', 'operations', 'confirmed', '2']]);
    expect(ops.bodies.some((b) => b.receiver === 'sales-hook')).toBe(false);
    expect((await getJson<Alert[]>(`${hub.url}/api/alerts?state=firing`)).body.map((a) => a.alert_key)).toEqual([KEY]);
  });

  it('is acknowledged over REST like any alert, and resolves when the group empties', async () => {
    const res = await fetch(`${hub.url}/api/alerts/${encodeURIComponent(KEY)}/ack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: 'wang.fang' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ alert_key: KEY, acknowledged: true, ack_by: 'wang.fang' });
    await waitFor('the acknowledgement on the socket', () => (latest()?.acknowledged ? latest() : undefined));

    // D's order confirmed: count 1, the alert stays (still acknowledged). F's too: count 0, resolved (cleared).
    await push('erp', [order('O1', 'D', 1)]);
    await waitFor('the count falling to 1', () => (latest()?.annotations.value === '1' ? latest() : undefined));
    expect(latest()).toMatchObject({ state: 'firing', acknowledged: true });
    await push('erp', [order('O2', 'F', 1)]);
    const resolved = await waitFor('the alert resolving', () => (latest()?.state === 'resolved' ? latest() : undefined));
    expect(resolved.resolved_reason).toBe('cleared');
    await waitFor('the resolve at the webhook', () => ops.bodies.find((b) => b.status === 'resolved' && b.alerts.some((a) => a.labels.rule === 'o2d-stuck')));
  });
});
