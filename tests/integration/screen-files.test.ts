import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { MetricValue, ScreenDefinition, Snapshot } from '../../server/protocol';
import { connect, getJson, recordMetrics, screenOf, screensDir, startTestHub, subscribe, waitFor, type Client } from '../support/hub';

interface Listed { id: string; title?: string; valid: boolean; error?: string; lastGood?: boolean; problems?: { path: string; line: number; column: number; message: string }[] }

const live = screenOf('live', { count: { id: 'orders.count', params: { window: 'today' } } });
// A file with a bad param (JSON.stringify with two-space indent, as screensDir writes it).
const broken = screenOf('broken', { count: { id: 'orders.count', params: { window: 'yesterday-ish' } } });
// A drill-through link with a scheme the wall must never open.
const drill = screenOf('drill', { count: { id: 'orders.count' } });
Object.assign(drill.widgets.count!, { link: 'javascript:alert(1)' });
const folder = screensDir({
  'live.json': live,
  'broken.json': broken,
  'drill.json': drill,
  'steady.json': screenOf('steady', { count: { id: 'orders.count' } }),
  'assets/regions.geojson': { type: 'FeatureCollection', features: [] },
  'secret.txt': 'not an asset',
  'playlists/wall.json': { id: 'wall', title: 'Wall', screens: [{ screen: 'live', dwell: '10s' }, { screen: 'steady' }] },
  'playlists/bad.json': { id: 'bad', title: 'Bad', screens: [{ screen: 'nowhere' }] },
});

let hub: Hub;
let socket: Client;
beforeAll(async () => {
  hub = await startTestHub({ config: { sources: [{ id: 'p', kind: 'push' }] }, screensDir: folder.dir });
  socket = await connect(hub);
});
afterAll(async () => { socket?.disconnect(); await hub?.close(); folder.remove(); });

