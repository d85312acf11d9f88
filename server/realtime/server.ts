import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import {
  phaseOf, subscribeRequestSchema, type Ack, type Alert, type ClientToServerEvents, type DeviceCommand, type MetricRef, type MetricValue, type ScreenDefinition,
  type HubPhaseState, type ServerToClientEvents, type Snapshot, type SourceHealth, type SubscribeAck,
} from '../protocol';
import { badSubscribeBody, type SocketError } from './errors';
import { createKeyBudget } from '../metrics';

/** What one socket may cost the hub (config `access.sockets`). */
export interface SocketLimits {
  /** Distinct metric keys one socket may hold through `{ metrics }` subscriptions. */
  maxKeys: number;
  /** Keys not computed yet that one socket may have created per minute (each one is a pass over the store). */
  newKeysPerMinute: number;
  /** Unsent bytes (a client that stopped reading) past which the socket is dropped. */
  maxBufferBytes: number;
}
export const DEFAULT_SOCKET_LIMITS: SocketLimits = { maxKeys: 200, newKeysPerMinute: 60, maxBufferBytes: 8 * 1024 * 1024 };

/** Why the hub dropped a socket or refused a subscription (labels of the hub's own metrics). */
export type DropReason = 'slow_reader' | 'session_ended';
export type RefusalReason = 'too_many_keys' | 'rate_limited';

/** What the realtime room needs from the rest of the hub (wired in app.ts). */
export interface RealtimeDeps {
  epoch: string;
  timezone: string;
  /** The reporting currency, for the snapshot (default CNY). */
  currency?: string;
  log: Logger;
  heartbeatMs: number;
  screen(id: string): ScreenDefinition | undefined;
  screenMetrics(screen: ScreenDefinition): MetricRef[];
  /** Resolves metric refs to keys, creating and computing the ones not computed yet. */
  ensure(refs: MetricRef[]): string[];
  /** A metric reference's key, without computing anything. */
  resolveKey(ref: MetricRef): string;
  /** A key no room holds any more (app.ts keeps it for a grace period before the engine forgets it). */
  release(key: string): void;
  isScreenKey(key: string): boolean;
  current(key: string): MetricValue | undefined;
  sources(): SourceHealth[];
  /** The open alerts (pending or firing), for the snapshot. */
  alerts(): Alert[];
  /** Access control: who a connecting socket is and what it may see; throws to refuse it. Absent: everyone sees everything. */
  authenticate?(handshake: Socket['handshake']): SocketViewer;
  /** A socket of this viewer came or went (the fleet page shows displays online). */
  presence?(viewer: SocketViewer, online: boolean): void;
  /** A display's `report` (version, memory, latency); throws on a bad body. */
  report?(viewer: SocketViewer, body: unknown): void;
  /** Per-socket bounds; each one defaults to DEFAULT_SOCKET_LIMITS. */
  limits?: Partial<SocketLimits>;
  /** How often every socket's unsent data is measured (default 1 s). */
  bufferCheckMs?: number;
  /** Told each socket dropped and each subscription refused by a limit (the hub's own metrics). */
  observer?: { dropped?(reason: DropReason): void; refused?(reason: RefusalReason): void };
}

/**
 * Who a socket is, as the realtime room needs to know it (made by the access room). Sockets whose viewers
 * have the same `scope` see the same data, so they share rooms and each message is still encoded once.
 */
export interface SocketViewer {
  /** Names what this viewer may see: '' for everything; same scope, same data. */
  scope: string;
  /** Rooms the socket also joins, so the hub can reach or drop it (`device:<id>`, `session:<hash>`). */
  tags: string[];
  /** The screen as this viewer may see it; throws (code `forbidden`) when it may not open it. */
  screen(def: ScreenDefinition): ScreenDefinition;
  /** Metric refs as this viewer may have them (its department forced in); throws on one it may not see. */
  metrics(refs: MetricRef[]): MetricRef[];
  /** A value without the fields this viewer may not see. */
  value(v: MetricValue): MetricValue;
  /** The alert as this viewer may see it, or undefined when it may not. */
  alert(a: Alert): Alert | undefined;
  /**
   * Milliseconds until the holder's credentials lapse by time (a session's idle or absolute limit), read
   * afresh at each call; 0 once they have. Absent: they do not lapse by time (displays, API tokens).
   */
  expiresIn?(): number;
}

