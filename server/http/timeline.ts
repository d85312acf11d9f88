import type { Scope } from '../access';
import type { CustomerView } from '../customers';
import { flowRecordKey, type FlowConfig, type FlowInstance } from '../flows';
import { isDeleted, type SourcedRecord } from '../model';
import type { CustomerTimeline, TimelineEntry, TimelineInstance, TimelineRecordEntry } from '../protocol';
import { flowVisible, inScope, instanceSteps, isoOrNull, recordDepartments, splitRecordKey, stepTitle } from './flow-views';

/** What one customer's timeline is made of (the route gathers it: server/http/flows.ts). */
export interface TimelineInput {
  customer: CustomerView;
  /** The customer's records and those of the flow instances they belong to; duplicates and deleted records are dropped. */
  records: readonly SourcedRecord[];
  /** The flow instances the records belong to, with their flows. */
  instances: readonly { flow: FlowConfig; instance: FlowInstance }[];
  now: number;
  /** The holder's scope; undefined when access control is off (everything, amounts too). */
  scope: Scope | undefined;
  reportingCurrency: string;
  url(source: string, type: string, id: string): string | undefined;
}

/** Entries sorted by time; at one instant a record's creation, then steps, then its later changes. */
interface Sortable { at: number; order: number; key: string; entry: TimelineEntry }

/**
 * A customer's timeline as the holder may see it (docs/api.md § Customer timeline, docs/access.md § Business flows):
 * each deal, order and ticket created and last changed, each flow step reached, oldest first. What lies outside the
 * holder's departments is a `hidden` entry (time, and the step and department where there is one): no fields, ids or
 * amounts. Undefined when nothing at all is in the holder's scope: the customer's existence is not told.
 */
export function buildTimeline(input: TimelineInput): CustomerTimeline | undefined {
  const { scope } = input;
  const money = !scope || scope.amounts;
  const sortable: Sortable[] = [];
  let visible = 0;

  const seen = new Set<string>();
  for (const record of input.records) {
    if (record.type === 'account' || isDeleted(record)) continue;
    const key = flowRecordKey(record.source, record.type, record.id);
    if (seen.has(key)) continue;
    seen.add(key);
    const departments = recordDepartments(key, record, input.instances);
    const shown = !scope || scope.departments === 'all' || departments.some((d) => inScope(scope, d));
    const created = Date.parse(record.created_at);
    const updated = Date.parse(record.updated_at);
    const base = recordBase(record, departments[0], money, input);
    const add = (at: number, order: number, entry: TimelineRecordEntry) => {
      if (shown) visible++;
      sortable.push({ at, order, key, entry: shown ? entry : { at: entry.at, kind: 'hidden', ...(departments[0] ? { department: departments[0] } : {}) } });
    };
    const first = firstStatus(record);
    add(created, 0, { at: isoOrNull(created)!, ...base, ...(first !== undefined ? { status: first } : {}), event: 'created' });
    if (updated > created) add(updated, 2, { at: isoOrNull(updated)!, ...base, status: statusOf(record), event: 'updated' });
  }

  const instances: TimelineInstance[] = [];
  for (const { flow, instance } of input.instances) {
    if (flowVisible(flow, scope)) instances.push({ flow: flow.id, id: instance.id, title: flow.title ?? flow.id, steps: instanceSteps(flow, instance, input.now) });
    flow.steps.forEach((step, s) => {
      const at = instance.reached[s];
      if (at === null || at === undefined) return;
      const iso = isoOrNull(at)!;
      if (!inScope(scope, step.department)) {
        sortable.push({ at, order: 1, key: `${instance.id}#${step.id}`, entry: { at: iso, kind: 'hidden', step: step.id, department: step.department } });
        return;
      }
      visible++;
      const by = instance.by[s];
      const handoff = instance.handoffs[s];
      sortable.push({ at, order: 1, key: `${instance.id}#${step.id}`, entry: {
        at: iso, kind: 'step', flow: flow.id, instance: instance.id, step: step.id, title: stepTitle(step), department: step.department,
        ...(by ? { record: splitRecordKey(by) } : {}),
        ...(handoff ? { handoff_s: Math.round(handoff.seconds), late: handoff.late } : {}),
      } });
    });
  }
  if (visible === 0 && instances.length === 0) return undefined;

  sortable.sort((a, b) => a.at - b.at || a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  instances.sort((a, b) => firstReached(a) - firstReached(b) || (a.id < b.id ? -1 : 1));
  const { customer } = input;
  return {
    customer: { id: customer.id, ...(customer.name !== undefined ? { name: customer.name } : {}), accounts: customer.accounts.map((a) => ({ ...a })) },
    entries: sortable.map((s) => s.entry),
    instances,
  };
}

const firstReached = (i: TimelineInstance) => Math.min(...i.steps.map((s) => (s.reached_at ? Date.parse(s.reached_at) : Infinity)));

/** A record entry's fields but its time, status and event. */
function recordBase(record: SourcedRecord, department: string | undefined, money: boolean, input: TimelineInput) {
  const type = record.type as 'deal' | 'order' | 'ticket';
  const title = record.type === 'deal' ? record.name : record.type === 'ticket' ? record.subject : undefined;
  const amount = money && (record.type === 'deal' || record.type === 'order') ? record.amount_reporting : undefined;
  const url = input.url(record.source, type, record.id);
  return {
    kind: 'record' as const, type, source: record.source, id: record.id,
    ...(title ? { title } : {}),
    ...(amount !== undefined ? { amount, currency: input.reportingCurrency } : {}),
    ...(department ? { department } : {}),
    ...(url ? { url } : {}),
  };
}

const statusOf = (r: SourcedRecord): string | undefined => (r.type === 'deal' ? r.stage : r.type === 'account' ? undefined : r.status);

/** The status a record was created with: the first of its history, or its status now when it never changed. */
function firstStatus(r: SourcedRecord): string | undefined {
  if (r.type === 'deal' && r.history?.length) return r.history[0]!.stage;
  if (r.type === 'order' && r.history?.length) return r.history[0]!.status;
  return r.updated_at === r.created_at ? statusOf(r) : undefined;
}
