import { z } from 'zod';
import { targetSeconds, type FlowConfig, type FlowInstance } from '../../flows';
import type { FlowPathsValue, FlowStuckValue, HandoffsValue } from '../../protocol';
import { defineMetric, type MetricContext } from '../types';
import { WindowedGroups } from '../windowed-groups';
import { WindowedQuantiles } from '../windowed-quantiles';
import { windowRange, windowSchema } from '../windows';
import { PathTotals, StuckQueue, type PathEntry } from './flow-tables';

// The business-flow metrics (docs/flows.md): fed each flow instance as it changes (input 'flow'), never a record.

const flowParam = z.string().min(1).max(100);
const department = z.string().min(1).optional();

/** The flow a key is about; the engine has checked that it is configured (a MetricError names it otherwise). */
function flowOf(id: string, ctx: MetricContext): FlowConfig {
  const flow = ctx.flows?.find((f) => f.id === id);
  if (!flow) throw new Error(`no flow "${id}" in the config`);
  return flow;
}

/** Whole seconds, half up (docs/metrics.md, Rounding); null stays null. */
const seconds = (v: number | null) => (v === null ? null : Math.round(v));
/** A share in percent to 0.1, half up. */
const percent = (part: number, whole: number) => Math.round((1000 * part) / whole) / 10;
const iso = (t: number) => new Date(t).toISOString();

/** The nearest step before `s` that the instance reached (the step a hand-off into `s` starts from); -1 if none. */
function reachedBefore(instance: FlowInstance, s: number): number {
  let p = s - 1;
  while (p >= 0 && instance.reached[p] === null) p--;
  return p;
}

export const flowHandoffs = defineMetric({
  id: 'flow.handoffs', title: '交接时效 / Hand-offs', unit: 's', entity: 'order', input: 'flow',
  description: 'Per step boundary of business flow `flow` (each step after the first, from the step before it): the hand-offs '
    + 'into the step within the window (by when the step was reached), their median and 90th percentile time in business '
    + 'seconds on the step\'s calendar (calendar seconds without one), how many were late against the step\'s target and '
    + 'their share, and the instances waiting at the step now. `department`: only the steps that department is responsible for.',
  details: `A **hand-off** into a step runs from the nearest step before it that the instance reached to the step
itself, and is charged to the step's department (docs/flows.md). It is **late** when the step was reached after the
target ran out: the previous step's time plus \`target\` on the step's calendar (a target used up at closing time
runs out at closing time). An instance counts in \`through\` only with a hand-off, not at the step it entered the
flow at. \`waiting\` is every instance waiting at the step now, whenever it started; optional steps are never waited
at. \`p50_s\` and \`p90_s\` interpolate (see Percentiles) and are rounded to whole seconds; \`late_pct\` = late /
through in percent to 0.1, null without a target or with nothing through.

Example, Mon–Fri 09:00–18:00 calendar, target 8 h into \`confirmed\`: deal won Fri 17:00, order confirmed Mon
12:00: 1 h Friday + 3 h Monday = 4 h (14,400 s), on time. Won Tue 10:00, confirmed Wed 14:00: 8 h Tuesday + 5 h
Wednesday = 13 h (46,800 s); the target ran out Tue 18:00, so late. Two hand-offs: p50 30,600 s, p90 43,560 s,
late 1, late_pct 50.`,
  params: z.object({ flow: flowParam, window: windowSchema.default('7d'), department }).strict(),
  create: (p, ctx) => {
    const flow = flowOf(p.flow, ctx);
    const rangeAt = (now: number) => windowRange(p.window, now, ctx.timezone);
    const lanes = flow.steps.flatMap((step, s) => (s > 0 && (!p.department || step.department === p.department)
      ? [{ s, step, target: targetSeconds(step), times: new WindowedQuantiles(rangeAt, ctx.now), waiting: 0 }] : []));
    const late = new WindowedGroups(rangeAt, ctx.now); // one entry per (instance, step) reached late, grouped by step
    const waitingAt = new Map<string, number>();
    const laneOf = new Map(lanes.map((l) => [l.s, l]));
    return {
      apply(input) {
        if (input.kind !== 'flow' || input.change.flow !== flow.id) return;
        const { id, instance } = input.change;
        for (const lane of lanes) {
          const handoff = instance?.handoffs[lane.s] ?? null;
          const at = handoff ? instance!.reached[lane.s]! : undefined;
          lane.times.set(id, at, handoff?.seconds ?? 0);
          late.set(`${id}|${lane.s}`, handoff?.late ? at : undefined, String(lane.s));
        }
        const was = waitingAt.get(id);
        const now = instance?.waiting?.step;
        if (was === now) return;
        if (was !== undefined) { waitingAt.delete(id); const l = laneOf.get(was); if (l) l.waiting--; }
        if (now !== undefined) { waitingAt.set(id, now); const l = laneOf.get(now); if (l) l.waiting++; }
      },
      advance(now) { for (const lane of lanes) lane.times.advance(now); late.advance(now); },
      value: (): HandoffsValue => ({
        kind: 'handoffs', flow: flow.id,
        lanes: lanes.map(({ s, step, target, times, waiting }) => {
          const through = times.count;
          const lateCount = late.total('current', String(s)).count;
          return {
            from: flow.steps[s - 1]!.id, to: step.id, department: step.department, target_s: target,
            through, p50_s: seconds(times.quantile(0.5)), p90_s: seconds(times.quantile(0.9)),
            late: lateCount, late_pct: target === null || through === 0 ? null : percent(lateCount, through), waiting,
          };
        }),
      }),
    };
  },
});

