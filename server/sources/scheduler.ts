import type { Logger } from 'pino';
import { normaliseRecord, type CanonicalRecord, type RecordChange, type RecordType } from '../model';
import type { SourceHealth } from '../protocol';
import type { Store } from '../store';
import type { Connector } from './types';

/** An error a connector throws when the vendor asked it to wait (429, Retry-After). */
export class RetryLaterError extends Error {
  constructor(message: string, readonly retryAfterMs: number) { super(message); this.name = 'RetryLaterError'; }
}

export interface SchedulerDeps {
  store: Store;
  log: Logger;
  /** Told of every stored change, page by page, in order. */
  onChanges(source: string, changes: RecordChange[]): void;
  /**
   * Told when a source's health changed: `stateChanged` when a state or error changed (values may turn
   * stale or fresh), otherwise only its last success moved on (data age).
   */
  onHealth(sources: SourceHealth[], stateChanged: boolean): void;
  now?: () => number;
}

export interface SourcePlan { id: string; intervalMs: number; timeoutMs: number; connector: Connector }

const MAX_PAGES_PER_POLL = 10_000;
const MAX_BACKOFF_MS = 5 * 60_000;

interface Running {
  plan: SourcePlan;
  health: SourceHealth;
  failures: number;
  timer?: NodeJS.Timeout;
  inFlight?: Promise<void>;
  push?: boolean;
}

/**
 * Polls every source on its interval: never two polls of one source at once, a timeout per poll, pages
 * until the end, each page stored with its cursor in one transaction, exponential backoff with jitter
 * on failure (or the vendor's Retry-After). A failing source never stops the others.
 */
export function createScheduler(deps: SchedulerDeps) {
  const now = deps.now ?? Date.now;
  const sources = new Map<string, Running>();
  let stopped = true;

  const report = (stateChanged: boolean) => deps.onHealth([...sources.values()].map((s) => ({ ...s.health })), stateChanged);

  /** Validates records one by one, stores the valid ones with the cursor, and says which were rejected. */
  function store(s: Running, raw: unknown[], cursor: unknown): { accepted: number; rejected: { index: number; error: string }[] } {
    const valid: CanonicalRecord[] = [];
    const rejected: { index: number; error: string }[] = [];
    raw.forEach((candidate, index) => {
      const checked = normaliseRecord(candidate);
      if (checked.ok) valid.push(checked.record);
      else rejected.push({ index, error: checked.error });
    });
    const changes = deps.store.applyBatch(s.plan.id, valid, cursor);
    s.health.records += changes.filter((c) => !c.before).length;
    if (changes.length > 0) deps.onChanges(s.plan.id, changes);
    return { accepted: valid.length, rejected };
  }

  async function pollOnce(s: Running): Promise<void> {
    const { plan } = s;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => { controller.abort(); reject(new Error(`timed out after ${plan.timeoutMs} ms`)); }, plan.timeoutMs);
    });
    try {
      let cursor = deps.store.getCursor(plan.id);
      for (let page = 0; page < MAX_PAGES_PER_POLL && !stopped; page++) {
        const result = await Promise.race([plan.connector.poll({ cursor, now: now(), signal: controller.signal, log: deps.log }), timeout]);
        const { rejected } = store(s, result.records, result.cursor);
        for (const r of rejected) deps.log.warn({ source: plan.id, page, ...r }, 'record rejected');
        cursor = result.cursor;
        if (result.progress) {
          const pct = Math.round((result.progress.done / Math.max(1, result.progress.total)) * 100);
          deps.log.info({ source: plan.id, ...result.progress, pct }, 'backfill progress');
          s.health.lastError = undefined;
        }
        if (!result.more) break;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  function schedule(s: Running, delayMs: number) {
    if (stopped) return;
    s.health.nextPollAt = new Date(now() + delayMs).toISOString();
    s.timer = setTimeout(() => { s.inFlight = run(s).finally(() => { s.inFlight = undefined; }); }, delayMs);
  }

  async function run(s: Running): Promise<void> {
    const { plan, health } = s;
    let delay = plan.intervalMs;
    const before = JSON.stringify([health.state, health.lastError]);
    try {
      await pollOnce(s);
      s.failures = 0;
      health.state = 'ok';
      health.lastSuccessAt = new Date(now()).toISOString();
      delete health.lastError;
    } catch (err) {
      s.failures++;
      const message = err instanceof Error ? err.message : String(err);
      health.lastError = message;
      health.state = s.failures >= 3 ? 'down' : 'degraded';
      const backoff = Math.min(MAX_BACKOFF_MS, plan.intervalMs * 2 ** s.failures) * (0.8 + Math.random() * 0.4);
      delay = err instanceof RetryLaterError ? Math.max(err.retryAfterMs, plan.intervalMs) : backoff;
      deps.log.warn({ source: plan.id, failures: s.failures, retryInMs: Math.round(delay), error: message }, 'poll failed');
    }
    health.lagSeconds = health.lastSuccessAt ? Math.round((now() - Date.parse(health.lastSuccessAt)) / 1000) : undefined;
    report(JSON.stringify([health.state, health.lastError]) !== before);
    schedule(s, delay);
  }

  return {
    /** A source whose records are pushed to the hub rather than polled. */
    addPush(id: string) {
      const connector: Connector = { kind: 'push', entities: ['order', 'ticket', 'deal'], poll: () => Promise.reject(new Error('push sources are not polled')) };
      sources.set(id, { plan: { id, intervalMs: 0, timeoutMs: 0, connector }, failures: 0, push: true,
        health: { id, kind: 'push', state: 'ok', lastSuccessAt: null, records: deps.store.countRecords(id), entities: [...connector.entities] } });
    },
    /** Stores a pushed batch; a rejected record never blocks the others. */
    ingest(id: string, records: unknown[]) {
      const s = sources.get(id);
      if (!s?.push) throw new Error(`"${id}" is not a push source`);
      const answer = store(s, records, { receivedAt: new Date(now()).toISOString() });
      s.health.lastSuccessAt = new Date(now()).toISOString();
      report(false);
      return answer;
    },
    add(plan: SourcePlan) {
      sources.set(plan.id, {
        plan, failures: 0,
        health: { id: plan.id, kind: plan.connector.kind, state: 'degraded', lastSuccessAt: null, records: deps.store.countRecords(plan.id),
          entities: [...plan.connector.entities] },
      });
    },
    start() {
      stopped = false;
      for (const s of sources.values()) if (!s.push) schedule(s, 0);
    },
    /** Stops polling and waits for polls in flight, so nothing is written after it returns. */
    async stop() {
      stopped = true;
      for (const s of sources.values()) clearTimeout(s.timer);
      await Promise.allSettled([...sources.values()].map((s) => s.inFlight));
    },
    health: (): SourceHealth[] => [...sources.values()].map((s) => ({
      ...s.health, lagSeconds: s.health.lastSuccessAt ? Math.round((now() - Date.parse(s.health.lastSuccessAt)) / 1000) : undefined,
    })),
    /** The newest successful poll behind an entity, and whether any source of it is failing. */
    freshness(entity: RecordType): { asOf: string | null; stale: boolean } {
      const feeding = [...sources.values()].filter((s) => s.plan.connector.entities.includes(entity));
      const times = feeding.map((s) => s.health.lastSuccessAt).filter((t): t is string => t !== null).sort();
      return { asOf: times[times.length - 1] ?? null, stale: feeding.some((s) => s.health.state === 'down' || s.health.state === 'degraded') };
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
