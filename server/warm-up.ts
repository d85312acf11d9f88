import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Engine } from './metrics';
import type { SourcedRecord } from './model';
import type { RebuildProgress } from './protocol';

/** What the build from the store at start reads and feeds (wired in app.ts). */
export interface WarmUpStages {
  /** Every stored record, paged (no statement stays open between pages, so the hub's other reads and writes go on). */
  records: () => Iterable<SourcedRecord>;
  /** The stored tickets that may have live SLA clocks. */
  openTickets: () => Iterable<SourcedRecord>;
  /** How many records the store holds now: the progress's total. */
  total: number;
  engine: Pick<Engine, 'loadClocks' | 'seedPass' | 'buildNow'>;
  /** The customer map's start load, a record at a time. */
  customers: { add(record: SourcedRecord): void; finish(): number };
  /** Records handled between two turns of the event loop, in which the hub serves (default 2,000: a few ms each). */
  chunk?: number;
  /** Awaited between chunks besides the turn (tests hold the build here). */
  pause?: () => Promise<void>;
  /** True once the hub is stopping: the build ends where it is. */
  stopped: () => boolean;
}

export interface WarmUp {
  /** How far it has come; undefined once it is done (or stopped). */
  progress(): RebuildProgress | undefined;
  /** Settles when it is done: the records read, passes run and the time taken; rejects with what failed. */
  done: Promise<{ records: number; passes: number; ms: number }>;
}

/**
 * The hub's build from its store at start, while it already serves: SLA clocks of the open tickets first (deadlines
 * fire from the start), then one pass over every stored record that feeds the customer map and every metric key
 * waiting to be built, a chunk at a time with a turn of the event loop between chunks (health, sockets and REST
 * answer meanwhile; a key's value says `rebuilding` until its pass ends). Keys made during a pass (a wall asking for
 * one no screen shows) get a pass of their own after it. Each record is read and decoded once for all of them.
 */
export function startWarmUp(w: WarmUpStages): WarmUp {
  const chunk = w.chunk ?? 2_000;
  let read = 0;
  let running = true;
  const progress = (): RebuildProgress | undefined => (running
    ? { records: read, total: w.total, pct: w.total > 0 ? Math.min(100, Math.floor((read / w.total) * 100)) : 100 } : undefined);

  async function between(): Promise<boolean> {
    await nextTurn();
    await w.pause?.();
    return !w.stopped();
  }

  /** Calls `each` for every item of `items`, yielding every `chunk`; false when the hub stopped meanwhile. */
  async function chunked<T>(items: Iterable<T>, each: (item: T) => void): Promise<boolean> {
    let n = 0;
    for (const item of items) {
      each(item);
      if (++n % chunk === 0 && !(await between())) return false;
    }
    return true;
  }

  async function run() {
    const started = Date.now();
    let passes = 0;
    try {
      let open: SourcedRecord[] = [];
      const clocksLoaded = await chunked(w.openTickets(), (ticket) => {
        open.push(ticket);
        if (open.length === chunk) { w.engine.loadClocks(open, Date.now()); open = []; }
      });
      if (!clocksLoaded) return { records: read, passes, ms: Date.now() - started };
      w.engine.loadClocks(open, Date.now());

      // The first pass reads for the customer map too; a later one (keys made meanwhile) for its keys alone.
      let pass = w.engine.seedPass(Date.now());
      let customers: WarmUpStages['customers'] | undefined = w.customers;
      while (pass || customers) {
        const p = pass, c = customers;
        const whole = await chunked(w.records(), (record) => {
          if (c) read++;
          c?.add(record);
          p?.add(record);
        });
        if (!whole) return { records: read, passes, ms: Date.now() - started };
        c?.finish();
        p?.finish(Date.now());
        passes++;
        customers = undefined;
        pass = w.engine.seedPass(Date.now());
      }
      w.engine.buildNow(Date.now());
      return { records: read, passes, ms: Date.now() - started };
    } finally {
      running = false;
    }
  }

  return { progress, done: run() };
}
