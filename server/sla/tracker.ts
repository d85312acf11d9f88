import type { SlaPolicyConfig } from './config';
import type { Ticket } from '../model';
import { nextHealthChange } from './clock';
import { DueIndex } from './due-index';
import { evaluateTicket, evaluateUnderPolicy, selectPolicy } from './ticket';
import type { BusinessCalendar } from './calendar';
import { withFinishedKept, type FinishedClocks } from './finished';
import type { SlaInstance } from './types';

export interface TicketSla { key: string; ticket: Ticket; instances: SlaInstance[] }

const FINISHED = new Set(['solved', 'closed', 'deleted']);

/**
 * Whether a ticket can have a live (running or paused) clock: a solved, closed or deleted ticket cannot,
 * since every cycle of every metric ends at the solve (or is cancelled with the ticket). Lets a start
 * with a million stored tickets evaluate only the open ones.
 */
export function mayHaveLiveClocks(ticket: Ticket): boolean {
  return !FINISHED.has(ticket.status);
}

/**
 * The SLA instances of every ticket that still has a live clock. A ticket is evaluated when it changes,
 * or when one of its deadlines (warn or due) passes: never on every tick.
 */
export class SlaTracker {
  private readonly live = new Map<string, Ticket>();
  private readonly deadlines = new DueIndex<string>();
  /** The policy each tracked ticket was last under, and since when it no longer matches (if so). */
  private readonly under = new Map<string, { policy: SlaPolicyConfig; droppedAt?: number }>();

  /** The last evaluation of each live ticket, which `peek` reuses until the ticket or a deadline moves. */
  private readonly last = new Map<string, { updatedAt: string; instances: SlaInstance[]; next: number }>();

  constructor(private readonly policies: readonly SlaPolicyConfig[], private readonly calendars: readonly BusinessCalendar[] = [],
    private readonly finished?: FinishedClocks, private readonly onError: (key: string, err: Error) => void = () => {}) {}

  /**
   * One ticket's evaluation, never a throw: a ticket the SLA arithmetic refuses (a clock beyond the ten-year
   * horizon, a calendar that never opens) has no clocks, is reported, and leaves every other ticket alone.
   */
  private evaluate(key: string, run: () => SlaInstance[]): SlaInstance[] {
    try { return run(); } catch (err) {
      this.onError(key, err as Error);
      return [];
    }
  }

  private keep(key: string, ticket: Ticket, instances: SlaInstance[]): SlaInstance[] {
    return this.finished ? withFinishedKept(this.finished, key, ticket.updated_at, instances) : instances;
  }

  /**
   * Evaluates a changed ticket and returns its instances. A ticket that leaves its policy (no policy
   * matches any more) keeps its instances under the old one, cancelled at the change (§2.4), so that
   * alerts can resolve with reason `cancelled` instead of the clocks silently vanishing.
   */
  update(key: string, ticket: Ticket, now: number): TicketSla {
    const policy = selectPolicy(ticket, this.policies);
    const before = this.under.get(key);
    let instances: SlaInstance[];
    if (policy) {
      instances = this.keep(key, ticket, this.evaluate(key, () => evaluateTicket(ticket, [policy], now, this.calendars)));
      this.under.set(key, { policy });
    } else if (before) {
      const droppedAt = before.droppedAt ?? Math.min(now, Date.parse(ticket.updated_at));
      instances = this.keep(key, ticket, this.evaluate(key, () => evaluateUnderPolicy(ticket, before.policy, now, this.calendars, droppedAt)));
      this.under.set(key, { policy: before.policy, droppedAt });
    } else {
      instances = [];
    }
    const next = Math.min(...instances.map((i) => nextHealthChange(i, now) ?? Infinity));
    const hasLiveClock = instances.some((i) => i.clock === 'running' || i.clock === 'paused');
    if (hasLiveClock) { this.live.set(key, ticket); this.last.set(key, { updatedAt: ticket.updated_at, instances, next }); }
    else { this.live.delete(key); this.last.delete(key); }
    if (!mayHaveLiveClocks(ticket)) this.under.delete(key);
    this.deadlines.schedule(key, Number.isFinite(next) ? next : undefined);
    return { key, ticket, instances };
  }

  /**
   * A ticket's instances without tracking it (seeding a new aggregator from the store). A live ticket's
   * last evaluation is reused while no deadline has passed; a finished ticket unchanged since its
   * instances were kept is not evaluated at all.
   */
  peek(key: string, ticket: Ticket, now: number): TicketSla {
    const last = this.last.get(key);
    if (last && last.updatedAt === ticket.updated_at && now < last.next) return { key, ticket, instances: last.instances };
    if (this.finished && !mayHaveLiveClocks(ticket)) {
      const kept = this.finished.get(key);
      if (kept && kept.updatedAt === ticket.updated_at) return { key, ticket, instances: kept.instances };
    }
    return { key, ticket, instances: this.keep(key, ticket, this.evaluate(key, () => evaluateTicket(ticket, this.policies, now, this.calendars))) };
  }

  /** The tickets whose warn or due instant has passed since the last call, evaluated anew. */
  due(now: number): TicketSla[] {
    return this.deadlines.popDue(now).flatMap((key) => {
      const ticket = this.live.get(key);
      return ticket ? [this.update(key, ticket, now)] : [];
    });
  }

  get liveCount(): number { return this.live.size; }
}
