import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { Alert, MetricValue, ScreenDefinition } from '../../server/protocol';
import { call, connectAs, login, testHash } from '../support/access';
import { screensDir, startTestHub, subscribe, waitFor, type Client, withinToday } from '../support/hub';

/**
 * Data scoping with access control on: a viewer of sales never receives a value of service, nor a money
 * amount, over Socket.IO or REST, even when it asks for service's params by name.
 */
const TOKEN = 'feed-secret-for-tests';
process.env.OPSWALL_TEST_FEED_TOKEN = TOKEN;
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const order = (id: string, department: string, amount: number) =>
  ({ type: 'order', id, status: 'new', amount, department, created_at: withinToday(60_000), updated_at: withinToday(60_000) });
const ticket = (id: string, department: string, ageMs: number, subject: string) =>
  ({ type: 'ticket', id, priority: 'high', status: 'open', group: 'L1', department, subject, created_at: ago(ageMs), updated_at: ago(ageMs) });
const deal = (id: string, department: string, stage: string, amount: number) =>
  ({ type: 'deal', id, stage, amount, department, created_at: withinToday(60_000), updated_at: withinToday(60_000) });

// Service's money and subjects: none of these may reach the sales viewer.
const SERVICE_SECRETS = ['4001', '7002', '12345', '5555', 'SECRET-SERVICE', 'department=service', '"department":"service"'];

const screen = (id: string, extra: object = {}) => ({
  id, title: id, canvas: { width: 1920, height: 1080 }, ...extra,
  widgets: {
    count: { type: 'kpi', metric: { id: 'orders.count', params: { window: 'today', department: 'service' } } },
    money: { type: 'kpi', metric: { id: 'orders.amount', params: { window: 'today' } } },
    status: { type: 'pie', metric: { id: 'orders.by_status', params: { window: 'today' } } },
    funnel: { type: 'funnel', metric: { id: 'deals.funnel', params: { window: '30d' } } },
    open: { type: 'kpi', metric: { id: 'tickets.open', params: {} } },
    queue: { type: 'sla-queue', metric: { id: 'tickets.sla.queue', params: {} } },
  },
  layout: { wall: { columns: 6, rows: 1, items: ['count', 'money', 'status', 'funnel', 'open', 'queue'].map((w, x) => ({ widget: w, x, y: 0, w: 1, h: 1 })) } },
});

let hub: Hub;
let dir: { dir: string; remove(): void };
let sam: string; // viewer, sales
let root: string; // admin
let fin: string; // viewer, finance
const sockets: Client[] = [];

async function push(records: unknown[]) {
  const res = await call(hub, 'POST', '/api/ingest/feed', { token: TOKEN }, { records });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  dir = screensDir({ 'mixed.json': screen('mixed'), 'finance-only.json': screen('finance-only', { access: { departments: ['finance'] } }) });
  hub = await startTestHub({
    screensDir: dir.dir,
    config: {
      sources: [{ id: 'feed', kind: 'push', token_env: 'OPSWALL_TEST_FEED_TOKEN' }],
      sla: { policies: [{ id: 'std', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] },
      access: {
        enabled: true,
        users: [
          { username: 'root', role: 'admin', departments: ['operations'], password_hash: await testHash('root-pw') },
          { username: 'sam', role: 'viewer', departments: ['sales'], password_hash: await testHash('sam-pw') },
          { username: 'fin', role: 'viewer', departments: ['finance'], password_hash: await testHash('fin-pw') },
        ],
      },
    },
  });
  await push([
    order('O1', 'sales', 101), order('O2', 'sales', 250), order('O3', 'service', 4001), order('O4', 'service', 7002),
    ticket('T1', 'sales', 10 * 60_000, 'Sales question'), ticket('T2', 'service', 2 * HOUR, 'SECRET-SERVICE outage'),
    deal('D1', 'sales', 'proposal', 900), deal('D2', 'service', 'lead', 12345),
  ]);
  [sam, root, fin] = await Promise.all([login(hub, 'sam', 'sam-pw'), login(hub, 'root', 'root-pw'), login(hub, 'fin', 'fin-pw')]);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await hub?.close();
  dir?.remove();
});

/** A connected socket that keeps the text of every message it receives. */
async function watch(cookie: string) {
  const socket = await connectAs(hub, { cookie });
  sockets.push(socket);
  const received: string[] = [];
  const alerts: Alert[] = [];
  const values: Record<string, MetricValue>[] = [];
  socket.onAny((event: string, msg: unknown) => { received.push(JSON.stringify({ event, msg })); });
  socket.on('alert', ({ alert }) => alerts.push(alert));
  socket.on('metrics', (m) => values.push(m.values));
  return { socket, received, alerts, values };
}
const breachKey = 'feed/T2/first_reply_time/1/breach';

