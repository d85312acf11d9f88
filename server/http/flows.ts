import type { Response } from 'express';
import type { Scope } from '../access';
import type { CustomerView } from '../customers';
import { flowRecordKey, type FlowConfig, type FlowInstance } from '../flows';
import { windowRange, windowSchema } from '../metrics';
import type { RecordType, SourcedRecord } from '../model';
import { parseDuration } from '../protocol';
import { sendError } from './errors';
import { byMostOverdue, flowListing, flowVisible, instanceState, instanceSummary, splitRecordKey } from './flow-views';
import { ocelChunks } from './ocel';
import { param, type RouteHandlers } from './router';
import { buildTimeline } from './timeline';

export interface FlowsDeps {
  /** The configured business flows (docs/flows.md). */
  flows: readonly FlowConfig[];
  /** Every instance of a flow now (the engine's flow index). */
  flowInstances(flow: string): Iterable<FlowInstance>;
  /** The instances of every flow that hold a record (`source/type/id`). */
  instancesOf(recordKey: string): FlowInstance[];
  /** A customer of the customer map, with its accounts in every source. */
  customer(id: string): CustomerView | undefined;
  /** The customer of a source's account: `<source>:<id>` for one the map joins to nothing (docs/customers.md). */
  customerOf(source: string, accountId: string): string;
  /** A source's records naming one of its accounts, newest first, at most `limit` (an index, never a scan). */
  recordsOfAccount(source: string, accountId: string, limit: number): SourcedRecord[];
  /** One stored record. */
  known?(source: string, type: RecordType, id: string): SourcedRecord | undefined;
  /** A record's page in its own system (server/http/record-urls.ts). */
  recordUrl(source: string, type: string, id: string): string | undefined;
  reportingCurrency: string;
  timezone?: string;
  /** The holder's departments and money right when access control is on; undefined: everything. */
  scope?(res: Response): Scope | undefined;
  now?: () => number;
}

/** A customer's records read per account at most (the newest changes): a timeline of a page, not an archive. */
export const TIMELINE_RECORDS_PER_ACCOUNT = 500;
const STATES = ['stuck', 'waiting', 'all'] as const;

/** Waits until a response can take more, or is gone; leaves no listener behind (an export waits thousands of times). */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** The instances of an OCEL export's window: entered the flow within it, or every one for `all`. */
function windowStart(text: string, now: number, zone: string): number | Error {
  if (text === 'all') return -Infinity;
  if (windowSchema.safeParse(text).success) return windowRange(text as never, now, zone).start;
  try { return now - parseDuration(text); } catch {
    return new Error(`window: expected "all", a window (today, 24h, 7d, 30d, mtd) or a duration such as "90d", got "${text}"`);
  }
}

/**
 * The business-flow REST API (docs/api.md § Business flows): the configured flows, a flow's instances, one customer's
 * timeline and a flow's OCEL 2.0 export. Scoped as docs/access.md § Business flows says.
 */