const listed = async (id: string) => (await getJson<Listed[]>(`${hub.url}/api/screens`)).body.find((s) => s.id === id);
const write = (name: string, content: unknown) => writeFileSync(join(folder.dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
/** Writes as many editors do: a temporary file renamed over the old one. */
function writeByRename(name: string, content: unknown) {
  const tmp = join(folder.dir, `.${name}.tmp`);
  writeFileSync(tmp, JSON.stringify(content, null, 2));
  renameSync(tmp, join(folder.dir, name));
}

describe('errors name the file, line, column and JSON path', () => {
  it('a bad param: line 13, column 11 of broken.json', async () => {
    // JSON.stringify(…, null, 2) of screenOf(): line 1 "{", 2 id, 3 title, 4-7 canvas, 8 "widgets": {, 9 "count": {,
    // 10 "type", 11 "metric": {, 12 "params": { (screenOf puts params before id), 13 "window": "yesterday-ish"
    // indented 10 spaces: the key at column 11.
    const entry = await listed('broken');
    expect(entry?.valid).toBe(false);
    expect(entry?.lastGood).toBeUndefined();
    expect(entry?.problems).toHaveLength(1);
    expect(entry?.problems?.[0]).toMatchObject({ path: 'widgets.count.metric.params.window', line: 13, column: 11 });
    expect(entry?.error).toMatch(/^broken\.json:13:11 widgets\.count\.metric\.params\.window: /);
    const one = await getJson<{ error: { code: string } }>(`${hub.url}/api/screens/broken`);
    expect(one.status).toBe(422);
  });
});

describe('drill-through links', () => {
  it('a javascript: link makes the screen invalid, placed at the link', async () => {
    // Where screensDir wrote it: the line holding `"link"`, and the column of its opening quote.
    const lines = JSON.stringify(drill, null, 2).split('\n');
    const line = lines.findIndex((l) => l.includes('"link"')) + 1;
    const column = lines[line - 1]!.indexOf('"link"') + 1;
    const entry = await listed('drill');
    expect(entry?.valid).toBe(false);
    expect(entry?.problems).toEqual([{ path: 'widgets.count.link', line, column, message: expect.stringContaining('"javascript:"') }]);
    expect(entry?.error).toBe(`drill.json:${line}:${column} widgets.count.link: a link must start with http://, https:// or a path /… (this one starts with "javascript:")`);
    expect((await getJson(`${hub.url}/api/screens/drill`)).status).toBe(422);
  });
});

describe('hot reload', () => {
  it('a valid edit reaches a subscribed socket as one `screen` event within 1 s, with the values of its keys, and new metric keys flow', async () => {
    const ack = await subscribe(socket, { screen: 'live' });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const events: { at: number; id: string; definition: ScreenDefinition; snapshot: Snapshot }[] = [];
    socket.on('screen', (msg) => events.push({ at: Date.now(), ...msg }));
    const messages = recordMetrics(socket);

    const edited = screenOf('live', { count: { id: 'orders.count', params: { window: 'today' } }, amount: { id: 'orders.amount', params: { window: 'today' } } });
    edited.title = 'Edited';
    const writtenAt = Date.now();
    write('live.json', edited);
    const event = await waitFor('a screen event', () => events[0], 3_000, 20);
    expect(event.at - writtenAt).toBeLessThan(1_000);
    expect(event.id).toBe('live');
    expect(event.definition.title).toBe('Edited');
    expect(Object.keys(event.definition.widgets)).toEqual(['count', 'amount']);
    expect(event.definition.widgets.amount!.metric).toEqual({ id: 'orders.amount', params: { window: 'today' } });
    // The values come with it, the new key's included (nothing ingested yet: 0 today, 0 yesterday): the wall asks for nothing.
    expect(Object.keys(event.snapshot.metrics).sort()).toEqual(['orders.amount?window=today', 'orders.count?window=today']);
    expect(event.snapshot.metrics['orders.amount?window=today']!.value).toEqual({ kind: 'scalar', value: 0, previous: 0 });
    expect(event.snapshot.epoch).toBe(hub.epoch);
    expect((await getJson<ScreenDefinition>(`${hub.url}/api/screens/live`)).body).toEqual(event.definition);

    // The room now watches the new key: a pushed order changes it, and the change reaches this socket.
    const now = new Date().toISOString();
    const res = await fetch(`${hub.url}/api/ingest/p`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: [{ type: 'order', id: 'HOT-1', status: 'new', amount: 250, created_at: now, updated_at: now }] }) });
    expect(res.status).toBe(200);
    const amount = await waitFor('the new key pushed', () => messages.find((m) => m['orders.amount?window=today'])?.['orders.amount?window=today'] as MetricValue | undefined, 5_000, 20);
    // The push source's first batch: it covers from now on, not yesterday, so today has no previous (metrics.md § Comparisons).
    expect(amount.value).toEqual({ kind: 'scalar', value: 250, previous: null });

    // A fresh subscription has it in its snapshot too.
    const again = await subscribe(socket, { screen: 'live' });
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    expect(again.snapshot.metrics['orders.amount?window=today']?.value).toEqual({ kind: 'scalar', value: 250, previous: null });
  });

  it('an invalid edit keeps the last good version served and emits nothing', async () => {
    const ack = await subscribe(socket, { screen: 'live' });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const events: unknown[] = [];
    socket.on('screen', (msg) => events.push(msg));

    write('live.json', '{ "id": "live", "title": "Half-typed",\n  "canvas": { "width": 1920, }\n}');
    const entry = await waitFor('live to be listed as invalid', async () => {
      const e = await listed('live');
      return e && !e.valid ? e : undefined;
    }, 3_000, 20);
    // Line 2 `  "canvas": { "width": 1920, }`: "width" 15-21, 1920 at 24-27, the stray comma 28,
    // a space 29: the parser wanted a property name where the brace is, column 30.
    expect(entry.problems).toEqual([{ path: '', line: 2, column: 30, message: 'not valid JSON: property name expected' }]);
    expect(entry.error).toBe('live.json:2:30 (root): not valid JSON: property name expected');
    expect(entry.lastGood).toBe(true);
    expect(entry.title).toBe('Edited'); // the title of what is still shown

    const served = await getJson<ScreenDefinition>(`${hub.url}/api/screens/live`);
    expect(served.status).toBe(200);
    expect(served.body.title).toBe('Edited');
    const still = await subscribe(socket, { screen: 'live' });
    expect(still.ok && still.screen?.title).toBe('Edited');
    await new Promise((r) => setTimeout(r, 500));
    expect(events).toEqual([]);

    // Fixed again (written through a rename, as some editors do): valid, announced, flag gone.
    writeByRename('live.json', { ...live, title: 'Fixed' });
    await waitFor('the fixed screen announced', () => events[0], 3_000, 20);
    const fixed = await listed('live');
    expect(fixed).toMatchObject({ valid: true, title: 'Fixed' });
    expect(fixed?.lastGood).toBeUndefined();
    expect(fixed?.error).toBeUndefined();
  });

  it('new files are picked up and deleted ones dropped', async () => {
    write('fresh.json', screenOf('fresh', { count: { id: 'orders.count' } }));
    await waitFor('fresh listed', async () => ((await listed('fresh'))?.valid ? true : undefined), 3_000, 20);
    expect((await getJson(`${hub.url}/api/screens/fresh`)).status).toBe(200);
    rmSync(join(folder.dir, 'fresh.json'));
    await waitFor('fresh gone', async () => ((await listed('fresh')) ? undefined : true), 3_000, 20);
    expect((await getJson(`${hub.url}/api/screens/fresh`)).status).toBe(404);
  });
});

