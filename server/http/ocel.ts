import type { Scope } from '../access';
import { TYPE_RANK, type FlowConfig, type FlowInstance } from '../flows';
import { isDeleted, type SourcedRecord } from '../model';
import { inScope, isoOrNull, recordDepartments, stepTitle } from './flow-views';

/**
 * A flow's instances as an OCEL 2.0 JSON event log (docs/api.md § OCEL export; https://www.ocel-standard.org), written
 * piece by piece so that 100,000 instances never make one string. Objects: the deals, orders and tickets that reached
 * a step, and their customers. Events: each step reached (type: the step's title) and each of those records' creation.
 * Every value is a string, as the published schema requires, and every time UTC with a `Z`. PM4Py's importer drops
 * events that relate to no object and objects no event relates to: here each event relates to at least one object and
 * each object is related from at least one event (records from their creation, customers from their records' events).
 */
export interface OcelInput {
  flow: FlowConfig;
  /** The instances to export; called twice (objects first, then events), the same each time. */
  instances: () => Iterable<FlowInstance>;
  /** A stored record by its key `source/type/id`. */
  record(key: string): SourcedRecord | undefined;
  /** The customer of a source's account id (`<source>:<id>` for one the customer map joins to nothing). */
  customerOf(source: string, accountId: string): string;
  customerName(id: string): string | undefined;
  scope: Scope | undefined;
  reportingCurrency: string;
}

type Attributes = { name: string; value: string }[];
const RECORD_ATTRIBUTES = {
  deal: ['source', 'name', 'stage', 'amount', 'currency', 'owner', 'department'],
  order: ['source', 'status', 'amount', 'currency', 'department'],
  ticket: ['source', 'subject', 'status', 'priority', 'group', 'department'],
} as const;
const FLOAT = new Set(['amount']);
/** The object-to-object qualifier from a record to a linked record of a higher type rank (deal → order → ticket). */
const QUALIFIER: Record<string, string> = { 'deal>order': 'fulfilled by', 'deal>ticket': 'followed up by', 'order>ticket': 'followed up by' };

const customerObject = (id: string) => `customer:${id}`;
const CHUNK = 64 * 1024;

/** The event type of each step: its title, or its id where two steps share a title. */
function stepTypes(flow: FlowConfig): string[] {
  const titles = flow.steps.map(stepTitle);
  return flow.steps.map((s, i) => (titles.indexOf(titles[i]!) !== titles.lastIndexOf(titles[i]!) ? s.id : titles[i]!));
}

/** One instance's records as the export holds them: present, not deleted, and in the holder's scope. */
function instanceRecords(input: OcelInput, instance: FlowInstance): Map<string, SourcedRecord> {
  const out = new Map<string, SourcedRecord>();
  const with1 = [{ flow: input.flow, instance }];
  for (const key of instance.by) {
    if (key === null || out.has(key)) continue;
    const record = input.record(key);
    if (!record || isDeleted(record)) continue;
    const departments = recordDepartments(key, record, with1);
    if (input.scope && input.scope.departments !== 'all' && !departments.some((d) => inScope(input.scope, d))) continue;
    out.set(key, record);
  }
  return out;
}

/** The customer a record belongs to: its own account's, else its instance's. */
function customerOfRecord(input: OcelInput, record: SourcedRecord, instance: FlowInstance): string | undefined {
  const account = record.type !== 'account' && record.account_id !== undefined ? { source: record.source, id: record.account_id } : instance.account;
  return account ? input.customerOf(account.source, account.id) : undefined;
}

