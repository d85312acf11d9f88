import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import {
  subscribeRequestSchema, type Alert, type ClientToServerEvents, type MetricRef, type MetricValue, type ScreenDefinition,
  type ServerToClientEvents, type Snapshot, type SourceHealth,
} from '../protocol';

/** What the realtime room needs from the rest of the hub (wired in app.ts). */
export interface RealtimeDeps {
  epoch: string;
  timezone: string;
  log: Logger;
  heartbeatMs: number;
  screen(id: string): ScreenDefinition | undefined;
  screenMetrics(screen: ScreenDefinition): MetricRef[];
  /** Resolves metric refs to keys, creating and computing the ones not computed yet. */
  ensure(refs: MetricRef[]): string[];
  /** A metric reference's key, without computing anything. */
  resolveKey(ref: MetricRef): string;
  /** Drops a key nobody watches any more. */
  release(key: string): void;
  isScreenKey(key: string): boolean;
  current(key: string): MetricValue | undefined;
  sources(): SourceHealth[];
  /** The open alerts (pending or firing), for the snapshot. */
  alerts(): Alert[];
}

type Hub = Server<ClientToServerEvents, ServerToClientEvents>;
type Client = Socket<ClientToServerEvents, ServerToClientEvents>;
const screenRoom = (id: string) => `screen:${id}`;
/** Sockets that ask for the same list of metrics share one room, as a screen's watchers do. */
const setRoom = (keys: readonly string[]) => `set:${[...new Set(keys)].sort().join('\n')}`;

/**
 * The Socket.IO face of the hub. Every subscription is a room with a fixed set of keys (a screen, or a
 * list of metrics), and each change is sent as one message per room: fan-out costs one encoding per
 * change and room, not one per socket or per key.
 */
export function createRealtime(http: HttpServer, deps: RealtimeDeps) {
  const io: Hub = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 10_000 });
  const rooms = new Map<string, string[]>(); // room → its keys, while someone is in it
  const occupied = (room: string) => Boolean(io.sockets.adapter.rooms.get(room)?.size);

  function snapshot(keys: string[]): Snapshot {
    const metrics: Record<string, MetricValue> = {};
    for (const key of keys) { const v = deps.current(key); if (v) metrics[key] = v; }
    return { epoch: deps.epoch, timezone: deps.timezone, metrics, alerts: deps.alerts(), sources: deps.sources() };
  }

  /** Forgets empty rooms, and releases keys that no screen uses and no room holds any more. */
  function forgetEmptyRooms() {
    const orphans = new Set<string>();
    for (const [room, keys] of rooms) {
      if (occupied(room)) continue;
      rooms.delete(room);
      for (const key of keys) orphans.add(key);
    }
    releaseUnheld(orphans);
  }

  function releaseUnheld(candidates: Iterable<string>) {
    const held = new Set([...rooms.values()].flat());
    for (const key of candidates) if (!held.has(key) && !deps.isScreenKey(key)) deps.release(key);
  }

  function join(socket: Client, room: string, keys: string[]) {
    rooms.set(room, keys);
    void socket.join(room);
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
      join(socket, screenRoom(screen.id), keys);
      return { ok: true as const, screen, snapshot: snapshot(keys) };
    }
    const keys = deps.ensure(request.data.metrics);
    join(socket, setRoom(keys), keys);
    return { ok: true as const, snapshot: snapshot(keys) };
  }

  function onUnsubscribe(socket: Client, body: unknown) {
    const request = subscribeRequestSchema.safeParse(body);
    if (!request.success) return { ok: false as const, error: { code: 'bad_request', message: 'unsubscribe: expected { screen } or { metrics }' } };
    if ('screen' in request.data) {
      void socket.leave(screenRoom(request.data.screen));
    } else {
      // Leave every metric set holding one of these keys, and join the set of what remains.
      const dropped = new Set(request.data.metrics.map((ref) => deps.resolveKey(ref)));
      for (const room of [...socket.rooms].filter((r) => r.startsWith('set:'))) {
        const keys = rooms.get(room) ?? [];
        if (!keys.some((k) => dropped.has(k))) continue;
        void socket.leave(room);
        const kept = keys.filter((k) => !dropped.has(k));
        if (kept.length > 0) join(socket, setRoom(kept), kept);
      }
    }
    forgetEmptyRooms();
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
    socket.on('disconnect', () => forgetEmptyRooms());
  });

  const heartbeat = setInterval(() => io.emit('heartbeat', { epoch: deps.epoch, now: new Date().toISOString() }), deps.heartbeatMs);
  heartbeat.unref();

  return {
    /** Sends changed values: one message per occupied room, holding that room's changed keys only. Returns the messages sent. */
    publish(values: MetricValue[]): number {
      if (values.length === 0) return 0;
      const changed = new Map(values.map((v) => [v.key, v]));
      let sent = 0;
      for (const [room, keys] of rooms) {
        const mine = keys.filter((k) => changed.has(k));
        if (mine.length > 0 && occupied(room)) {
          io.to(room).emit('metrics', { values: Object.fromEntries(mine.map((k) => [k, changed.get(k)!])) });
          sent++;
        }
      }
      return sent;
    },
    publishSources(sources: SourceHealth[]) { io.emit('sources', { sources }); },
    /** An alert changed: every wall hears it at once (one encoding for all sockets). */
    publishAlert(alert: Alert) { io.emit('alert', { alert }); },
    /**
     * A screen file changed: its room now watches the new definition's keys (new ones are computed before
     * the message goes out), and its watchers get the definition. The wall then asks for a fresh snapshot.
     */
    screenChanged(id: string) {
      const room = screenRoom(id);
      const screen = deps.screen(id);
      if (!screen || !occupied(room)) return;
      const before = rooms.get(room) ?? [];
      const keys = deps.ensure(deps.screenMetrics(screen));
      rooms.set(room, keys);
      io.to(room).emit('screen', { id, definition: screen });
      releaseUnheld(before.filter((k) => !keys.includes(k)));
    },
    /** Whether any socket watches this key. */
    isWatched: (key: string) => [...rooms].some(([room, keys]) => keys.includes(key) && occupied(room)),
    get connections() { return io.engine.clientsCount; },
    async close() {
      clearInterval(heartbeat);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => { io.close(() => resolve()); });
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;