export const flowStuck = defineMetric({
  id: 'flow.stuck', title: '卡住的交接 / Stuck hand-offs', unit: 'instances', entity: 'order', input: 'flow',
  description: 'Instances of business flow `flow` waiting now at a step past its target, counted per department responsible '
    + 'for that step (most first), with the `limit` (default 10) longest waiting: instance, customer account (and customer where '
    + 'the hub has a customer map), step, department, since when it waits and when the target ran out; and per (step, department) '
    + 'with a stuck instance, how many and since when the longest waiting one waits (what hand-off alerts fire on, docs/alerts.md). '
    + '`department`: only steps that department is responsible for.',
  details: `An instance waits at the first step it has not reached after the last step it did (optional steps are
never waited at), **since** the step before it was reached; it is **stuck** once now is past that time plus the step's
target on its calendar. A step without a target never makes an instance stuck. The count moves with time alone: an
instance becomes stuck the second its target runs out, without a record changing. Longest waiting first: by
\`waiting_since\`, then by instance. \`groups\` has one entry per (step, department) with at least one stuck
instance, in step order: its \`count\` and \`oldest_since\`, the \`waiting_since\` of its longest waiting instance (it
moves later when that one leaves). A \`handoff\` alert rule fires one alert per group (docs/alerts.md).

Example, now Mon 12:00, Mon–Fri 09:00–18:00, target 8 h into \`confirmed\` (operations): a deal won Thu 15:00 with no
confirmed order waits since Thu 15:00; 3 h Thursday + 5 h Friday: its target ran out Fri 14:00, so it is stuck,
counted for operations. A
deal won Fri 16:00 has used 2 h Friday + 3 h Monday = 5 h: not stuck. A deal won Wed 10:00 (target out Wed 18:00) is
stuck too: \`groups\` \`[{ step: "confirmed", department: "operations", count: 2, oldest_since: <Wed 10:00> }]\`.`,
  params: z.object({ flow: flowParam, department, limit: z.coerce.number().int().min(1).max(100).default(10) }).strict(),
  create: (p, ctx) => {
    const flow = flowOf(p.flow, ctx);
    const queue = new StuckQueue(ctx.now);
    return {
      apply(input) {
        if (input.kind !== 'flow' || input.change.flow !== flow.id) return;
        const { id, instance } = input.change;
        const waiting = instance?.waiting;
        const step = waiting ? flow.steps[waiting.step]! : undefined;
        const counts = waiting && step && waiting.due_at !== null && Number.isFinite(waiting.due_at) && (!p.department || step.department === p.department);
        queue.set(id, counts ? { id, step: waiting.step, since: waiting.since, due: waiting.due_at!, department: step.department, instance: instance! } : undefined);
      },
      advance: (now) => queue.advance(now),
      value: (): FlowStuckValue => ({
        kind: 'flow-stuck', flow: flow.id, total: queue.total,
        departments: [...queue.departments()].map(([department, count]) => ({ department, count }))
          .sort((a, b) => b.count - a.count || (a.department < b.department ? -1 : a.department > b.department ? 1 : 0)),
        groups: queue.groups().sort((a, b) => a.step - b.step || (a.department < b.department ? -1 : a.department > b.department ? 1 : 0))
          .map((g) => ({ step: flow.steps[g.step]!.id, department: g.department, count: g.count, oldest_since: iso(g.oldest.since) })),
        items: queue.oldest(p.limit).map((w) => {
          const account = w.instance.account;
          const customer = account ? ctx.customerOf?.(account.source, account.id) : undefined;
          return {
            instance: w.id, ...(account ? { account: { source: account.source, id: account.id } } : {}),
            ...(customer !== undefined ? { customer_id: customer } : {}),
            step: flow.steps[w.step]!.id, department: w.department, waiting_since: iso(w.since), due_at: iso(w.due),
          };
        }),
      }),
    };
  },
});

