import type { Logger } from 'pino';
import { ChannelError, type Channel, type NotificationBatch } from './types';

export interface RetryPolicy {
  /** Tries per batch, the first included. */
  attempts: number;
  /** The first wait; each further wait doubles, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
}

export type Outcome = 'sent' | 'failed' | 'retry';

export interface OutcomeInfo {
  kind: string;
  group_key: string;
  alerts: number;
  attempt: number;
  /** Since the batch was first tried. */
  elapsedMs: number;
  error?: string;
  code?: string | number;
  /** For `retry`: the wait before the next try. */
  retryInMs?: number;
}

export interface DeliveryOptions {
  channels: readonly Channel[];
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout for a channel that has none of its own. */
  timeoutMs?: number;
  /** Batches a channel may have waiting; beyond, the oldest is dropped (a channel down for hours must not hoard memory). */
  maxQueue?: number;
  onOutcome?: (channelId: string, outcome: Outcome, info: OutcomeInfo) => void;
  /** In [0, 1): the jitter. */
  random?: () => number;
}

export interface Delivery {
  /** Queues a batch for its receiver and returns at once. */
  deliver(batch: NotificationBatch): void;
  /** Resolves when every queue is empty and nothing is in flight or waiting to retry. */
  idle(): Promise<void>;
  /** Aborts what is in flight, drops what waits, and closes the channels. */
  close(): Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 2_000, maxMs: 60_000 };
/** The longest wait a vendor's Retry-After (or throttle) is honoured with. */
const MAX_VENDOR_WAIT_MS = 15 * 60_000;

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries of many hubs spread out. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number, vendorWaitMs?: number): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.round(step / 2 + random() * (step / 2));
  return vendorWaitMs === undefined ? jittered : Math.min(MAX_VENDOR_WAIT_MS, Math.max(vendorWaitMs, jittered));
}

interface Lane { channel: Channel; queue: NotificationBatch[]; running: boolean }

/**
 * Sends batches to their channels: one queue per channel, worked in order, so a failing or hanging channel
 * delays only itself. Each try is bounded by the channel's timeout; retryable failures are tried again with
 * backoff (honouring the vendor's Retry-After), permanent ones never.
 */
export function createDelivery(o: DeliveryOptions): Delivery {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...o.retry };
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const maxQueue = o.maxQueue ?? 100;
  const lanes = new Map(o.channels.map((c) => [c.id, { channel: c, queue: [], running: false } as Lane]));
  const inFlight = new Set<AbortController>();
  const sleepers = new Set<() => void>();
  let idleWaiters: (() => void)[] = [];
  let busy = 0;
  let closed = false;

  function report(channel: Channel, outcome: Outcome, info: OutcomeInfo) {
    const fields = { channel: channel.id, ...info };
    if (outcome === 'sent') o.log.info(fields, 'alert notification sent');
    else if (outcome === 'retry') o.log.warn(fields, 'alert notification failed; will retry');
    else o.log.error(fields, 'alert notification failed');
    try { o.onOutcome?.(channel.id, outcome, info); } catch (err) { o.log.warn({ err }, 'alert delivery: onOutcome threw'); }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => { clearTimeout(timer); sleepers.delete(wake); resolve(); };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  async function attempt(channel: Channel, batch: NotificationBatch): Promise<void> {
    const ctl = new AbortController();
    inFlight.add(ctl);
    const timer = setTimeout(() => ctl.abort(), channel.timeoutMs ?? o.timeoutMs ?? 10_000);
    try { await channel.send(batch, ctl.signal); } finally { clearTimeout(timer); inFlight.delete(ctl); }
  }

  async function send(channel: Channel, batch: NotificationBatch): Promise<void> {
    const started = now();
    const base = { kind: channel.kind, group_key: batch.group_key, alerts: batch.alerts.length };
    for (let n = 1; n <= policy.attempts; n++) {
      try {
        await attempt(channel, batch);
        report(channel, 'sent', { ...base, attempt: n, elapsedMs: now() - started });
        return;
      } catch (err) {
        // Anything but a ChannelError is a fault in formatting: it would fail again.
        const e = err instanceof ChannelError ? err : new ChannelError(err instanceof Error ? err.message : String(err), false);
        const info = { ...base, attempt: n, elapsedMs: now() - started, error: e.message, ...(e.code !== undefined ? { code: e.code } : {}) };
        if (!e.retryable || n === policy.attempts || closed) { report(channel, 'failed', info); return; }
        const wait = backoffMs(n, policy, random, e.retryAfterMs);
        report(channel, 'retry', { ...info, retryInMs: wait });
        await sleep(wait);
      }
    }
  }

  async function work(lane: Lane) {
    lane.running = true;
    busy++;
    try {
      for (let batch = lane.queue.shift(); batch; batch = lane.queue.shift()) await send(lane.channel, batch);
    } finally {
      lane.running = false;
      if (--busy === 0) { const waiters = idleWaiters; idleWaiters = []; for (const w of waiters) w(); }
    }
  }

  function drop(lane: Lane, batch: NotificationBatch, why: string) {
    report(lane.channel, 'failed', { kind: lane.channel.kind, group_key: batch.group_key, alerts: batch.alerts.length, attempt: 0, elapsedMs: 0, error: why });
  }

  return {
    deliver(batch) {
      const lane = lanes.get(batch.receiver);
      if (!lane) { o.log.error({ receiver: batch.receiver }, 'alert notification for an unknown channel'); return; }
      if (closed) { drop(lane, batch, 'delivery is closed'); return; }
      if (lane.queue.length >= maxQueue) drop(lane, lane.queue.shift()!, `queue full (${maxQueue} batches waiting)`);
      lane.queue.push(batch);
      if (!lane.running) void work(lane);
    },
    idle: () => (busy === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async close() {
      closed = true;
      for (const lane of lanes.values()) for (const batch of lane.queue.splice(0)) drop(lane, batch, 'delivery closed before sending');
      for (const ctl of inFlight) ctl.abort();
      for (const wake of [...sleepers]) wake();
      if (busy > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      await Promise.all([...lanes.values()].map(async (l) => { await l.channel.close?.(); }));
    },
  };
}
