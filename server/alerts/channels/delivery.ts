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

/** One kept notification, as the store's outbox holds it (times in epoch ms). */
export interface OutboxEntry { id: number; channel: string; groupKey: string; payload: unknown; attempt: number; nextAttemptAt: number; createdAt: number }

/**
 * Where batches are kept durably until they are sent or finally fail (the store's notification outbox),
 * so a batch waiting for a retry survives a kill and is sent after the next start.
 */
export interface NotificationOutbox {
  /** Keeps a batch before its first try; returns its id. May throw (the store cannot write): the batch is then sent from memory only. */
  add(e: { channel: string; groupKey: string; payload: unknown; nextAttemptAt: number; createdAt: number }): number;
  attempted(id: number, attempt: number, nextAttemptAt: number): void;
  remove(id: number): void;
  pending(): OutboxEntry[];
}

export interface DeliveryOptions {
  channels: readonly Channel[];
  /**
   * Keeps every batch from before its first try until it is sent or finally fails; what it holds at the start
   * is sent first, each batch once (its retries go on from the tries it had). Without it, a restart loses what waits.
   */
  outbox?: NotificationOutbox;
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
  /** Aborts what is in flight, drops what waits (kept in the outbox for the next start), and closes the channels. */
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

/** A batch in a lane: its outbox id (absent when it could not be kept), the tries it had, when the next is due. */
interface Item { batch: NotificationBatch; id?: number; tries: number; dueAt?: number; firstAt: number }
interface Lane { channel: Channel; queue: Item[]; running: boolean }

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

  function drop(channel: Channel, item: Item, why: string) {
    const { batch } = item;
    report(channel, 'failed', { kind: channel.kind, group_key: batch.group_key, alerts: batch.alerts.length, attempt: item.tries, elapsedMs: now() - item.firstAt, error: why });
  }
  /** Closing (the hub stops): a kept batch stays in the outbox and is sent after the next start. */
  const closedWhy = (item: Item) => (item.id === undefined ? 'delivery closed before sending' : 'delivery closed before sending; kept in the outbox for the next start');

  /** The batch is done with (sent, or failed for good): it leaves the outbox. */
  function forget(item: Item) {
    if (item.id === undefined || !o.outbox) return;
    try { o.outbox.remove(item.id); } catch (err) { o.log.error({ err, group_key: item.batch.group_key }, 'alert delivery: cannot remove a batch from the outbox'); }
  }

  async function send(channel: Channel, item: Item): Promise<void> {
    const { batch } = item;
    const base = { kind: channel.kind, group_key: batch.group_key, alerts: batch.alerts.length };
    // A batch kept from before a restart goes on from the tries it had (and tries at least once more).
    if (item.dueAt !== undefined && item.dueAt > now()) await sleep(item.dueAt - now());
    for (let n = Math.min(item.tries, policy.attempts - 1) + 1; n <= policy.attempts; n++) {
      if (closed) { drop(channel, item, closedWhy(item)); return; }
      try {
        await attempt(channel, batch);
        report(channel, 'sent', { ...base, attempt: n, elapsedMs: now() - item.firstAt });
        forget(item);
        return;
      } catch (err) {
        // Anything but a ChannelError is a fault in formatting: it would fail again.
        const e = err instanceof ChannelError ? err : new ChannelError(err instanceof Error ? err.message : String(err), false);
        item.tries = n;
        const info = { ...base, attempt: n, elapsedMs: now() - item.firstAt, error: e.message, ...(e.code !== undefined ? { code: e.code } : {}) };
        if (closed && e.retryable) { report(channel, 'failed', { ...info, error: `${e.message}; ${closedWhy(item)}` }); return; }
        if (!e.retryable || n === policy.attempts) { report(channel, 'failed', info); forget(item); return; }
        const wait = backoffMs(n, policy, random, e.retryAfterMs);
        report(channel, 'retry', { ...info, retryInMs: wait });
        if (item.id !== undefined) {
          try { o.outbox?.attempted(item.id, n, now() + wait); } catch (err) { o.log.warn({ err, group_key: batch.group_key }, 'alert delivery: cannot record a try in the outbox'); }
        }
        await sleep(wait);
      }
    }
  }

  async function work(lane: Lane) {
    lane.running = true;
    busy++;
    try {
      for (let item = lane.queue.shift(); item && !closed; item = lane.queue.shift()) await send(lane.channel, item);
    } finally {
      lane.running = false;
      if (--busy === 0) { const waiters = idleWaiters; idleWaiters = []; for (const w of waiters) w(); }
    }
  }

  function enqueue(lane: Lane, item: Item) {
    if (lane.queue.length >= maxQueue) { const oldest = lane.queue.shift()!; drop(lane.channel, oldest, `queue full (${maxQueue} batches waiting)`); forget(oldest); }
    lane.queue.push(item);
  }

  // What the outbox holds was pending at the last stop or kill: it is sent first, each batch once.
  if (o.outbox) {
    const kept = o.outbox.pending();
    for (const row of kept) {
      const lane = lanes.get(row.channel);
      if (!lane) {
        o.log.error({ channel: row.channel, group_key: row.groupKey }, 'a kept alert notification is for a channel no longer configured: dropped');
        o.outbox.remove(row.id);
        continue;
      }
      enqueue(lane, { batch: row.payload as NotificationBatch, id: row.id, tries: row.attempt, dueAt: row.nextAttemptAt, firstAt: row.createdAt });
    }
    if (kept.length > 0) o.log.info({ batches: kept.length }, 'sending the alert notifications kept from before the restart');
    for (const lane of lanes.values()) if (lane.queue.length > 0) void work(lane);
  }

  return {
    deliver(batch) {
      const lane = lanes.get(batch.receiver);
      if (!lane) { o.log.error({ receiver: batch.receiver }, 'alert notification for an unknown channel'); return; }
      const item: Item = { batch, tries: 0, firstAt: now() };
      if (closed) { drop(lane.channel, item, 'delivery is closed'); return; }
      try {
        item.id = o.outbox?.add({ channel: batch.receiver, groupKey: batch.group_key, payload: batch, nextAttemptAt: item.firstAt, createdAt: item.firstAt });
      } catch (err) {
        o.log.warn({ err, channel: batch.receiver, group_key: batch.group_key }, 'alert notification not kept in the outbox (sent from memory only)');
      }
      enqueue(lane, item);
      if (!lane.running) void work(lane);
    },
    idle: () => (busy === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async close() {
      closed = true;
      for (const lane of lanes.values()) {
        for (const item of lane.queue.splice(0)) drop(lane.channel, item, closedWhy(item));
      }
      for (const ctl of inFlight) ctl.abort();
      for (const wake of [...sleepers]) wake();
      if (busy > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      await Promise.all([...lanes.values()].map(async (l) => { await l.channel.close?.(); }));
    },
  };
}