describe('playlists', () => {
  it('lists playlists with their validity and serves a valid one with defaults', async () => {
    const list = await getJson<Listed[]>(`${hub.url}/api/playlists`);
    expect(list.status).toBe(200);
    expect(list.body.map((p) => [p.id, p.valid])).toEqual([['bad', false], ['wall', true]]);
    // JSON.stringify(…, null, 2): line 4 "screens": [, 5 {, 6 "screen": "nowhere" at column 7.
    expect(list.body[0]!.error).toBe('playlists/bad.json:6:7 screens[0].screen: no screen "nowhere" in the screens folder');
    const wall = await getJson(`${hub.url}/api/playlists/wall`);
    expect(wall.body).toEqual({ id: 'wall', title: 'Wall', hold_on_critical: false, screens: [{ screen: 'live', dwell: '10s' }, { screen: 'steady', dwell: '30s' }] });
    expect((await getJson(`${hub.url}/api/playlists/bad`)).status).toBe(422);
    expect((await getJson(`${hub.url}/api/playlists/none`)).status).toBe(404);
  });

  it('hot-reloads an edited playlist, keeping the last good one when the edit is invalid', async () => {
    writeFileSync(join(folder.dir, 'playlists/wall.json'), JSON.stringify({ id: 'wall', title: 'Wall 2', screens: [{ screen: 'steady', dwell: '5s' }] }));
    await waitFor('the edit served', async () => ((await getJson<{ title: string }>(`${hub.url}/api/playlists/wall`)).body.title === 'Wall 2' ? true : undefined), 3_000, 20);
    writeFileSync(join(folder.dir, 'playlists/wall.json'), JSON.stringify({ id: 'wall', title: 'Wall 3', screens: [] }));
    const entry = await waitFor('the bad edit listed', async () => (await getJson<Listed[]>(`${hub.url}/api/playlists`)).body.find((p) => p.id === 'wall' && !p.valid), 3_000, 20);
    expect(entry.lastGood).toBe(true);
    expect(entry.problems?.[0]?.path).toBe('screens');
    expect((await getJson<{ title: string }>(`${hub.url}/api/playlists/wall`)).body.title).toBe('Wall 2');
  });
});

/** GET with the path sent exactly as written (fetch would resolve `..` first). */
function rawGet(path: string): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: hub.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => { body += String(c); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('screen assets', () => {
  it('serves a file from screens/assets', async () => {
    const res = await rawGet('/api/screens/assets/regions.geojson');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/geo\+json/);
    expect(JSON.parse(res.body)).toEqual({ type: 'FeatureCollection', features: [] });
    expect((await rawGet('/api/screens/assets/missing.geojson')).status).toBe(404);
  });

  it('refuses paths that leave the folder', async () => {
    for (const path of ['/api/screens/assets/../secret.txt', '/api/screens/assets/..%2Fsecret.txt', '/api/screens/assets/%2e%2e/secret.txt',
      '/api/screens/assets/x/../../live.json', '/api/screens/assets/..%2F..%2Fpackage.json', '/api/screens/assets/%2Fetc%2Fpasswd']) {
      const res = await rawGet(path);
      expect(res.status, path).toBe(403);
      expect(res.body, path).not.toContain('not an asset');
      expect(JSON.parse(res.body).error.code, path).toBe('forbidden');
    }
  });
});
