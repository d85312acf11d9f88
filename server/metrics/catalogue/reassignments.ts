import { z } from 'zod';
import type { SourcedRecord, Ticket } from '../../model';
import type { ReassignmentsValue } from '../../protocol';
import { SortedList } from '../sorted-list';
import { windowRange, windowSchema } from '../windows';
import { defineMetric, type Aggregator, type MetricContext } from '../types';

// 踢皮球 measured: tickets passed between groups, from their `group` events (docs/connectors.md says per vendor which
// are exact and which the hub derives between polls).

/** One pass: at `t` (epoch ms) the ticket went from group `from` to group `to` (`from` ≠ `to`). */
export interface Pass { t: number; from: string; to: string }

/**
 * A ticket's passes, in time order: each `group` event whose `to` differs from the group just before it. The first
 * group event is the first assignment, not a pass; an event repeating the group it is already in is no pass either.
 * Events at the same instant keep the order the record lists them in.
 */
export function passesOf(ticket: Ticket): Pass[] {
  const moves = (ticket.events ?? []).flatMap((e, i) => (e.kind === 'group' ? [{ t: Date.parse(e.at), i, to: e.to }] : []))
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const passes: Pass[] = [];
  let current: string | undefined;
  for (const m of moves) {
    if (current !== undefined && m.to !== current) passes.push({ t: m.t, from: current, to: m.to });
    current = m.to;
  }
  return passes;
}

/** The unordered pair a pass went between, `a` < `b` by string order (as the payload says). */
const pairOf = (p: Pass): [string, string] => (p.from < p.to ? [p.from, p.to] : [p.to, p.from]);

type Item = ReassignmentsValue['items'][number];

/** What one ticket adds to the totals now: its passes within the window. Kept so the same can be taken out again. */
interface Share { key: string; passes: Pass[]; first: number; item?: Item }

/** Ticket key order by most passes, then key: the order of `items`. */
const byPasses = (a: Item, b: Item) => b.passes - a.passes || (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : 0);
/** When a ticket's earliest pass in the window leaves it. */
const byFirst = (a: Share, b: Share) => a.first - b.first || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const params = z.object({
  window: windowSchema.default('7d'),
  /** Passes within the window that make a ticket "bounced". */
  min: z.coerce.number().int().min(2).max(1000).default(3),
  department: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
}).strict();
type Params = z.infer<typeof params>;

/**
 * Per ticket its passes (replaced whole when the ticket changes), and the totals of the passes inside the window.
 * A change costs that ticket's passes; moving the window costs the tickets whose earliest pass in it leaves it.
 */