type Hub = Server<ClientToServerEvents, ServerToClientEvents>;
type Client = Socket<ClientToServerEvents, ServerToClientEvents>;
const screenRoom = (id: string, scope = '') => `screen:${id}${scope ? `#${scope}` : ''}`;
/** Sockets that ask for the same list of metrics share one room, as a screen's watchers do. */
const setRoom = (keys: readonly string[], scope = '') => `set:${scope ? `${scope}#` : ''}${[...new Set(keys)].sort().join('\n')}`;
const viewerOf = (socket: Client) => socket.data.viewer as SocketViewer | undefined;
/** A setTimeout longer than this (~24.8 days) fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** The engine.io connection's parts this room reads to measure what a socket has not sent yet. */
interface EngineConn {
  writeBuffer?: { data?: unknown }[];
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?(): void } };
  close(discard?: boolean): void;
}
const sizeOf = (data: unknown): number => (typeof data === 'string' ? data.length
  : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data.byteLength : 0);

/**
 * Bytes a socket has queued and not yet handed to the network: the WebSocket's own buffer (ws
 * `bufferedAmount`: what the kernel would not take) and the packets engine.io holds behind it. A string
 * counts its length (at most its UTF-8 size), so this errs low.
 */
function unsentBytes(socket: Client): number {
  const conn = socket.conn as unknown as EngineConn;
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) bytes += sizeOf(packet.data);
  return bytes;
}

/**
 * The Socket.IO face of the hub. Every subscription is a room with a fixed set of keys (a screen, or a
 * list of metrics), and each change is sent as one message per room: fan-out costs one encoding per
 * change and room, not one per socket or per key.
 */
