import { z } from 'zod';
import type { Alert } from './alerts';
import { metricRefSchema } from './metric-ref';
import type { MetricValue } from './values';
import type { HubPhase, SourceHealth } from './sources';
import type { ScreenDefinition } from './screen';
import type { DeviceCommand, DeviceReport } from './access';

/** `subscribe` / `unsubscribe` body: a whole screen, or a list of metrics. */
export const subscribeRequestSchema = z.union([
  z.object({ screen: z.string().min(1) }).strict(),
  z.object({ metrics: z.array(metricRefSchema).min(1).max(200) }).strict(),
]);
export type SubscribeRequest = z.input<typeof subscribeRequestSchema>;

export interface Snapshot {
  epoch: string;
  /** The hub's business time zone (IANA): windows such as `today` roll over at its midnight. */
  timezone: string;
  /**
   * The reporting currency (ISO 4217): every money value is in it, and the wall writes amounts with its sign.
   * Always sent by this hub; a wall takes CNY without it.
   */
  currency?: string;
  metrics: Record<string, MetricValue>;
  /** Open alerts (pending or firing); empty while the hub runs no alert rules. */
  alerts: Alert[];
  sources: SourceHealth[];
  /** The hub's phase now (docs/api.md, The hub's phase); the `phase` event says when it changes. */
  phase?: HubPhase;
}

/** Every ack has this one shape. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string; path?: string } };
export type SubscribeAck = Ack<{ screen?: ScreenDefinition; snapshot: Snapshot }>;

export interface ClientToServerEvents {
  subscribe: (body: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  unsubscribe: (body: SubscribeRequest, ack: (answer: Ack<object>) => void) => void;
  /** A paired display's health (version, memory, latency): shown on the fleet page. */
  report: (body: DeviceReport, ack: (answer: Ack<object>) => void) => void;
}

export interface ServerToClientEvents {
  metrics: (msg: { values: Record<string, MetricValue> }) => void;
  sources: (msg: { sources: SourceHealth[] }) => void;
  /** The hub's phase changed (syncing → ready): sent to every socket with the sources that tell it. */
  phase: (msg: { phase: HubPhase }) => void;
  alert: (msg: { alert: Alert }) => void;
  /**
   * A screen file changed: the screen as this socket's subscription now serves it (params filled in, scoped),
   * with a snapshot of its keys, in one message; the wall needs no new `subscribe`.
   */
  screen: (msg: { id: string; definition: ScreenDefinition; snapshot: Snapshot }) => void;
  heartbeat: (msg: { epoch: string; now: string }) => void;
  /** To one paired display: reload, show another screen or playlist, or show its name big. */
  device: (msg: DeviceCommand) => void;
}