/** The export, as chunks of JSON text of about 64 KiB. */
export function* ocelChunks(input: OcelInput): Generator<string> {
  const { flow } = input;
  const money = !input.scope || input.scope.amounts;
  const types = stepTypes(flow);
  let buffer = '';
  function* put(text: string): Generator<string> {
    buffer += text;
    if (buffer.length >= CHUNK) { yield buffer; buffer = ''; }
  }

  const objectTypes = [
    ...(['deal', 'order', 'ticket'] as const).map((t) => ({ name: t, attributes: RECORD_ATTRIBUTES[t]
      .filter((a) => money || (a !== 'amount' && a !== 'currency')).map((a) => ({ name: a, type: FLOAT.has(a) ? 'float' : 'string' })) })),
    { name: 'customer', attributes: [{ name: 'name', type: 'string' }] },
  ];
  const stepAttributes = [{ name: 'department', type: 'string' }, { name: 'flow', type: 'string' }, { name: 'instance', type: 'string' },
    { name: 'handoff_s', type: 'float' }, { name: 'late', type: 'boolean' }];
  const eventTypes = [
    ...[...new Set(types)].map((name) => ({ name, attributes: stepAttributes })),
    ...(['deal', 'order', 'ticket'] as const).map((t) => ({ name: `${t} created`, attributes: [{ name: 'department', type: 'string' }] })),
  ];
  yield* put(`{"objectTypes":${JSON.stringify(objectTypes)},"eventTypes":${JSON.stringify(eventTypes)},"objects":[`);

  // Objects: each instance's records, with their links inside the instance and their customer; then the customers.
  const customers = new Set<string>();
  let comma = '';
  for (const instance of input.instances()) {
    const records = instanceRecords(input, instance);
    // Every instance reached a step, whose event relates to the instance's customer: so that customer is an object.
    if (instance.account) customers.add(input.customerOf(instance.account.source, instance.account.id));
    for (const [key, record] of records) {
      const time = isoOrNull(Date.parse(record.updated_at))!;
      const attributes = (RECORD_ATTRIBUTES[record.type as keyof typeof RECORD_ATTRIBUTES] ?? []).flatMap((name) => {
        const value = attributeOf(record, name, money, input.reportingCurrency);
        return value === undefined ? [] : [{ name, value, time }];
      });
      const relationships = linksWithin(record, key, records).map((to) => ({ objectId: to, qualifier: QUALIFIER[`${record.type}>${records.get(to)!.type}`]! }));
      const customer = customerOfRecord(input, record, instance);
      if (customer !== undefined) { customers.add(customer); relationships.push({ objectId: customerObject(customer), qualifier: 'belongs to' }); }
      yield* put(`${comma}${JSON.stringify({ id: key, type: record.type, attributes, relationships })}`);
      comma = ',';
    }
  }
  for (const id of customers) {
    const name = input.customerName(id);
    yield* put(`${comma}${JSON.stringify({ id: customerObject(id), type: 'customer',
      attributes: name === undefined ? [] : [{ name: 'name', value: name, time: '1970-01-01T00:00:00.000Z' }] })}`);
    comma = ',';
  }
  yield* put('],"events":[');

  // Events: each record's creation (to it and its customer), each step reached (to the record that reached it and the
  // instance's customer; a step outside the holder's scope to the customer alone, with its department only).
  comma = '';
  for (const instance of input.instances()) {
    const records = instanceRecords(input, instance);
    const customer = instance.account ? input.customerOf(instance.account.source, instance.account.id) : undefined;
    for (const [key, record] of records) {
      const own = customerOfRecord(input, record, instance);
      const department = record.type !== 'account' ? record.department : undefined;
      yield* put(`${comma}${JSON.stringify({ id: `${key}#created`, type: `${record.type} created`, time: isoOrNull(Date.parse(record.created_at)),
        attributes: department ? [{ name: 'department', value: department }] : [],
        relationships: [{ objectId: key, qualifier: 'created' }, ...(own !== undefined ? [{ objectId: customerObject(own), qualifier: 'customer' }] : [])] })}`);
      comma = ',';
    }
    for (const [s, step] of flow.steps.entries()) {
      const at = instance.reached[s];
      if (at === null || at === undefined) continue;
      const by = instance.by[s];
      const shown = inScope(input.scope, step.department) && by !== null && by !== undefined && records.has(by);
      const relationships = [
        ...(shown ? [{ objectId: by, qualifier: 'reached by' }] : []),
        ...(customer !== undefined ? [{ objectId: customerObject(customer), qualifier: 'customer' }] : []),
      ];
      if (relationships.length === 0) continue; // an event of no object: PM4Py would drop it
      const handoff = instance.handoffs[s];
      const attributes: Attributes = [{ name: 'department', value: step.department }];
      if (inScope(input.scope, step.department)) {
        attributes.push({ name: 'flow', value: flow.id }, { name: 'instance', value: instance.id });
        if (handoff) attributes.push({ name: 'handoff_s', value: String(Math.round(handoff.seconds)) });
        if (handoff?.late !== null && handoff?.late !== undefined) attributes.push({ name: 'late', value: String(handoff.late) });
      }
      yield* put(`${comma}${JSON.stringify({ id: `${instance.id}#${step.id}`, type: types[s], time: isoOrNull(at), attributes, relationships })}`);
      comma = ',';
    }
  }
  // Every customer written above is related from an event: an instance's from its steps' events, a record's own from
  // the record's creation event.
  yield buffer + ']}';
}

/** The keys of the instance's records a record links to or is linked from, of a higher type rank, each once. */
function linksWithin(record: SourcedRecord, key: string, records: Map<string, SourcedRecord>): string[] {
  const rank = TYPE_RANK[record.type as keyof typeof TYPE_RANK];
  const out: string[] = [];
  const consider = (other: string) => {
    const r = records.get(other);
    if (r && other !== key && TYPE_RANK[r.type as keyof typeof TYPE_RANK] > rank && !out.includes(other)) out.push(other);
  };
  for (const l of record.type !== 'account' ? record.links ?? [] : []) consider([l.source ?? record.source, l.type, l.id].join('/'));
  for (const [other, r] of records) {
    if (r.type === 'account') continue;
    if ((r.links ?? []).some((l) => [l.source ?? r.source, l.type, l.id].join('/') === key)) consider(other);
  }
  return out;
}

function attributeOf(r: SourcedRecord, name: string, money: boolean, reporting: string): string | undefined {
  if (name === 'source') return r.source;
  if (name === 'amount') return money && (r.type === 'deal' || r.type === 'order') && r.amount_reporting !== undefined ? String(r.amount_reporting) : undefined;
  if (name === 'currency') return money && (r.type === 'deal' || r.type === 'order') && r.amount_reporting !== undefined ? reporting : undefined;
  const v = (r as unknown as Record<string, unknown>)[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
