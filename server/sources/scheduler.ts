import type { Logger } from 'pino';
import { amountsWithoutRate, tallyWithoutRate } from '../currency';
import { normaliseRecord, type CanonicalRecord, type RecordChange, type RecordType } from '../model';
import type { SourceHealth } from '../protocol';
import type { SourceCoverage, Store } from '../store';
import { StoreWriteError } from '../store';
import { AuthError, RetryLaterError } from './errors';
import { sourceState } from './health';
import type { Connector, PollPage } from './types';

export { AuthError, RetryLaterError } from './errors';

/** How a poll ended, as counted on /metrics. */
export type PollOutcome = 'ok' | 'error' | 'timeout' | 'throttled' | 'auth';

/** Told of what the scheduler does, for the hub's own metrics (GET /metrics). */
export interface SchedulerObserver {
  /** A poll ended; `startedAt` (ms) is when it began: a success confirms pending alerts of conditions older than that. */
  polled(source: string, outcome: PollOutcome, seconds: number, startedAt: number): void;
  /** One stored page (or pushed batch): records accepted, rows that changed, records rejected. */
  stored(source: string, counts: { accepted: number; changed: number; rejected: number }): void;
}

export interface SchedulerDeps {
  store: Store;
  log: Logger;
  /** Told of every stored change, page by page, in order. */
  onChanges(source: string, changes: RecordChange[]): void;
  /**
   * Gives each valid record what the hub derives at ingest before it is stored (an order's or deal's amount in
   * the reporting currency: the currency room's `convert`). Every path in goes through here: polls, pushes, webhooks.
   */
  derive?<R extends CanonicalRecord>(record: R): R;
  /**
   * Told when a source's health changed: `stateChanged` when a state, error or coverage changed (values may turn
   * stale or fresh, comparisons appear or go), otherwise only its last success or backfill progress moved on.
   */
  onHealth(sources: SourceHealth[], stateChanged: boolean): void;
  observer?: SchedulerObserver;
  now?: () => number;
  /** Jitter source in [0, 1) (tests pin it). */
  random?: () => number;
}

export interface SourcePlan {
  id: string; intervalMs: number; timeoutMs: number; connector: Connector; paused?: boolean;
  /**
   * Where a first run starting at `now` begins reading: every record changed at or after it is read (0: the
   * vendor's whole history; null or absent: cannot be told, so the source never covers a span). See coverage.ts.
   */
  backfillFrom?: (now: number) => number | null;
}

/** A page request that ran past the source's `timeout`. */
export class PollTimeoutError extends Error {
  constructor(ms: number) { super(`timed out after ${ms} ms`); this.name = 'PollTimeoutError'; }
}

const MAX_PAGES_PER_POLL = 10_000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 5 * 60_000;
const REJECTS_LOGGED_PER_PAGE = 20;
const BACKFILL_LOG_MS = 5_000;
const WATCH_MS = 5_000;
/** While the store cannot write, a poll is tried again after its interval, and not sooner than this. */
const STORE_RETRY_MS = 5_000;

/**
 * The wait after the n-th consecutive failure (n ≥ 1): from min(interval, 5 s), doubling, ±20 % jitter,
 * capped at max(interval, 5 min). A throttle waits exactly what the vendor asked instead.
 */
export function backoffMs(failures: number, intervalMs: number, random: number): number {
  const raw = Math.min(intervalMs, BACKOFF_BASE_MS) * 2 ** Math.max(0, failures - 1);
  return Math.round(Math.min(Math.max(intervalMs, BACKOFF_CAP_MS), raw * (0.8 + 0.4 * random)));
}

interface Running {
  plan: SourcePlan;
  health: SourceHealth;
  push?: boolean;
  paused: boolean;
  failures: number;
  throttled: boolean;
  authFailed: boolean;
  since: number;
  lastSuccess?: number;
  timer?: NodeJS.Timeout;
  inFlight?: Promise<void>;
  /** Aborts the page request in flight (timeout, stop, pause). */
  controller?: AbortController;
  backfillLogAt: number;
  /** Where its stored data is complete from (kept with the cursor): see `coverage`. */
  coverage?: SourceCoverage;
  /** It has stored something (a cursor): from then on its coverage bounds every comparison of its entities. */
  holdsData: boolean;
  /** It held no data when it was added: until its first poll finishes, it is syncing (sourceState). */
  firstSync: boolean;
}

/** When a source's coverage is complete, the instant it is complete from, for `/api/sources`. */
const coveredFrom = (c: SourceCoverage | undefined) => (c?.complete ? { coveredFrom: new Date(c.from).toISOString() } : {});