export const flowPaths = defineMetric({
  id: 'flow.paths', title: '流程路径 / Flow paths', unit: 'instances', entity: 'order', input: 'flow',
  description: 'How the instances of business flow `flow` that entered it within the window (default 30d, by when they reached '
    + 'their first step) move through its steps: per step, how many reached it, entered the flow there (a chain whose first '
    + 'record is missing enters later), wait there now, and are broken there (a 流程断点: waiting past the step\'s target); '
    + 'the moves from each step reached to the next one reached, and the breaks from the last step reached to the step not '
    + 'reached in time. `department`: only instances that reached or wait at a step that department is responsible for.',
  details: `Steps are followed in flow order: an instance that reached won and shipped but never confirmed moves
won → shipped. A step reached by no record is skipped, and an optional step reached counts like any other. Broken is
waiting past the target (as in \`flow.stuck\`): a won deal with no confirmed order 8 business hours later is broken at
\`confirmed\`, with a break won → confirmed; it stays counted as waiting too. \`completed\`: instances with nothing
left to wait for. Counts move with time alone: an instance breaks the second its target runs out, and leaves the
window when its entry does.

Example: three deals won this month. A: confirmed, shipped, delivered (completed). B: confirmed, waits at shipped
within target. C: no order, target ran out. Steps: won 3 reached, confirmed 2, shipped 1, delivered 1; waiting at
shipped 1, at confirmed 1 (broken 1). Links won → confirmed 2, confirmed → shipped 1, shipped → delivered 1; break
won → confirmed 1.`,
  params: z.object({ flow: flowParam, window: windowSchema.default('30d'), department }).strict(),
  create: (p, ctx) => {
    const flow = flowOf(p.flow, ctx);
    // Counter names, made once: an instance's entry holds references to them, not strings of its own.
    const at = (prefix: string) => flow.steps.map((_, s) => `${prefix}${s}`);
    const [reached, entered, waitingAt, broken] = [at('r'), at('e'), at('w'), at('b')];
    const pair = (prefix: string) => flow.steps.map((_, f) => flow.steps.map((__, s) => `${prefix}${f}>${s}`));
    const [link, brk] = [pair('l'), pair('x')];
    const involves = (instance: FlowInstance) => !p.department || flow.steps.some((step, s) => step.department === p.department
      && (instance.reached[s] !== null || instance.waiting?.step === s));
    const totals = new PathTotals((now) => windowRange(p.window, now, ctx.timezone), ctx.now);
    function entryOf(id: string, instance: FlowInstance): PathEntry {
      const counters = ['n'];
      instance.reached.forEach((t, s) => {
        if (t === null) return;
        counters.push(reached[s]!);
        const handoff = instance.handoffs[s];
        if (handoff) counters.push(link[handoff.from]![s]!);
      });
      counters.push(entered[instance.entered_at_step]!);
      const w = instance.waiting;
      if (!w) counters.push('c'); else counters.push(waitingAt[w.step]!);
      const due = w?.due_at ?? null;
      return {
        id, t: instance.reached[instance.entered_at_step]!, counters,
        due: due !== null && Number.isFinite(due) ? due : null,
        brokenCounters: w ? [broken[w.step]!, brk[reachedBefore(instance, w.step)]![w.step]!] : [],
      };
    }
    return {
      apply(input) {
        if (input.kind !== 'flow' || input.change.flow !== flow.id) return;
        const { id, instance } = input.change;
        totals.set(id, instance && involves(instance) ? entryOf(id, instance) : undefined);
      },
      advance: (now) => totals.advance(now),
      value: (): FlowPathsValue => {
        const pairs = (names: string[][]) => names.flatMap((row, f) => row.flatMap((name, s) => {
          const value = totals.total(name);
          return value > 0 ? [{ from: flow.steps[f]!.id, to: flow.steps[s]!.id, value }] : [];
        }));
        return {
          kind: 'flow-paths', flow: flow.id, instances: totals.total('n'), completed: totals.total('c'),
          steps: flow.steps.map((step, s) => ({
            step: step.id, department: step.department, reached: totals.total(reached[s]!), entered: totals.total(entered[s]!),
            waiting: totals.total(waitingAt[s]!), broken: totals.total(broken[s]!),
          })),
          links: pairs(link),
          breaks: pairs(brk),
        };
      },
    };
  },
});

export const handoffMetrics = [flowHandoffs, flowStuck, flowPaths];
