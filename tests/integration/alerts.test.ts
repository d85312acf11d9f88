import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { Alert, Silence } from '../../server/protocol';
import { connect, getJson, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

/** A real HTTP server on loopback standing in for the team's webhook receiver: it keeps every body. */
interface Receiver { url: string; bodies: { groupKey: string; status: string; alerts: { status: string; labels: Record<string, string> }[] }[]; server: Server }
async function startReceiver(): Promise<Receiver> {
  const bodies: Receiver['bodies'] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => { bodies.push(JSON.parse(raw) as Receiver['bodies'][number]); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, server };
}

const HOUR = 3_600_000;
/** A ticket with no reply, created `agoMs` before now: under a 60-minute first-reply target it is `agoMs − 1 h` late. */
function ticket(id: string, agoMs: number, over: Record<string, unknown> = {}) {
  const created = new Date(Date.now() - agoMs).toISOString();
  return { type: 'ticket', id, priority: 'high', status: 'open', group: 'L1', subject: `工单 ${id}`, created_at: created, updated_at: created, ...over };
}

let dir: string;
let receiver: Receiver;
let hub: Hub;
let socket: Client;
const seen: Alert[] = [];

function config(receiverUrl: string) {
  return {
    timezone: 'Asia/Shanghai',
    sources: [{ id: 'desk', kind: 'push', ticket_url: 'https://desk.example.com/tickets/{id}' }],
    sla: { policies: [{ id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] },
    alerts: {
      channels: [{ id: 'hook', kind: 'webhook', url: receiverUrl }],
      routes: [{ receivers: ['hook'], group_wait: '1s', group_interval: '2s', repeat_interval: '4h' }],
      rules: [{ id: 'open-tickets', kind: 'threshold', metric: { id: 'tickets.open', params: {} }, op: '>=', threshold: 3, severity: 'critical' }],
    },
  };
}

async function push(records: unknown[]) {
  const res = await fetch(`${hub.url}/api/ingest/desk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  expect(res.status).toBe(200);
}
const post = (path: string, body: unknown) => fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const key = (id: string, kind = 'breach') => `desk/${id}/first_reply_time/1/${kind}`;
const enc = encodeURIComponent;
const latestSeen = (k: string) => seen.filter((a) => a.alert_key === k).at(-1);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opswall-alerts-'));
  receiver = await startReceiver();
  hub = await startTestHub({ dbPath: join(dir, 'hub.db'), config: config(receiver.url) });
  socket = await connect(hub);
  socket.on('alert', ({ alert }) => { seen.push(alert); });
  const ack = await subscribe(socket, { metrics: [{ id: 'tickets.open', params: {} }] });
  expect(ack.ok && ack.snapshot.alerts).toEqual([]);
});
afterAll(async () => {
  socket?.disconnect();
  await hub?.close();
  receiver?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('alerts over the real hub', () => {
  it('a pushed ticket 2 h old fires its breach at once (no lag grace for push), on the stream and to the webhook, with its link', async () => {
    await push([ticket('T1', 2 * HOUR)]);
    const firing = await waitFor('the breach firing on the socket', () => (latestSeen(key('T1'))?.state === 'firing' ? latestSeen(key('T1')) : undefined));
    expect(firing.labels).toEqual({ source: 'desk', ticket_id: 'T1', metric: 'first_reply_time', cycle: 1, kind: 'breach' });
    expect(firing.annotations).toMatchObject({ priority: 'high', group: 'L1', title: '工单 T1', severity: 'critical', url: 'https://desk.example.com/tickets/T1' });
    // group_wait 1 s: the receiver gets one notification of the L1 breach group holding T1.
    const body = await waitFor('the webhook notification', () => receiver.bodies.find((b) => b.alerts.some((a) => a.labels.ticket_id === 'T1' && a.labels.kind === 'breach')));
    expect(body).toMatchObject({ status: 'firing' });
    const listed = (await getJson<Alert[]>(`${hub.url}/api/alerts?state=firing`)).body;
    expect(listed.map((a) => a.alert_key)).toContain(key('T1'));
    expect((await getJson<Alert>(`${hub.url}/api/alerts/${key('T1')}`)).body.alert_key).toBe(key('T1'));
  });

  it('acknowledging over REST reaches every socket with a higher version; bad requests get clear errors', async () => {
    const before = latestSeen(key('T1'))!;
    const res = await post(`/api/alerts/${enc(key('T1'))}/ack`, { by: 'li.wei' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ acknowledged: true, ack_by: 'li.wei' });
    const acked = await waitFor('the acknowledged alert on the socket', () => (latestSeen(key('T1'))?.acknowledged ? latestSeen(key('T1')) : undefined), 2_000);
    expect(acked.version).toBeGreaterThan(before.version);

    const missingBy = await post(`/api/alerts/${enc(key('T1'))}/ack`, {});
    expect(missingBy.status).toBe(400);
    expect(((await missingBy.json()) as { error: { path: string } }).error.path).toBe('by');
    expect((await post(`/api/alerts/${enc('desk/nope/first_reply_time/1/breach')}/ack`, { by: 'x' })).status).toBe(404);
    expect((await getJson(`${hub.url}/api/alerts?state=burning`)).status).toBe(400);
    const bad = await fetch(`${hub.url}/api/alerts/${enc(key('T1'))}/ack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by":' });
    expect(bad.status).toBe(400);
  });

  it('a silence on group=L1 suppresses a new breach; deleting it un-silences', async () => {
    const res = await post('/api/silences', { matchers: [{ name: 'group', op: '=', value: 'L1' }], duration: '1h', created_by: 'li.wei', comment: 'migration' });
    expect(res.status).toBe(201);
    const silence = (await res.json()) as Silence;
    expect(silence.status).toBe('active');
    await push([ticket('T2', 3 * HOUR)]);
    const silenced = await waitFor('T2 firing, silenced', () => {
      const a = latestSeen(key('T2'));
      return a?.state === 'firing' && a.suppressed?.silenced_by.includes(silence.id) ? a : undefined;
    });
    expect(silenced.suppressed!.inhibited_by).toEqual([]);
    const sent = receiver.bodies.length;
    await new Promise((r) => setTimeout(r, 3_500)); // past group_wait and a group_interval: nothing for T2
    expect(receiver.bodies.slice(sent).some((b) => b.alerts.some((a) => a.labels.ticket_id === 'T2'))).toBe(false);

    const del = await fetch(`${hub.url}/api/silences/${silence.id}`, { method: 'DELETE' });
    expect(((await del.json()) as Silence).status).toBe('expired');
    await waitFor('T2 un-silenced', () => (latestSeen(key('T2'))?.suppressed?.silenced_by.length === 0 ? true : undefined), 3_000);
    await waitFor('T2 notified after the silence', () => receiver.bodies.slice(sent).find((b) => b.alerts.some((a) => a.labels.ticket_id === 'T2' && a.status === 'firing')));
    const bad = await post('/api/silences', { matchers: [{ name: 'group', op: '=~', value: '(' }], duration: '1h', created_by: 'x' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/regular expression/);
  });

  it('a threshold rule (tickets.open ≥ 3, critical) fires once the third ticket arrives', async () => {
    await push([ticket('T3', 10 * 60_000)]);
    const rule = await waitFor('the rule alert', () => (latestSeen('rule/open-tickets')?.state === 'firing' ? latestSeen('rule/open-tickets') : undefined));
    expect(rule.labels).toEqual({ kind: 'rule', rule: 'open-tickets' });
    expect(rule.annotations).toMatchObject({ severity: 'critical', value: '3' });
  });

  it('a silence (.*.*)*Z on the title is taken and matched against a 30-character title without freezing the hub; a backreference is a 400 naming the field', async () => {
    // JavaScript's backtracking RegExp took 30 s on 16 characters here, doubling with each more; RE2 is linear.
    const res = await post('/api/silences', { matchers: [{ name: 'title', op: '=~', value: '(.*.*)*Z' }], duration: '1h', created_by: 'li.wei', comment: 'ReDoS probe' });
    expect(res.status).toBe(201);
    const silence = (await res.json()) as Silence;
    expect(silence.matchers).toEqual([{ name: 'title', op: '=~', value: '(.*.*)*Z' }]);
    await push([ticket('T9', 2 * HOUR, { subject: 'x'.repeat(30) })]);
    const firing = await waitFor('T9 firing, not silenced (its title does not end in Z)', () => {
      const a = latestSeen(key('T9'));
      return a?.state === 'firing' ? a : undefined;
    });
    expect(firing.suppressed!.silenced_by).toEqual([]);
    const health = await fetch(`${hub.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    expect((await fetch(`${hub.url}/api/silences/${silence.id}`, { method: 'DELETE' })).status).toBe(200);

    const backref = await post('/api/silences', { matchers: [{ name: 'title', op: '=~', value: '(a)\\1' }], duration: '1h', created_by: 'x' });
    expect(backref.status).toBe(400);
    const { error } = (await backref.json()) as { error: { path: string; message: string } };
    expect(error.path).toBe('matchers.0.value');
    expect(error.message).toContain('matchers.0.value: "(a)\\\\1" is not an RE2 regular expression: invalid escape sequence: `\\1`');
  });

  it('a reply resolves the breach as fulfilled, clears its acknowledgement, and the resolve is sent', async () => {
    const t1 = ticket('T1', 2 * HOUR);
    const replied = new Date().toISOString();
    await push([{ ...t1, updated_at: replied, events: [{ at: replied, kind: 'comment', by: 'agent', public: true }] }]);
    const resolved = await waitFor('T1 resolved', () => (latestSeen(key('T1'))?.state === 'resolved' ? latestSeen(key('T1')) : undefined));
    expect(resolved).toMatchObject({ resolved_reason: 'fulfilled', acknowledged: false });
    await waitFor('the resolve notification', () => receiver.bodies.find((b) => b.alerts.some((a) => a.labels.ticket_id === 'T1' && a.status === 'resolved')));
  });

  it('GET /metrics counts the open alerts and the notifications sent per channel', async () => {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    const firing = (await getJson<Alert[]>(`${hub.url}/api/alerts?state=firing`)).body.length;
    expect(text).toContain(`opswall_alerts{state="firing"} ${firing}`);
    const sent = Number(/opswall_alert_notifications_total\{channel="hook",outcome="sent"\} (\d+)/.exec(text)?.[1]);
    expect(sent).toBe(receiver.bodies.length);
    expect(text).toContain('opswall_alert_notifications_total{channel="hook",outcome="failed"} 0');
  });

  it('a restart keeps every alert as it was and notifies nothing again', async () => {
    const before = (await getJson<Alert[]>(`${hub.url}/api/alerts`)).body;
    const acked = before.find((a) => a.alert_key === key('T2'))!;
    expect(acked.state).toBe('firing');
    // Every notification due before the restart has gone out: none for longer than group_wait + group_interval.
    let count = -1;
    await waitFor('notifications to settle', async () => {
      if (receiver.bodies.length === count) return true;
      count = receiver.bodies.length;
      await new Promise((r) => setTimeout(r, 3_200));
      return receiver.bodies.length === count ? true : undefined;
    }, 20_000);
    socket.disconnect();
    await hub.close();
    const sent = receiver.bodies.length;
    hub = await startTestHub({ dbPath: join(dir, 'hub.db'), config: config(receiver.url) });
    const after = (await getJson<Alert[]>(`${hub.url}/api/alerts`)).body;
    const byKey = new Map(after.map((a) => [a.alert_key, a]));
    for (const a of before) expect(byKey.get(a.alert_key), a.alert_key).toEqual(a);
    socket = await connect(hub);
    const ack = await subscribe(socket, { metrics: [{ id: 'tickets.open', params: {} }] });
    expect(ack.ok && ack.snapshot.alerts.map((a) => a.alert_key).sort()).toEqual(before.filter((a) => a.state !== 'resolved').map((a) => a.alert_key).sort());
    await new Promise((r) => setTimeout(r, 3_500));
    expect(receiver.bodies.slice(sent)).toEqual([]);
  });
});