/**
 * Polls every source on its interval: never two polls of one source at once, a timeout per page request,
 * pages until the end, each page stored with its cursor in one transaction, exponential backoff with
 * jitter on failure, exactly the vendor's Retry-After when throttled. A failing source never stops the others.
 */
export function createScheduler(deps: SchedulerDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const sources = new Map<string, Running>();
  let stopped = true;
  let watch: NodeJS.Timeout | undefined;

  const stateOf = (s: Running) => (s.push ? s.health.state : sourceState({
    paused: s.paused, failures: s.failures, throttled: s.throttled, authFailed: s.authFailed, lastSuccess: s.lastSuccess, firstSync: s.firstSync,
    since: s.since, now: now(), intervalMs: s.plan.intervalMs, timeoutMs: s.plan.timeoutMs,
  }));
  const snapshot = (s: Running): SourceHealth => ({
    ...s.health, state: stateOf(s),
    lagSeconds: s.lastSuccess === undefined ? undefined : Math.round((now() - s.lastSuccess) / 1000),
  });
  const health = () => [...sources.values()].map(snapshot);
  const report = (stateChanged: boolean) => deps.onHealth(health(), stateChanged);

  /** Re-evaluates states; tells the hub when one changed. Returns whether any did. */
  function refresh(): boolean {
    let changed = false;
    for (const s of sources.values()) {
      const state = stateOf(s);
      if (state !== s.health.state) { s.health.state = state; changed = true; }
    }
    return changed;
  }

  /** Validates records one by one, stores the valid ones with the cursor, and logs each rejected one (index, id, path, reason). */
  function store(s: Running, raw: unknown[], cursor: unknown, where: Record<string, unknown>, coverage?: SourceCoverage) {
    const valid: CanonicalRecord[] = [];
    const rejected: { index: number; error: string }[] = [];
    raw.forEach((candidate, index) => {
      const checked = normaliseRecord(candidate);
      if (checked.ok) valid.push(deps.derive ? deps.derive(checked.record) : checked.record);
      else rejected.push({ index, error: checked.error });
    });
    const changes = deps.store.applyBatch(s.plan.id, valid, cursor, coverage);
    s.holdsData = true;
    if (coverage) { s.coverage = coverage; Object.assign(s.health, coveredFrom(coverage)); } // before the changes flow on
    s.health.records += changes.filter((c) => !c.before).length;
    s.health.amountsWithoutRate = tallyWithoutRate(s.health.amountsWithoutRate!, changes);
    rejected.slice(0, REJECTS_LOGGED_PER_PAGE).forEach(({ index, error }) => {
      const id = (raw[index] as { id?: unknown } | null)?.id;
      deps.log.warn({ source: s.plan.id, ...where, index, id, error }, 'record rejected');
    });
    if (rejected.length > REJECTS_LOGGED_PER_PAGE) {
      deps.log.warn({ source: s.plan.id, ...where, rejected: rejected.length }, 'more records rejected in this page (first ones logged)');
    }
    deps.observer?.stored(s.plan.id, { accepted: valid.length, changed: changes.length, rejected: rejected.length });
    if (changes.length > 0) deps.onChanges(s.plan.id, changes);
    return { accepted: valid.length, rejected };
  }

  /** One page from the connector, aborted at the timeout (or by stop/pause) whether or not the connector honours the signal. */
  async function fetchPage(s: Running, cursor: unknown): Promise<PollPage<unknown>> {
    const controller = new AbortController();
    s.controller = controller;
    const timer = setTimeout(() => controller.abort(new PollTimeoutError(s.plan.timeoutMs)), s.plan.timeoutMs);
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    try {
      return await Promise.race([s.plan.connector.poll({ cursor, now: now(), signal: controller.signal, log: deps.log }), aborted]);
    } finally {
      clearTimeout(timer);
      s.controller = undefined;
    }
  }

  function backfillProgress(s: Running, progress: { done: number; total: number }, page: number) {
    const pct = Math.min(100, Math.floor((progress.done / Math.max(1, progress.total)) * 1000) / 10);
    s.health.backfill = { done: progress.done, total: progress.total, pct };
    if (now() - s.backfillLogAt >= BACKFILL_LOG_MS || page === 1) {
      s.backfillLogAt = now();
      deps.log.info({ source: s.plan.id, done: progress.done, total: progress.total, pct }, 'backfill progress');
    }
    report(false);
  }

  /** Pages until the connector says there is no more. Returns true when it stopped at the page cap with more to come. */
  async function pollOnce(s: Running): Promise<boolean> {
    const { plan } = s;
    let cursor = deps.store.getCursor(plan.id);
    // Nothing stored yet: this run is the first backfill. Where it begins reading is asked once its first page is
    // in (the connector has picked its own start by then, so this one is not earlier), kept with every page, and
    // marked complete with the page that ends the run; a restart in between goes on with the same start.
    const firstRun = cursor === undefined;
    let coverage = firstRun ? undefined : s.coverage;
    for (let page = 1; !stopped && !s.paused; page++) {
      const result = await fetchPage(s, cursor);
      if (firstRun && page === 1) {
        const from = plan.backfillFrom?.(now()) ?? null;
        coverage = from === null ? undefined : { from, complete: false };
      }
      const next = coverage && !coverage.complete ? { from: coverage.from, complete: !result.more } : undefined;
      store(s, result.records, result.cursor, { page }, next);
      if (next) coverage = next;
      if (result.progress) backfillProgress(s, result.progress, page);
      if (!result.more) break;
      if (result.records.length === 0 && JSON.stringify(result.cursor) === JSON.stringify(cursor)) {
        throw new Error('the connector said more pages follow but returned no records and the same cursor');
      }
      cursor = result.cursor;
      if (page >= MAX_PAGES_PER_POLL) return true;
    }
    if (stopped || s.paused) return false;
    if (s.health.backfill) {
      deps.log.info({ source: plan.id, done: s.health.backfill.done, total: s.health.backfill.total }, 'backfill complete');
      delete s.health.backfill;
    }
    return false;
  }

  function outcomeOf(err: unknown): PollOutcome {
    if (err instanceof RetryLaterError) return 'throttled';
    if (err instanceof AuthError) return 'auth';
    if (err instanceof PollTimeoutError) return 'timeout';
    return 'error';
  }

  async function run(s: Running): Promise<void> {
    const { plan, health } = s;
    const started = now();
    const before = JSON.stringify([stateOf(s), health.lastError, health.coveredFrom]);
    let delay = plan.intervalMs;
    let outcome: PollOutcome = 'ok';
    try {
      if (await pollOnce(s)) delay = 0; // the page cap: go on at once
      if (stopped || s.paused) return;
      Object.assign(s, { failures: 0, throttled: false, authFailed: false, lastSuccess: now() });
      health.lastSuccessAt = new Date(s.lastSuccess!).toISOString();
      delete health.lastError;
    } catch (err) {
      if (stopped || s.paused) return; // aborted on purpose: not a failure
      outcome = outcomeOf(err);
      const message = err instanceof Error ? err.message : String(err);
      health.lastError = message;
      s.throttled = outcome === 'throttled';
      if (err instanceof StoreWriteError) {
        // Not the source's failure: the page was fetched but not stored, so its cursor did not move either.
        // The same page is asked for again once the store may write; no backoff, no failure counted.
        delay = Math.max(plan.intervalMs, STORE_RETRY_MS);
      } else if (outcome === 'throttled') {
        delay = (err as RetryLaterError).retryAfterMs; // exactly what the vendor asked
      } else {
        s.failures++;
        s.authFailed = outcome === 'auth';
        delay = backoffMs(s.failures, plan.intervalMs, random());
      }
      deps.log.warn({ source: plan.id, outcome, failures: s.failures, retryInMs: delay, error: message }, 'poll failed');
    }
    deps.observer?.polled(plan.id, outcome, (now() - started) / 1000, started);
    refresh();
    report(JSON.stringify([health.state, health.lastError, health.coveredFrom]) !== before);
    schedule(s, delay);
  }

  function launch(s: Running): Promise<void> {
    clearTimeout(s.timer);
    s.inFlight ??= run(s).finally(() => { s.inFlight = undefined; });
    return s.inFlight;
  }

  function schedule(s: Running, delayMs: number) {
    if (stopped || s.paused) return;
    s.health.nextPollAt = new Date(now() + delayMs).toISOString();
    s.timer = setTimeout(() => { void launch(s); }, delayMs);
  }

  /** What the store kept of a source being added: its coverage, and whether it has stored anything at all. */
  const kept = (id: string) => ({ coverage: deps.store.getCoverage(id), holdsData: deps.store.getCursor(id) !== undefined });

  const polled = (id: string) => {
    const s = sources.get(id);
    if (!s || s.push) throw new Error(`no polled source "${id}"`);
    return s;
  };

  return {
    /** A source whose records are pushed to the hub rather than polled. */
    addPush(id: string) {
      const connector: Connector = { kind: 'push', entities: ['order', 'ticket', 'deal'], poll: () => Promise.reject(new Error('push sources are not polled')) };
      const { coverage, holdsData } = kept(id);
      sources.set(id, { plan: { id, intervalMs: 0, timeoutMs: 0, connector }, push: true, paused: false, failures: 0, throttled: false,
        authFailed: false, since: now(), backfillLogAt: 0, coverage, holdsData, firstSync: false,
        health: { id, kind: 'push', state: 'ok', lastSuccessAt: null, records: deps.store.countRecords(id), entities: [...connector.entities],
          amountsWithoutRate: amountsWithoutRate(deps.store.countWithoutRate(id)), ...coveredFrom(coverage) } });
    },
    /** Stores a pushed batch; a rejected record never blocks the others. */
    ingest(id: string, records: unknown[]) {
      const s = sources.get(id);
      if (!s?.push) throw new Error(`"${id}" is not a push source`);
      // Pushed data is whatever happens from the first batch on: the source covers from that batch (docs/metrics.md).
      const first = s.coverage ? undefined : { from: now(), complete: true };
      const answer = store(s, records, { receivedAt: new Date(now()).toISOString() }, { push: true }, first);
      s.lastSuccess = now();
      s.health.lastSuccessAt = new Date(s.lastSuccess).toISOString();
      report(first !== undefined);
      return answer;
    },
    add(plan: SourcePlan) {
      const { coverage, holdsData } = kept(plan.id);
      sources.set(plan.id, {
        plan, paused: plan.paused ?? false, failures: 0, throttled: false, authFailed: false, since: now(), backfillLogAt: 0, coverage, holdsData,
        firstSync: !holdsData,
        health: { id: plan.id, kind: plan.connector.kind, state: plan.paused ? 'paused' : holdsData ? 'degraded' : 'syncing', lastSuccessAt: null,
          records: deps.store.countRecords(plan.id), entities: [...plan.connector.entities],
          amountsWithoutRate: amountsWithoutRate(deps.store.countWithoutRate(plan.id)), ...coveredFrom(coverage) },
      });
    },
    start() {
      stopped = false;
      for (const s of sources.values()) { s.since = now(); if (!s.push) schedule(s, 0); }
      // States can also change with time alone (lagging, silent for too long).
      watch = setInterval(() => { if (refresh()) report(true); }, WATCH_MS);
      watch.unref();
    },
    /** Polls a source now (or returns the poll in flight): never two at once. */
    pollNow: (id: string) => launch(polled(id)),
    /** Stops polling a source: the page in flight is abandoned (its cursor was not stored), the state is `paused`. */
    pause(id: string) {
      const s = polled(id);
      s.paused = true;
      clearTimeout(s.timer);
      delete s.health.nextPollAt;
      s.controller?.abort(new Error('paused'));
      refresh();
      report(true);
    },
    resume(id: string) {
      const s = polled(id);
      if (!s.paused) return;
      s.paused = false;
      s.since = now();
      refresh();
      report(true);
      schedule(s, 0);
    },
    /** Stops polling, abandons page requests in flight, and waits for the polls, so nothing is written after it returns. */
    async stop() {
      stopped = true;
      clearInterval(watch);
      for (const s of sources.values()) { clearTimeout(s.timer); s.controller?.abort(new Error('hub stopping')); }
      await Promise.allSettled([...sources.values()].map((s) => s.inFlight));
    },
    health,
    /**
     * From which instant (epoch ms) the store holds every record of an entity: the latest covered-from instant of
     * the sources feeding it. A source that has stored nothing yet is behind no value and does not count; one that
     * has stored data without finishing its first backfill (or that cannot tell where it began) makes it null.
     */
    coverage(entity: RecordType): number | null {
      let from = 0;
      for (const s of sources.values()) {
        if (!s.plan.connector.entities.includes(entity) || !s.holdsData) continue;
        if (!s.coverage?.complete) return null;
        from = Math.max(from, s.coverage.from);
      }
      return from;
    },
    /**
     * The newest successful poll behind an entity, whether any source of it is not `ok` (its values are then stale),
     * and whether any is still in its first sync.
     */
    freshness(entity: RecordType): { asOf: string | null; stale: boolean; syncing: boolean } {
      const feeding = [...sources.values()].filter((s) => s.plan.connector.entities.includes(entity));
      const times = feeding.map((s) => s.health.lastSuccessAt).filter((t): t is string => t !== null).sort();
      const states = feeding.map(stateOf);
      return { asOf: times[times.length - 1] ?? null, stale: states.some((st) => st !== 'ok'), syncing: states.includes('syncing') };
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