function reassignmentsAggregator(p: Params, ctx: MetricContext): Aggregator {
  const startAt = (now: number) => windowRange(p.window, now, ctx.timezone).start;
  let start = startAt(ctx.now);
  /** Every ticket with a pass, whether inside the window or not (a calendar window may still reach it). */
  const tickets = new Map<string, { record: SourcedRecord & Ticket; passes: Pass[] }>();
  const shares = new Map<string, Share>();
  const expiring = new SortedList<Share>(byFirst);
  const items = new SortedList<Item>(byPasses);
  const pairs = new Map<string, { a: string; b: string; passes: number; tickets: Map<string, number> }>();
  let passed = 0, bounced = 0;

  function take(key: string): void {
    const share = shares.get(key);
    if (!share) return;
    shares.delete(key);
    expiring.delete(share);
    if (share.item) { items.delete(share.item); bounced--; }
    passed--;
    for (const pass of share.passes) {
      const [a, b] = pairOf(pass);
      const pairKey = `${a}\u0000${b}`;
      const pair = pairs.get(pairKey)!;
      pair.passes--;
      const left = pair.tickets.get(key)! - 1;
      if (left > 0) pair.tickets.set(key, left); else pair.tickets.delete(key);
      if (pair.passes === 0) pairs.delete(pairKey);
    }
  }

  function give(key: string): void {
    const ticket = tickets.get(key);
    const inWindow = ticket?.passes.filter((pass) => pass.t >= start) ?? [];
    if (!ticket || inWindow.length === 0) return;
    const { record } = ticket;
    const item: Item | undefined = inWindow.length >= p.min ? {
      ticket: key, source: record.source, id: record.id, passes: inWindow.length,
      groups: [inWindow[0]!.from, ...inWindow.map((pass) => pass.to)], ...(record.subject ? { subject: record.subject } : {}),
    } : undefined;
    const share: Share = { key, passes: inWindow, first: inWindow[0]!.t, ...(item ? { item } : {}) };
    shares.set(key, share);
    expiring.add(share);
    passed++;
    if (item) { items.add(item); bounced++; }
    for (const pass of inWindow) {
      const [a, b] = pairOf(pass);
      const pairKey = `${a}\u0000${b}`;
      let pair = pairs.get(pairKey);
      if (!pair) pairs.set(pairKey, (pair = { a, b, passes: 0, tickets: new Map() }));
      pair.passes++;
      pair.tickets.set(key, (pair.tickets.get(key) ?? 0) + 1);
    }
  }

  return {
    apply(input) {
      if (input.kind !== 'record') return;
      const { key, record } = input;
      take(key);
      tickets.delete(key);
      // A deleted ticket leaves; the department filter is the ticket's department now.
      if (record.type !== 'ticket' || record.status === 'deleted') return;
      if (p.department !== undefined && record.department !== p.department) return;
      const passes = passesOf(record);
      if (passes.length === 0) return;
      tickets.set(key, { record, passes });
      give(key);
    },
    advance(now) {
      const next = startAt(now);
      if (next === start) return;
      const back = next < start;
      start = next;
      // A window that moved back (a clock set back) may reach passes it had dropped: every ticket is worked out again.
      if (back) { for (const key of tickets.keys()) { take(key); give(key); } return; }
      // Otherwise only the tickets whose earliest pass in the window is now before it change (take skips the list they left).
      for (const share of expiring.dropWhile((s) => s.first < start)) { take(share.key); give(share.key); }
    },
    value(): ReassignmentsValue {
      const top = [...pairs.values()]
        .map((pair) => ({ a: pair.a, b: pair.b, passes: pair.passes, tickets: pair.tickets.size }))
        .sort((x, y) => y.passes - x.passes || y.tickets - x.tickets || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0))
        .slice(0, p.limit);
      return { kind: 'reassignments', passed, bounced, min: p.min, pairs: top, items: items.first(p.limit) };
    },
  };
}

export const ticketsReassignments = defineMetric({
  id: 'tickets.reassignments', title: '工单踢皮球 / Reassignments', unit: 'tickets', entity: 'ticket', input: 'record',
  description: 'Tickets passed between groups (踢皮球): a pass is a group change of a ticket whose new group differs from the '
    + 'group it was in just before (its first group assignment is no pass). `passed` = tickets with at least one pass '
    + 'within the window, `bounced` = those with `min` or more (default 3) passes within it; `pairs` = the unordered group '
    + 'pairs those passes went between, most passes first, with the tickets passed on each; `items` = the bounced tickets, '
    + 'most passes first, with the groups they went through. Deleted tickets leave; `department` is the ticket\'s department now.',
  details: `A ticket's **passes** come from its \`group\` events in time order (docs/connectors.md says which vendors give
them exactly and for which the hub derives them from what it sees between polls). Only the passes whose time falls within
the window count: a ticket passed twice last week and once today has one pass in \`today\`. A pair is unordered, so A → B
and B → A count on the same pair {A, B}, written with \`a\` before \`b\` in string order. \`tickets\` on a pair counts each
ticket once however often it went between the two. An item's \`groups\` runs from the group before its first pass in the
window through every group it was passed to, so it has one more entry than \`passes\`. Both lists are cut to \`limit\`
(default 10); ties go by ticket key (items) and by tickets, then names (pairs).

Example, \`window=7d\`, \`min=3\`: ticket 1 assigned to 一线 on Monday, passed to 物流 on Tuesday, back to 一线 on
Wednesday and to 物流 again on Thursday: its first assignment is no pass, so 3 passes, all on {一线, 物流}: it counts in
\`passed\` and in \`bounced\`, with \`groups\` [一线, 物流, 一线, 物流]. Ticket 2 assigned to 一线, then passed to 财务
once: 1 pass, in \`passed\` only. Values: \`passed\` 2, \`bounced\` 1, \`pairs\` [{一线, 物流}: 3 passes, 1 ticket;
{一线, 财务}: 1 pass, 1 ticket] (each pair's \`a\` and \`b\` in string order). Eight days after ticket 1's
Tuesday pass it has 2 passes left in the window and is no longer bounced.`,
  params,
  create: reassignmentsAggregator,
});

export const reassignmentMetrics = [ticketsReassignments];