export function createRealtime(http: HttpServer, deps: RealtimeDeps) {
  const io: Hub = new Server({ serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 10_000 });
  // Attached once the server listens, when every request listener (the HTTP app) is in place: engine.io then
  // passes them every request but those of its own path. Attached before them, the HTTP app would answer a
  // pending long-poll too (a 404, the wall's page), and engine.io's own answer later would throw
  // ERR_HTTP_HEADERS_SENT out of a callback: an uncaught exception that stops the hub.
  let attached = false;
  const attach = () => { if (!attached) { attached = true; io.attach(http); } };
  if (http.listening) attach(); else http.prependOnceListener('listening', attach);
  const limits: SocketLimits = { ...DEFAULT_SOCKET_LIMITS, ...deps.limits };
  const newKeys = createKeyBudget(limits.newKeysPerMinute);
  const rooms = new Map<string, string[]>(); // room → its keys, while someone is in it
  const roomViewers = new Map<string, SocketViewer>(); // a scoped room → the viewer its values are cut for
  const scopes = new Map<string, SocketViewer>(); // scope → a viewer of it, for alerts
  const occupied = (room: string) => Boolean(io.sockets.adapter.rooms.get(room)?.size);
  let lastPhase: HubPhaseState | undefined;

  function snapshot(keys: string[], viewer?: SocketViewer): Snapshot {
    const metrics: Record<string, MetricValue> = {};
    for (const key of keys) { const v = deps.current(key); if (v) metrics[key] = viewer ? viewer.value(v) : v; }
    const alerts = viewer ? deps.alerts().flatMap((a) => viewer.alert(a) ?? []) : deps.alerts();
    const sources = deps.sources();
    return { epoch: deps.epoch, timezone: deps.timezone, currency: deps.currency ?? 'CNY', metrics, alerts, sources, phase: phaseOf(sources) };
  }

  /** Forgets empty rooms, and releases keys that no screen uses and no room holds any more. */
  function forgetEmptyRooms() {
    const orphans = new Set<string>();
    for (const [room, keys] of rooms) {
      if (occupied(room)) continue;
      rooms.delete(room);
      roomViewers.delete(room);
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
    const viewer = viewerOf(socket);
    if (viewer) roomViewers.set(room, viewer);
    void socket.join(room);
  }

  /** Drops a socket at once, with its reason in the log; a slow reader's queued data is thrown away with it. */
  function drop(socket: Client, reason: DropReason, detail: Record<string, unknown>) {
    const conn = socket.conn as unknown as EngineConn;
    const ws = conn.transport?.socket;
    const fields = { socket: socket.id, reason, tags: viewerOf(socket)?.tags, address: socket.handshake.address, ...detail };
    if (reason === 'slow_reader') deps.log.warn(fields, 'socket dropped: it does not read what the hub sends (unsent data past access.sockets.max_buffer)');
    else deps.log.info(fields, 'socket dropped: its session ended');
    deps.observer?.dropped?.(reason);
    socket.disconnect(true);
    if (reason === 'slow_reader') {
      // engine.io would wait for the queue to drain before closing, which a client that does not read never lets happen.
      conn.close(true);
      ws?.terminate?.();
    }
  }

  /** Closes a user's socket when the session behind it ends (idle or absolute limit), as signing out does. */
  function watchExpiry(socket: Client, viewer: SocketViewer) {
    const expiresIn = viewer.expiresIn;
    if (!expiresIn) return;
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      if (!socket.connected) return;
      let left: number;
      try { left = expiresIn(); } catch (err) {
        deps.log.error({ err, socket: socket.id }, 'cannot read a socket\'s session; checking again in 5 s');
        left = 5_000;
      }
      if (left <= 0) { drop(socket, 'session_ended', {}); return; }
      // Requests may have moved the session's last-seen time on meanwhile: look again when this wait ends.
      timer = setTimeout(check, Math.min(left, MAX_TIMER_MS));
      timer.unref();
    };
    socket.on('disconnect', () => clearTimeout(timer));
    check();
  }

  /** Keys this socket holds through `{ metrics }` subscriptions. */
  function listKeys(socket: Client): Set<string> {
    const held = new Set<string>();
    for (const room of socket.rooms) if (room.startsWith('set:')) for (const key of rooms.get(room) ?? []) held.add(key);
    return held;
  }

  const refusal = (reason: RefusalReason, message: string) => {
    deps.observer?.refused?.(reason);
    return { ok: false as const, error: { code: reason, message, path: 'metrics' } satisfies SocketError };
  };

  /**
   * The `{ metrics }` keys a socket asks for, within its limits: at most `maxKeys` held at once, and at
   * most `newKeysPerMinute` keys the hub must compute from scratch. Returns a refusal, or undefined.
   */
  function overLimits(socket: Client, refs: MetricRef[]) {
    const wanted = new Set(refs.map((ref) => deps.resolveKey(ref)));
    const held = listKeys(socket);
    const total = new Set([...held, ...wanted]).size;
    if (total > limits.maxKeys) {
      return refusal('too_many_keys', `subscribe: metrics: this socket would hold ${total} metric keys, more than its limit of ${limits.maxKeys} `
        + `(access.sockets.max_keys); it holds ${held.size}: unsubscribe some first`);
    }
    const fresh = [...wanted].filter((key) => deps.current(key) === undefined).length;
    const refused = newKeys.take(socket.id, fresh, Date.now());
    if (!refused) return undefined;
    return refusal('rate_limited', `subscribe: metrics: ${fresh} metric key(s) not computed yet would pass this socket's limit of `
      + `${limits.newKeysPerMinute} new keys a minute (access.sockets.new_keys_per_minute; ${refused.used} used); try again in ${refused.waitS} s`);
  }

  function onSubscribe(socket: Client, body: unknown): SubscribeAck {
    const request = subscribeRequestSchema.safeParse(body);
    if (!request.success) return { ok: false as const, error: badSubscribeBody('subscribe', body, request.error) };
    const viewer = viewerOf(socket);
    if ('screen' in request.data) {
      const found = deps.screen(request.data.screen);
      if (!found) return { ok: false as const, error: { code: 'not_found', message: `no valid screen "${request.data.screen}"`, path: 'screen' } };
      const screen = viewer ? viewer.screen(found) : found;
      const keys = deps.ensure(deps.screenMetrics(screen));
      join(socket, screenRoom(screen.id, viewer?.scope), keys);
      return { ok: true as const, screen, snapshot: snapshot(keys, viewer) };
    }
    const refs = viewer ? viewer.metrics(request.data.metrics) : request.data.metrics;
    const refused = overLimits(socket, refs);
    if (refused) return refused;
    const keys = deps.ensure(refs);
    join(socket, setRoom(keys, viewer?.scope), keys);
    return { ok: true as const, snapshot: snapshot(keys, viewer) };
  }

  function onUnsubscribe(socket: Client, body: unknown): Ack<object> {
    const request = subscribeRequestSchema.safeParse(body);
    if (!request.success) return { ok: false as const, error: badSubscribeBody('unsubscribe', body, request.error) };
    const viewer = viewerOf(socket);
    if ('screen' in request.data) {
      void socket.leave(screenRoom(request.data.screen, viewer?.scope));
    } else {
      // Leave every metric set holding one of these keys, and join the set of what remains.
      const refs = viewer ? viewer.metrics(request.data.metrics) : request.data.metrics;
      const dropped = new Set(refs.map((ref) => deps.resolveKey(ref)));
      for (const room of [...socket.rooms].filter((r) => r.startsWith('set:'))) {
        const keys = rooms.get(room) ?? [];
        if (!keys.some((k) => dropped.has(k))) continue;
        void socket.leave(room);
        const kept = keys.filter((k) => !dropped.has(k));
        if (kept.length > 0) join(socket, setRoom(kept, viewer?.scope), kept);
      }
    }
    forgetEmptyRooms();
    return { ok: true as const };
  }

  /**
   * Nothing a client sends may crash the hub: every request is answered, and an error becomes its ack. The
   * event map types what a well-behaved client sends; the handlers still check every body, as unknown.
   */
  function answer<T>(event: keyof ClientToServerEvents, ack: ((answer: Ack<T>) => void) | undefined, handler: () => Ack<T>) {
    let reply: Ack<T>;
    try { reply = handler(); } catch (err) {
      deps.log.warn({ err, event }, 'socket request failed');
      const e = err as Error & { code?: string; path?: string };
      reply = { ok: false, error: { code: e.code ?? 'error', message: e.message, ...(e.path ? { path: e.path } : {}) } };
    }
    if (typeof ack === 'function') ack(reply);
  }

  if (deps.authenticate) {
    const authenticate = deps.authenticate;
    io.use((socket, next) => {
      try {
        socket.data.viewer = authenticate(socket.handshake);
        next();
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'unauthorized';
        // A cookie from a page of another origin is an attack, or a setting to make: either way the operator should see it.
        if (code === 'bad_origin') deps.log.warn({ origin: socket.handshake.headers.origin, address: socket.handshake.address }, (err as Error).message);
        // The client sees the message and `data.code` in its connect_error.
        next(Object.assign(new Error((err as Error).message), { data: { code } }));
      }
    });
  }

  io.on('connection', (socket: Client) => {
    const viewer = viewerOf(socket);
    if (viewer) {
      void socket.join([`scope:${viewer.scope}`, ...viewer.tags]);
      scopes.set(viewer.scope, viewer);
      deps.presence?.(viewer, true);
      socket.on('disconnect', () => deps.presence?.(viewer, false));
      watchExpiry(socket, viewer);
    }
    socket.on('subscribe', (body, ack) => answer('subscribe', ack, () => onSubscribe(socket, body)));
    socket.on('unsubscribe', (body, ack) => answer('unsubscribe', ack, () => onUnsubscribe(socket, body)));
    socket.on('report', (body, ack) => answer('report', ack, () => {
      if (!viewer || !deps.report) return { ok: false, error: { code: 'forbidden', message: 'only a paired display reports' } };
      deps.report(viewer, body);
      return { ok: true };
    }));
    socket.on('disconnect', () => { newKeys.forget(socket.id); forgetEmptyRooms(); });
  });

  const heartbeat = setInterval(() => io.emit('heartbeat', { epoch: deps.epoch, now: new Date().toISOString() }), deps.heartbeatMs);
  heartbeat.unref();
  // A client that answers pings but reads nothing would have the hub queue every message for it, without end.
  const bufferCheck = setInterval(() => {
    for (const socket of [...io.sockets.sockets.values()]) {
      try {
        const bytes = unsentBytes(socket);
        if (bytes > limits.maxBufferBytes) drop(socket, 'slow_reader', { unsentBytes: bytes, limit: limits.maxBufferBytes });
      } catch (err) { deps.log.error({ err, socket: socket.id }, 'cannot measure or drop a slow socket'); }
    }
  }, deps.bufferCheckMs ?? 1_000);
  bufferCheck.unref();

  return {
    /** Sends changed values: one message per occupied room, holding that room's changed keys only. Returns the messages sent. */
    publish(values: MetricValue[]): number {
      if (values.length === 0) return 0;
      const changed = new Map(values.map((v) => [v.key, v]));
      let sent = 0;
      for (const [room, keys] of rooms) {
        const mine = keys.filter((k) => changed.has(k));
        if (mine.length > 0 && occupied(room)) {
          const viewer = roomViewers.get(room); // a scoped room gets its values cut once, for all its sockets
          io.to(room).emit('metrics', { values: Object.fromEntries(mine.map((k) => [k, viewer ? viewer.value(changed.get(k)!) : changed.get(k)!])) });
          sent++;
        }
      }
      return sent;
    },
    publishSources(sources: SourceHealth[]) {
      io.emit('sources', { sources });
      const phase = phaseOf(sources);
      if (phase.state !== lastPhase) { lastPhase = phase.state; io.emit('phase', { phase }); } // said once per change
    },
    /** An alert changed: every wall hears it at once (one encoding for all sockets, or per scope that may see it). */
    publishAlert(alert: Alert) {
      if (!deps.authenticate) { io.emit('alert', { alert }); return; }
      for (const [scope, viewer] of scopes) {
        const room = `scope:${scope}`;
        if (!occupied(room)) { scopes.delete(scope); continue; }
        const seen = viewer.alert(alert);
        if (seen) io.to(room).emit('alert', { alert: seen });
      }
    },
    /** Drops at once every socket tagged so (a revoked display, a signed-out session). */
    disconnect(tag: string) { io.in(tag).disconnectSockets(true); },
    /** A command to the displays tagged so. */
    command(tag: string, msg: DeviceCommand) { io.to(tag).emit('device', msg); },
    /**
     * A screen file changed: its room now watches the new definition's keys (new ones are computed before
     * the message goes out), and its watchers get, in one `screen` message, the screen as they may see it
     * and a snapshot of those keys: the screen is resolved once per room, and the wall asks for nothing.
     */
    screenChanged(id: string) {
      const found = deps.screen(id);
      if (!found) return;
      // One room per scope that watches this screen, each with the definition as its viewers may see it.
      for (const [room, before] of [...rooms]) {
        if ((room !== screenRoom(id) && !room.startsWith(`${screenRoom(id)}#`)) || !occupied(room)) continue;
        const viewer = roomViewers.get(room);
        let screen: ScreenDefinition;
        try { screen = viewer ? viewer.screen(found) : found; } catch { io.in(room).socketsLeave(room); continue; }
        const keys = deps.ensure(deps.screenMetrics(screen));
        rooms.set(room, keys);
        io.to(room).emit('screen', { id, definition: screen, snapshot: snapshot(keys, viewer) });
        releaseUnheld(before.filter((k) => !keys.includes(k)));
      }
    },
    /** Whether any socket watches this key. */
    isWatched: (key: string) => [...rooms].some(([room, keys]) => keys.includes(key) && occupied(room)),
    /** Every key some socket watches now. */
    watchedKeys(): Set<string> {
      const watched = new Set<string>();
      for (const [room, keys] of rooms) if (occupied(room)) for (const key of keys) watched.add(key);
      return watched;
    },
    get connections() { return attached ? io.engine.clientsCount : 0; },
    /** Tells every wall the hub is restarting (so it says so, not "connection lost"), then closes its sockets. */
    async close() {
      clearInterval(heartbeat);
      clearInterval(bufferCheck);
      io.emit('phase', { phase: { state: 'restarting', syncing: [] } }); // sent ahead of the disconnect on each socket
      io.disconnectSockets(true);
      if (!attached) { await new Promise<void>((resolve) => { http.close(() => resolve()); }); return; }
      await new Promise<void>((resolve) => { io.close(() => resolve()); });
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;
