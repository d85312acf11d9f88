import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, DeviceCommand, DeviceReport, ServerToClientEvents, SubscribeAck, SubscribeRequest } from '../../server/protocol';

export interface LinkHandlers {
  connect(): void;
  /** Socket closed or a connection attempt failed. */
  disconnect(reason: string): void;
  metrics: ServerToClientEvents['metrics'];
  heartbeat: ServerToClientEvents['heartbeat'];
  sources: ServerToClientEvents['sources'];
  alert: ServerToClientEvents['alert'];
  screen: ServerToClientEvents['screen'];
  phase: ServerToClientEvents['phase'];
}

/** The few things the realtime client needs from a socket; a fake one stands in for it in tests. */
export interface HubLink {
  open(handlers: LinkHandlers): void;
  /** Resolves with the hub's ack; rejects when no ack comes in time or the socket drops. */
  subscribe(body: SubscribeRequest, timeoutMs: number): Promise<SubscribeAck>;
  /** Leaves a subscription; nothing waits for the answer. */
  unsubscribe?(body: SubscribeRequest): void;
  /** Drops the connection and dials again (for a connection that went silent). */
  reconnectNow(): void;
  close(): void;
}

/** What a paired display (or a signed-in page) also hears on the wall's socket. */
export interface AccessHooks {
  /** A command to this display (reload, show, identify). */
  device?(msg: DeviceCommand): void;
  /** The hub refused the socket (no valid session or token): it will not be retried. */
  refused?(message: string): void;
  /** How to send a `report` while the socket is up; null when it goes down. */
  reporter?(send: ((body: DeviceReport) => Promise<unknown>) | null): void;
}

/** Same origin, default namespace; WebSocket first, long-polling where a proxy blocks WebSocket. */
export function createSocketLink(token?: string, hooks: AccessHooks = {}): HubLink {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    autoConnect: false,
    ...(token ? { auth: { token } } : {}),
  });
  let redial: ReturnType<typeof setTimeout> | undefined;
  return {
    open(h) {
      socket.on('connect', () => {
        hooks.reporter?.((body) => socket.timeout(10_000).emitWithAck('report', body));
        h.connect();
      });
      socket.on('disconnect', (reason) => {
        h.disconnect(reason);
        // A hub that shuts down cleanly disconnects its sockets, and Socket.IO does not retry those by
        // itself. Dial again after a random 1–3 s, so a wall of TVs does not reconnect all at once.
        if (reason === 'io server disconnect') {
          clearTimeout(redial);
          redial = setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
        }
      });
      socket.on('connect_error', (err) => {
        h.disconnect(err.message);
        // Refused by the hub's access control (no valid session or token, or a page of an origin the hub does not
        // allow), not a network fault: Socket.IO does not retry it.
        const code = (err as Error & { data?: { code?: string } }).data?.code;
        if (code === 'unauthorized' || code === 'bad_origin') hooks.refused?.(err.message);
      });
      socket.on('device', (msg) => hooks.device?.(msg));
      socket.on('metrics', (msg) => h.metrics(msg));
      socket.on('heartbeat', (msg) => h.heartbeat(msg));
      socket.on('sources', (msg) => h.sources(msg));
      socket.on('alert', (msg) => h.alert(msg));
      socket.on('screen', (msg) => h.screen(msg));
      socket.on('phase', (msg) => h.phase(msg));
      socket.connect();
    },
    subscribe(body, timeoutMs) {
      return socket.timeout(timeoutMs).emitWithAck('subscribe', body);
    },
    unsubscribe(body) {
      socket.emit('unsubscribe', body, () => {});
    },
    reconnectNow() {
      socket.disconnect();
      socket.connect();
    },
    close() {
      hooks.reporter?.(null);
      clearTimeout(redial);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
