import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import {
  subscribeRequestSchema, type ClientToServerEvents, type MetricRef, type MetricValue, type ScreenDefinition,
  type ServerToClientEvents, type Snapshot, type SourceHealth,
} from '../protocol';

/** What the realtime room needs from the rest of the hub (wired in app.ts). */
export interface RealtimeDeps {
  epoch: string;
  log: Logger;
  heartbeatMs: number;
  screen(id: string): ScreenDefinition | undefined;
  screenMetrics(screen: ScreenDefinition): MetricRef[];
  /** Resolves metric refs to keys, creating and computing the ones not computed yet. */
  ensure(refs: MetricRef[]): string[];
  /** Drops a key nobody watches any more. */
  release(key: string): void;
  isScreenKey(key: string): boolean;
  current(key: string): MetricValue | undefined;
  sources(): SourceHealth[];
}

type Hub = Server<ClientToServerEvents, ServerToClientEvents>;
type Client = Socket<ClientToServerEvents, ServerToClientEvents>;
const screenRoom = (id: string) => `screen:${id}`;
const metricRoom = (key: string) => `metric:${key}`;

/**
 * The Socket.IO face of the hub. A socket watching a screen joins that screen's room, and each change
 * is sent as one message per room, so fan-out costs one encoding per change, not one per screen.
 */
export function createRealtime(http: HttpServer, deps: RealtimeDeps) {
  const io: Hub = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 10_000 });
  const screensWatched = new Map<string, string[]>(); // screen id → its keys, while someone watches it

  function snapshot(keys: string[]): Snapshot {
    const metrics: Record<string, MetricValue> = {};
    for (const key of keys) { const v = deps.current(key); if (v) metrics[key] = v; }
    return { epoch: deps.epoch, metrics, alerts: [], sources: deps.sources() };
  }

  function releaseUnwatched(keys: string[]) {
    for (const key of keys) {
      if (!deps.isScreenKey(key) && !io.sockets.adapter.rooms.get(metricRoom(key))?.size) deps.release(key);
    }
  }

  function onSubscribe(socket: Client, body: unknown) {
    const request = subscribeRequestSchema.safeParse(body);
    if (!request.success) {
      const issue = request.error.issues[0];
      return { ok: false as const, error: { code: 'bad_request', message: `subscribe: expected { screen } or { metrics: [{ id, params }] }: ${issue?.message ?? ''}`, path: issue?.path.join('.') } };
    }
    if ('screen' in request.data) {
      const screen = deps.screen(request.data.screen);
      if (!screen) return { ok: false as const, error: { code: 'not_found', message: `no valid screen "${request.data.screen}"`, path: 'screen' } };
      const keys = deps.ensure(deps.screenMetrics(screen));
      screensWatched.set(screen.id, keys);
      void socket.join(screenRoom(screen.id));
      return { ok: true as const, screen, snapshot: snapshot(keys) };
    }
    const keys = deps.ensure(request.data.metrics);
    for (const key of keys) void socket.join(metricRoom(key));
    return { ok: true as const, snapshot: snapshot(keys) };
  }

  function onUnsubscribe(socket: Client, body: unknown) {
    const request = subscribeRequestSchema.safeParse(body);
    if (!request.success) return { ok: false as const, error: { code: 'bad_request', message: 'unsubscribe: expected { screen } or { metrics }' } };
    if ('screen' in request.data) { void socket.leave(screenRoom(request.data.screen)); return { ok: true as const }; }
    const keys = deps.ensure(request.data.metrics);
    for (const key of keys) void socket.leave(metricRoom(key));
    releaseUnwatched(keys);
    return { ok: true as const };
  }

  io.on('connection', (socket: Client) => {
    // Nothing a client sends may crash the hub: every handler answers, and errors become acks.
    const guard = (name: string, handler: (body: unknown) => object) => (body: unknown, ack?: unknown) => {
      let answer: object;
      try { answer = handler(body); } catch (err) {
        deps.log.warn({ err, event: name }, 'socket request failed');
        const e = err as Error & { code?: string; path?: string };
        answer = { ok: false, error: { code: e.code ?? 'error', message: e.message, ...(e.path ? { path: e.path } : {}) } };
      }
      if (typeof ack === 'function') ack(answer);
    };
    socket.on('subscribe', guard('subscribe', (b) => onSubscribe(socket, b)) as never);
    socket.on('unsubscribe', guard('unsubscribe', (b) => onUnsubscribe(socket, b)) as never);
    socket.on('disconnecting', () => {
      const keys = [...socket.rooms].filter((r) => r.startsWith('metric:')).map((r) => r.slice('metric:'.length));
      setImmediate(() => releaseUnwatched(keys));
    });
  });

  const heartbeat = setInterval(() => io.emit('heartbeat', { epoch: deps.epoch, now: new Date().toISOString() }), deps.heartbeatMs);
  heartbeat.unref();

  return {
    /** Sends changed values: one message per screen room with that screen's changed keys, one per metric room. */
    publish(values: MetricValue[]) {
      if (values.length === 0) return;
      const changed = new Map(values.map((v) => [v.key, v]));
      for (const [screenId, keys] of screensWatched) {
        if (!io.sockets.adapter.rooms.get(screenRoom(screenId))?.size) continue;
        const mine = keys.filter((k) => changed.has(k));
        if (mine.length > 0) io.to(screenRoom(screenId)).emit('metrics', { values: Object.fromEntries(mine.map((k) => [k, changed.get(k)!])) });
      }
      for (const value of values) {
        if (io.sockets.adapter.rooms.get(metricRoom(value.key))?.size) io.to(metricRoom(value.key)).emit('metrics', { values: { [value.key]: value } });
      }
    },
    publishSources(sources: SourceHealth[]) { io.emit('sources', { sources }); },
    publishScreen(id: string, definition: ScreenDefinition) { io.to(screenRoom(id)).emit('screen', { id, definition }); },
    /** Whether any socket watches this key directly. */
    isWatched: (key: string) => Boolean(io.sockets.adapter.rooms.get(metricRoom(key))?.size),
    get connections() { return io.engine.clientsCount; },
    async close() {
      clearInterval(heartbeat);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => { io.close(() => resolve()); });
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;
