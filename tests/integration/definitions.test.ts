import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { Alert, MetricValue } from '../../server/protocol';
import { connect, getJson, recordMetrics, screenOf, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

// A company's folders side by side, as the hub expects them: screens/ and metrics/ beside it (no --metrics given).
const root = mkdtempSync(join(tmpdir(), 'opswall-definitions-'));
const screens = join(root, 'screens');
const metrics = join(root, 'metrics');

const def = (id: string, body: Record<string, unknown>) => ({ id, title: `Title of ${id}`, description: `What ${id} counts, in words every department reads.`, ...body });
const bigOrders = (min: number) => def('acme.big_orders', {
  entity: 'order', filter: { all: [{ field: 'amount', gte: min }, { field: 'status', ne: 'cancelled' }] },
  measure: { count: true }, windows: ['today', '7d'],
});
const byChannel = def('acme.by_channel', { entity: 'order', measure: { sum: 'amount' }, group_by: { field: 'extra.sales_channel' }, windows: ['today'] });
// Sum over a text field. JSON.stringify(…, null, 2): line 1 "{", 2 id, 3 title, 4 description, 5 entity, 6 "measure": {,
// 7 "sum": "customer" indented four spaces: the key at column 5.
const sumOverText = def('acme.broken', { entity: 'order', measure: { sum: 'customer' } });
// A built-in's id: line 2, the "id" key at column 3.
const clash = def('orders.count', { entity: 'order', measure: { count: true } });

const write = (name: string, content: unknown) => writeFileSync(join(metrics, name), JSON.stringify(content, null, 2));
const logs: { level: number; msg: string; missing?: string[] }[] = [];

let hub: Hub;
let socket: Client;
const alerts: Alert[] = [];
beforeAll(async () => {
  mkdirSync(screens);
  mkdirSync(metrics);
  write('acme.big_orders.json', bigOrders(1000));
  write('acme.by_channel.json', byChannel);
  write('acme.broken.json', sumOverText);
  write('orders.count.json', clash);
  writeFileSync(join(screens, 'defined.json'), JSON.stringify(screenOf('defined', { big: { id: 'acme.big_orders' }, channels: { id: 'acme.by_channel' } }), null, 2));
  writeFileSync(join(screens, 'screen.schema.json'), '{"$comment": "an old schema that offers no defined metric"}\n');
  const logger = pino({ level: 'info' }, { write: (line: string) => { logs.push(JSON.parse(line) as typeof logs[number]); } });
  hub = await startTestHub({
    screensDir: screens, logger,
    config: {
      sources: [{ id: 'shop', kind: 'push' }],
      alerts: { rules: [{ id: 'big-orders', kind: 'threshold', metric: { id: 'acme.big_orders', params: { window: 'today' } }, op: '>', threshold: 1, severity: 'warning' }] },
    },
  });
  socket = await connect(hub);
  socket.on('alert', ({ alert }) => { alerts.push(alert); });
});
afterAll(async () => { socket?.disconnect(); await hub?.close(); rmSync(root, { recursive: true, force: true }); });

/** Orders of today (a second ago), pushed as the shop's system sends them, each with its sales channel in `extra`. */
async function pushOrders(orders: [id: string, amount: number, status: string, channel: string][]) {
  const at = new Date(Date.now() - 1000).toISOString();
  const records = orders.map(([id, amount, status, channel]) => ({ type: 'order', id, status, amount, created_at: at, updated_at: at, extra: { sales_channel: channel } }));
  const res = await fetch(`${hub.url}/api/ingest/shop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  expect(res.status).toBe(200);
}

interface Listed { id: string; origin: string; unit?: string; definition?: { id: string }; file?: string; params: { properties: Record<string, unknown> } }
interface FileListed { id: string; file: string; valid: boolean; error?: string; lastGood?: boolean; problems?: { path: string; line: number; column: number; message: string }[] }
const definitions = async () => (await getJson<FileListed[]>(`${hub.url}/api/definitions`)).body;
const value = async (id: string, query = '') => (await getJson<MetricValue>(`${hub.url}/api/metrics/${id}${query}`)).body;

describe('the company\'s definition files', () => {
  it('GET /api/metrics lists built-ins and defined metrics alike, each defined one with its file and definition', async () => {
    const { body } = await getJson<Listed[]>(`${hub.url}/api/metrics`);
    const mine = body.find((m) => m.id === 'acme.big_orders')!;
    expect(mine).toMatchObject({ origin: 'company', file: 'metrics/acme.big_orders.json', unit: 'orders', definition: { id: 'acme.big_orders' } });
    expect(Object.keys(mine.params.properties).sort()).toEqual(['department', 'window']);
    expect(body.find((m) => m.id === 'orders.stuck')?.origin).toBe('code');
    expect(body.some((m) => m.id === 'acme.broken')).toBe(false); // invalid, with no good version: not a metric
  });

  it('an invalid file is listed with its place: a sum over text, and a built-in\'s id', async () => {
    const files = await definitions();
    const broken = files.find((f) => f.id === 'acme.broken')!;
    expect(broken.valid).toBe(false);
    expect(broken.problems).toEqual([{ path: 'measure.sum', line: 7, column: 5, message: expect.stringContaining('"customer"') }]);
    expect(broken.error).toMatch(/^acme\.broken\.json:7:5 measure\.sum: sum over a text field "customer"; expected a number field/);
    const builtin = files.find((f) => f.id === 'orders.count')!;
    expect(builtin.problems).toEqual([{ path: 'id', line: 2, column: 3, message: expect.stringContaining('is a built-in metric\'s id') }]);
    expect(files.find((f) => f.id === 'acme.big_orders')?.valid).toBe(true);
  });

  it('the hub warns that the screen schema does not offer the defined metrics yet', () => {
    const warning = logs.find((l) => l.msg.includes('screen.schema.json is older than the metric definitions'));
    expect(warning?.missing).toEqual(['acme.big_orders', 'acme.by_channel']);
  });

  it('a screen shows defined metrics; pushed orders reach the wall, REST and a threshold rule', async () => {
    const messages = recordMetrics(socket);
    const ack = await subscribe(socket, { screen: 'defined' });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    // Today: W1 1,200 web, W2 800 web, W3 5,000 partner, W4 3,000 partner but cancelled.
    // acme.big_orders (≥ 1,000, not cancelled) = W1 + W3 = 2; acme.by_channel (every order) = partner 8,000, web 2,000.
    await pushOrders([['W1', 1200, 'new', 'web'], ['W2', 800, 'new', 'web'], ['W3', 5000, 'new', 'partner'], ['W4', 3000, 'cancelled', 'partner']]);
    const big = 'acme.big_orders?window=today';
    await waitFor('the big orders counted on the wall', () => (messages.some((m) => (m[big]?.value as { value?: number } | undefined)?.value === 2) ? true : undefined));
    expect((await value('acme.big_orders')).value).toEqual({ kind: 'scalar', value: 2, previous: null });
    expect((await value('acme.by_channel')).value).toEqual({ kind: 'breakdown', items: [{ key: 'partner', value: 8000 }, { key: 'web', value: 2000 }] });
    const rule = await waitFor('the rule on a defined metric firing', () => alerts.find((a) => a.labels.rule === 'big-orders' && a.state === 'firing'));
    expect(rule.annotations).toMatchObject({ severity: 'warning', value: '2' });
  });

  it('an edit recomputes only that metric, pushed to the open wall; an invalid edit keeps the last good version', async () => {
    const messages = recordMetrics(socket);
    const channelsBefore = await value('acme.by_channel');
    write('acme.big_orders.json', bigOrders(5000)); // now only W3
    const big = 'acme.big_orders?window=today';
    const pushed = await waitFor('the redefined value pushed', () => messages.map((m) => m[big]).find((v) => (v?.value as { value?: number } | undefined)?.value === 1));
    expect(pushed.version).toBeGreaterThan(1);
    expect(messages.some((m) => 'acme.by_channel?window=today' in m)).toBe(false);
    expect((await value('acme.by_channel')).version).toBe(channelsBefore.version);

    // An unknown field: the file is invalid, its last good version (≥ 5,000) goes on.
    write('acme.big_orders.json', { ...bigOrders(5000), filter: { field: 'amout', gte: 1 } });
    const listed = await waitFor('the invalid edit listed', async () => (await definitions()).find((f) => f.id === 'acme.big_orders' && !f.valid));
    expect(listed.lastGood).toBe(true);
    expect(listed.problems?.[0]).toMatchObject({ path: 'filter.field', message: expect.stringContaining('unknown field "amout" for an order') });
    expect((await value('acme.big_orders')).value).toEqual({ kind: 'scalar', value: 1, previous: null });
  });

  it('deleting a file removes the metric; the screen that shows it says which metric is missing', async () => {
    unlinkSync(join(metrics, 'acme.by_channel.json'));
    await waitFor('acme.by_channel gone', async () => ((await getJson<Listed[]>(`${hub.url}/api/metrics`)).body.some((m) => m.id === 'acme.by_channel') ? undefined : true));
    expect((await getJson<{ error: { code: string } }>(`${hub.url}/api/metrics/acme.by_channel`)).status).toBe(404);
    const screen = await waitFor('the screen invalid', async () => (await getJson<FileListed[]>(`${hub.url}/api/screens`)).body.find((s) => s.id === 'defined' && !s.valid));
    expect(screen.error).toContain('unknown metric "acme.by_channel"');
    // The hub goes on: the other defined metric still answers.
    expect((await value('acme.big_orders')).value).toMatchObject({ value: 1 });
  });
});