describe('a viewer of sales', () => {
  it('gets its own department over REST even when it asks for service by name', async () => {
    const asked = await call<MetricValue>(hub, 'GET', '/api/metrics/orders.count?window=today&department=service', { cookie: sam });
    expect(asked.status).toBe(200);
    expect(asked.body.params.department).toBe('sales');
    expect(asked.body.value).toMatchObject({ kind: 'scalar', value: 2 }); // O1, O2; not O3, O4
    const tickets = await call<MetricValue>(hub, 'GET', '/api/metrics/tickets.open', { cookie: sam });
    expect(tickets.body.value).toMatchObject({ value: 1 }); // T1 only
    // The admin asking the same sees service's two orders.
    const admin = await call<MetricValue>(hub, 'GET', '/api/metrics/orders.count?window=today&department=service', { cookie: root });
    expect(admin.body.value).toMatchObject({ value: 2 });
    expect(admin.body.params.department).toBe('service');
  });

  it('is refused money amounts over REST, and gets counts without their amount fields', async () => {
    const amount = await call<{ error: { code: string } }>(hub, 'GET', '/api/metrics/orders.amount?window=today', { cookie: sam });
    expect(amount.status).toBe(403);
    expect(amount.body.error.code).toBe('forbidden');
    const funnel = await call<MetricValue>(hub, 'GET', '/api/metrics/deals.funnel?window=30d', { cookie: sam });
    expect(funnel.body.value).toMatchObject({ kind: 'funnel' });
    // D1 reached proposal: lead, qualified and proposal count 1 each.
    expect((funnel.body.value as { stages: { stage: string; count: number }[] }).stages.slice(0, 3).map((s) => s.count)).toEqual([1, 1, 1]);
    const status = await call(hub, 'GET', '/api/metrics/orders.by_status?window=today', { cookie: sam });
    for (const body of [funnel.body, status.body]) expect(JSON.stringify(body)).not.toMatch(/amount|900|101|250/);
    // A finance viewer sees its amounts (finance has no orders: zero, but the field is there).
    const finFunnel = await call<MetricValue>(hub, 'GET', '/api/metrics/deals.funnel?window=30d', { cookie: fin });
    expect(JSON.stringify(finFunnel.body)).toContain('"amount":0');
  });

  it('gets the screen scoped to sales over Socket.IO, with the money widget hidden, and never a service value after changes', async () => {
    const { socket, received, values } = await watch(sam);
    const ack = await subscribe(socket, { screen: 'mixed' });
    if (!ack.ok) throw new Error(ack.error.message);
    const def = ack.screen!;
    expect(def.widgets.count!.metric!.params).toMatchObject({ department: 'sales', window: 'today' });
    expect(def.widgets.money!.type).toBe('text');
    const countKey = Object.keys(ack.snapshot.metrics).find((k) => k.startsWith('orders.count'))!;
    expect(countKey).toBe('orders.count?department=sales&window=today');
    expect(ack.snapshot.metrics[countKey]!.value).toMatchObject({ value: 2 });
    expect(ack.snapshot.alerts.map((a) => a.alert_key)).not.toContain(breachKey);
    // Asking for service's params directly is answered with sales'.
    const direct = await subscribe(socket, { metrics: [{ id: 'tickets.open', params: { department: 'service' } }] });
    expect(direct.ok && Object.keys(direct.snapshot.metrics)).toEqual(['tickets.open?department=sales']);
    const refused = await subscribe(socket, { metrics: [{ id: 'orders.amount', params: {} }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    await push([order('O5', 'service', 5555), ticket('T4', 'service', 5 * 60_000, 'SECRET-SERVICE again'), order('O6', 'sales', 77)]);
    await waitFor('sales count 3', () => (values.some((m) => (m[countKey]?.value as { value?: number } | undefined)?.value === 3) ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500)); // a tick or so more: any late message would be caught below
    const all = [JSON.stringify(ack), JSON.stringify(direct), ...received].join('\n');
    for (const secret of SERVICE_SECRETS) expect(all, secret).not.toContain(secret);
    expect(all).not.toMatch(/"amount"/);
  });

  it('never hears the service breach that the admin hears, over the socket and REST', async () => {
    const samWatch = await watch(sam);
    const rootWatch = await watch(root);
    await subscribe(samWatch.socket, { screen: 'mixed' });
    const rootAck = await subscribe(rootWatch.socket, { screen: 'mixed' });
    // The breach fired at the first push; the admin's snapshot has it, with its subject.
    expect(rootAck.ok && rootAck.snapshot.alerts.find((a) => a.alert_key === breachKey)?.annotations.title).toBe('SECRET-SERVICE outage');
    expect(rootAck.ok && rootAck.screen!.widgets.money!.type).toBe('kpi');
    // An acknowledgement by the admin goes to the admin's sockets, not to the sales viewer's.
    // The signed-in admin acknowledges: the hub records its own name for it, whatever name the body gives.
    const acked = await call<Alert>(hub, 'POST', `/api/alerts/${encodeURIComponent(breachKey)}/ack`, { cookie: root }, { by: 'somebody-else' });
    expect(acked.status).toBe(200);
    expect(acked.body.ack_by).toBe('root');
    await waitFor('the admin hears the acknowledgement', () => (rootWatch.alerts.some((a) => a.alert_key === breachKey && a.acknowledged) ? true : undefined));
    expect(samWatch.alerts.map((a) => a.alert_key)).not.toContain(breachKey);
    // REST: not listed, not shown, not acknowledged.
    const list = await call<Alert[]>(hub, 'GET', '/api/alerts', { cookie: sam });
    expect(list.status).toBe(200);
    expect(list.body.map((a) => a.alert_key)).not.toContain(breachKey);
    expect((await call<Alert[]>(hub, 'GET', '/api/alerts', { cookie: root })).body.map((a) => a.alert_key)).toContain(breachKey);
    expect((await call(hub, 'GET', `/api/alerts/${encodeURIComponent(breachKey)}`, { cookie: sam })).status).toBe(404);
    expect((await call(hub, 'DELETE', `/api/alerts/${encodeURIComponent(breachKey)}/ack`, { cookie: sam })).status).toBe(404);
  });

  it('may not open a screen meant for finance: refused on the socket and left out of the REST list', async () => {
    const { socket } = await watch(sam);
    expect(await subscribe(socket, { screen: 'finance-only' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const list = await call<{ id: string }[]>(hub, 'GET', '/api/screens', { cookie: sam });
    expect(list.body.map((s) => s.id)).toEqual(['mixed']);
    expect((await call(hub, 'GET', '/api/screens/finance-only', { cookie: sam })).status).toBe(403);
    const finSocket = (await watch(fin)).socket;
    const ok = await subscribe(finSocket, { screen: 'finance-only' });
    expect(ok.ok && (ok.screen as ScreenDefinition).widgets.money!.type).toBe('kpi'); // finance sees amounts
  });
});

describe('a screen file that changes', () => {
  it('reaches each watcher cut to its scope: the viewer\'s copy forced to sales and without money, the admin\'s whole', async () => {
    const samWatch = await watch(sam);
    const rootWatch = await watch(root);
    expect((await subscribe(samWatch.socket, { screen: 'mixed' })).ok).toBe(true);
    expect((await subscribe(rootWatch.socket, { screen: 'mixed' })).ok).toBe(true);
    const got = (w: Awaited<ReturnType<typeof watch>>) => w.received.map((r) => JSON.parse(r) as { event: string; msg: { definition?: ScreenDefinition } })
      .find((m) => m.event === 'screen' && m.msg.definition?.widgets.won)?.msg.definition;
    const next = screen('mixed');
    next.widgets = { ...next.widgets, won: { type: 'kpi', metric: { id: 'deals.won_amount', params: { window: 'mtd', department: 'service' } } } } as typeof next.widgets;
    // A widget defined must be placed (an unplaced one makes the file invalid): one more column for it.
    next.layout = { wall: { ...next.layout.wall, columns: next.layout.wall.columns + 1, items: [...next.layout.wall.items, { widget: 'won', x: next.layout.wall.columns, y: 0, w: 1, h: 1 }] } };
    writeFileSync(join(dir.dir, 'mixed.json'), JSON.stringify(next));
    const samDef = await waitFor('the viewer\'s new definition', () => got(samWatch), 10_000);
    const rootDef = await waitFor('the admin\'s new definition', () => got(rootWatch), 10_000);
    expect(samDef.widgets.won!.type).toBe('text');
    expect(samDef.widgets.count!.metric!.params.department).toBe('sales');
    expect(rootDef.widgets.won!.metric).toEqual({ id: 'deals.won_amount', params: { window: 'mtd', department: 'service' } });
    expect(rootDef.widgets.count!.metric!.params.department).toBe('service');
    for (const secret of SERVICE_SECRETS) expect(samWatch.received.join('\n'), secret).not.toContain(secret);
  });
});

describe('without credentials', () => {
  it('nothing but health and sign-in answers, and no socket connects', async () => {
    expect((await call(hub, 'GET', '/api/screens')).status).toBe(401);
    expect((await call(hub, 'GET', '/api/metrics/orders.count')).status).toBe(401);
    expect((await call(hub, 'GET', '/api/health')).status).toBe(200);
    expect((await call(hub, 'GET', '/api/auth/me')).body).toEqual({ access: true, oidc: false, principal: null });
    await expect(connectAs(hub, {})).rejects.toThrow(/sign in/);
    await expect(connectAs(hub, { cookie: 'opswall_session=forged' })).rejects.toThrow(/sign in/);
    await expect(connectAs(hub, { token: 'owd_forged' })).rejects.toThrow(/sign in/);
  });
});