export function flowsRoutes(deps: FlowsDeps): RouteHandlers<'flows.list' | 'flows.instances' | 'flows.ocel' | 'customers.timeline'> {
  const now = deps.now ?? Date.now;
  /** The flow named by `:id` if the holder may see it; otherwise answered 404 (a flow out of scope is not told apart). */
  const flowOf = (id: string, res: Response): FlowConfig | undefined => {
    const flow = deps.flows.find((f) => f.id === id);
    if (flow && flowVisible(flow, deps.scope?.(res))) return flow;
    sendError(res, 404, 'not_found', `no flow "${id}"${deps.flows.length ? '' : ' (no flows are configured)'}`);
    return undefined;
  };

  return {
    'flows.list': (_req, res) => {
      const scope = deps.scope?.(res);
      res.json({ flows: deps.flows.filter((f) => flowVisible(f, scope)).map(flowListing) });
    },

    'flows.instances': (req, res) => {
      const flow = flowOf(param(req, 'id'), res);
      if (!flow) return;
      const q = req.query as Record<string, string | undefined>;
      const state = q.state ?? 'all';
      if (!(STATES as readonly string[]).includes(state)) return sendError(res, 400, 'bad_request', `state: expected stuck, waiting or all, got "${state}"`, 'state');
      const limit = q.limit === undefined ? 50 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return sendError(res, 400, 'bad_request', `limit: expected a whole number from 1 to 1000, got "${q.limit}"`, 'limit');
      const department = q.department;
      if (department !== undefined && !flow.steps.some((s) => s.department === department)) {
        return sendError(res, 400, 'bad_request', `department: no step of flow "${flow.id}" belongs to "${department}" (${[...new Set(flow.steps.map((s) => s.department))].join(', ')})`, 'department');
      }
      const at = now();
      const matching: FlowInstance[] = [];
      for (const instance of deps.flowInstances(flow.id)) {
        const s = instanceState(instance, at);
        if ((state === 'stuck' && s !== 'stuck') || (state === 'waiting' && s === 'done')) continue;
        if (department !== undefined && (instance.waiting === null || flow.steps[instance.waiting.step]!.department !== department)) continue;
        matching.push(instance);
      }
      matching.sort(byMostOverdue);
      res.json({ flow: flow.id, total: matching.length, items: matching.slice(0, limit).map((i) => instanceSummary(flow, i, at, deps.customerOf)) });
    },

    'customers.timeline': (req, res) => {
      const id = param(req, 'id');
      const customer = deps.customer(id);
      const notFound = () => sendError(res, 404, 'not_found', `no customer "${id}"`);
      if (!customer) return notFound();
      // The customer's own records (by each account), the instances they belong to, and those instances' records.
      const records = new Map<string, SourcedRecord>();
      for (const account of customer.accounts) {
        for (const r of deps.recordsOfAccount(account.source, account.id, TIMELINE_RECORDS_PER_ACCOUNT)) records.set(flowRecordKey(r.source, r.type, r.id), r);
      }
      const instances = new Map<string, { flow: FlowConfig; instance: FlowInstance }>();
      for (const key of [...records.keys()]) {
        for (const instance of deps.instancesOf(key)) {
          const flow = deps.flows.find((f) => f.id === instance.flow);
          if (flow) instances.set(`${flow.id} ${instance.id}`, { flow, instance });
        }
      }
      for (const { instance } of instances.values()) {
        for (const key of instance.by) {
          if (key === null || records.has(key)) continue;
          const k = splitRecordKey(key);
          const r = deps.known?.(k.source, k.type as RecordType, k.id);
          if (r) records.set(key, r);
        }
      }
      const timeline = buildTimeline({
        customer, records: [...records.values()], instances: [...instances.values()], now: now(), scope: deps.scope?.(res),
        reportingCurrency: deps.reportingCurrency, url: deps.recordUrl,
      });
      if (!timeline) return notFound(); // nothing of it in the holder's scope: its existence is not told
      res.json(timeline);
    },

    'flows.ocel': async (req, res) => {
      const flow = flowOf(param(req, 'id'), res);
      if (!flow) return;
      const window = (req.query as Record<string, string | undefined>).window ?? '30d';
      const at = now();
      const start = windowStart(window, at, deps.timezone ?? 'UTC');
      if (start instanceof Error) return sendError(res, 400, 'bad_request', start.message, 'window');
      const entered = (i: FlowInstance) => i.reached[i.entered_at_step] ?? -Infinity;
      // The instances as they are now: the export is written in two passes (objects, events) while changes go on, and an
      // instance object is never changed in place (a change replaces it), so both passes see the same instances.
      const exported = [...deps.flowInstances(flow.id)].filter((i) => entered(i) >= start && entered(i) <= at);
      const chunks = ocelChunks({
        flow, instances: () => exported,
        record: (key) => { const k = splitRecordKey(key); return deps.known?.(k.source, k.type as RecordType, k.id); },
        customerOf: deps.customerOf, customerName: (id) => deps.customer(id)?.name,
        scope: deps.scope?.(res), reportingCurrency: deps.reportingCurrency,
      });
      res.status(200).type('application/json').set('Content-Disposition', `attachment; filename="${flow.id}.ocel.json"`);
      let gone = false;
      res.once('close', () => { gone = true; });
      try {
        for (const chunk of chunks) {
          if (gone) return;
          if (!res.write(chunk)) await drainedOrClosed(res);
        }
        res.end();
      } catch (err) {
        // Headers are sent: the client sees a cut answer (invalid JSON), never a well-formed partial log.
        res.destroy(err as Error);
      }
    },
  };
}
