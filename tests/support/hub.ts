import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { startHub, type Hub, type HubOptions } from '../../server/app';
import type {
  ClientToServerEvents, MetricValue, ServerToClientEvents, SourceHealth, SubscribeAck, SubscribeRequest,
} from '../../server/protocol';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
export const silent = pino({ level: 'silent' });

/** Starts a real hub on a free loopback port with an in-memory store unless told otherwise. */
export function startTestHub(opts: HubOptions = {}): Promise<Hub> {
  return startHub({ port: 0, host: '127.0.0.1', dbPath: ':memory:', logger: silent, ...opts });
}

/** Polls `probe` until it returns something other than undefined, at most `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) { last = err; }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** Waits until every source of the hub has stored its first batch (state ok); the demo's first run backfills 62 days over HTTP. */
export function sourcesOk(hub: Hub, timeoutMs = 90_000): Promise<SourceHealth[]> {
  return waitFor('sources to be ok', async () => {
    const { body } = await getJson<SourceHealth[]>(`${hub.url}/api/sources`);
    return body.length > 0 && body.every((s) => s.state === 'ok') ? body : undefined;
  }, timeoutMs);
}

/** A connected socket.io client (websocket only, no reconnection: a test sees failures at once). */
export function connect(hub: Hub): Promise<Client> {
  const socket: Client = io(hub.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in 5 s')), 5_000);
    socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
    socket.once('connect_error', (err) => { clearTimeout(timer); reject(err); });
  });
}

export function subscribe(socket: Client, body: SubscribeRequest | unknown): Promise<SubscribeAck> {
  return socket.timeout(5_000).emitWithAck('subscribe', body as SubscribeRequest);
}

/** Collects every `metrics` message the socket receives from now on. */
export function recordMetrics(socket: Client): Record<string, MetricValue>[] {
  const messages: Record<string, MetricValue>[] = [];
  socket.on('metrics', (msg) => { messages.push(msg.values); });
  return messages;
}

/** A throw-away folder holding the given screen files (name → JSON value or raw text; a name may have folders). */
export function screensDir(files: Record<string, unknown>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'opswall-screens-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A minimal valid screen showing the given metrics, one KPI widget each. */
export function screenOf(id: string, metrics: Record<string, { id: string; params?: Record<string, string | number> }>) {
  const names = Object.keys(metrics);
  return {
    id, title: `Test ${id}`, canvas: { width: 1920, height: 1080 },
    widgets: Object.fromEntries(names.map((n) => [n, { type: 'kpi', metric: { params: {}, ...metrics[n] } }])),
    layout: { wall: { columns: 24, rows: 24, items: names.map((n, i) => ({ widget: n, x: 0, y: i, w: 4, h: 1 })) } },
  };
}

/**
 * An instant `agoMs` before now, but never before today's local midnight in `zone` (the hub's default): a record a test
 * needs in a "today" window stays in it at any hour the test runs (halfway through today when today is shorter).
 */
export function withinToday(agoMs: number, zone = 'Asia/Shanghai'): string {
  const now = Date.now();
  const midnight = DateTime.fromMillis(now, { zone }).startOf('day').toMillis();
  return new Date(Math.max(now - agoMs, midnight + Math.floor((now - midnight) / 2))).toISOString();
}
