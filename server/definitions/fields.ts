import { reportingAmount } from '../metrics';
import { DEAL_STAGES, ORDER_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES, type SourcedRecord } from '../model';

/** The entities a definition can count: the canonical record types, and the instances of a business flow (flow-view.ts). */
export const ENTITIES = ['order', 'ticket', 'deal', 'flow'] as const;
export type Entity = (typeof ENTITIES)[number];
/** The entities that are records (a flow instance is a chain of them). */
export type RecordEntity = Exclude<Entity, 'flow'>;

/** The states of a flow instance: waiting for a step, or nothing left to wait for. */
export const FLOW_STATES = ['waiting', 'done'] as const;

/**
 * A flow instance as a definition reads it: a flat row of its fields (flow-view.ts makes it). `type` tells it from a
 * record; it has no vendor fields.
 */
export interface FlowRow {
  type: 'flow';
  extra?: undefined;
  flow: string; id: string; state: (typeof FLOW_STATES)[number]; step?: string; department?: string;
  account_id?: string; customer?: string; created_at: string; records: number; lead_time_s: number;
  /** When each step (by id) was reached, epoch ms: what percentile.between reads; no field a definition can name. */
  reached: ReadonlyMap<string, number>;
}

/** What a filter, measure or group-by reads a field of: a record, or a flow instance's row. */
export type Row = SourcedRecord | FlowRow;

/**
 * What a canonical field holds, as a definition may use it: text, a number, an instant (ISO-8601 text compared as
 * time), or one of fixed values. `money`: an amount (the measure is then money, see docs/metrics.md, Money).
 */
export type FieldType =
  | { kind: 'text' } | { kind: 'number'; money?: boolean } | { kind: 'instant' } | { kind: 'enum'; values: readonly string[] };

const text = { kind: 'text' } as const;
const instant = { kind: 'instant' } as const;
const money = { kind: 'number', money: true } as const;

/** Fields every order, ticket and deal has (server/model/records.ts). */
const COMMON: Record<string, FieldType> = {
  id: text, account_id: text, department: text, created_at: instant, updated_at: instant,
};
const AMOUNTS: Record<string, FieldType> = {
  amount: money, currency: text, base_amount: money, base_currency: text, amount_reporting: money,
};

/** Each entity's canonical fields a filter, measure or group-by may name (besides `extra.<key>` on records). */
export const CANONICAL_FIELDS: Record<Entity, Record<string, FieldType>> = {
  order: {
    ...COMMON, ...AMOUNTS, status: { kind: 'enum', values: ORDER_STATUSES },
    customer: text, region: text, channel: text, owner: text,
  },
  ticket: {
    ...COMMON, subject: text, priority: { kind: 'enum', values: TICKET_PRIORITIES },
    status: { kind: 'enum', values: TICKET_STATUSES }, group: text, assignee: text, customer: text, channel: text,
  },
  deal: {
    ...COMMON, ...AMOUNTS, name: text, stage: { kind: 'enum', values: DEAL_STAGES },
    owner: text, region: text, pipeline: text, close_date: text,
  },
  // Only what changes when the instance does: nothing that moves with the clock alone (waiting time, lateness now).
  flow: {
    flow: text, id: text, state: { kind: 'enum', values: FLOW_STATES }, step: text, department: text,
    account_id: text, customer: text, created_at: instant, records: { kind: 'number' }, lead_time_s: { kind: 'number' },
  },
};

/** The status-like field whose history `percentile.between` reads (a flow's reads its step ids). */
export const STATUS_FIELD: Record<RecordEntity, 'status' | 'stage'> = { order: 'status', ticket: 'status', deal: 'stage' };

export const EXTRA_PREFIX = 'extra.';

/**
 * A field's type for an entity: a canonical type, `extra` (a record's vendor field, type known only at runtime) or
 * undefined (none such; a flow instance has no vendor fields).
 */
export function fieldType(entity: Entity, field: string): FieldType | 'extra' | undefined {
  if (field.startsWith(EXTRA_PREFIX) && field.length > EXTRA_PREFIX.length) return entity === 'flow' ? undefined : 'extra';
  return Object.hasOwn(CANONICAL_FIELDS[entity], field) ? CANONICAL_FIELDS[entity][field] : undefined;
}

/**
 * A field's value on a record. `amount` and `amount_reporting` read the amount in the reporting currency, as every
 * built-in money metric does (catalogue/money.ts reportingAmount): a record that names no currency is in it; one no
 * rate covers has none.
 */
export function readField(record: Row, field: string, moneyExtras?: ReadonlySet<string>): unknown {
  if (field.startsWith(EXTRA_PREFIX)) {
    const key = field.slice(EXTRA_PREFIX.length);
    const v = record.extra?.[key];
    return moneyExtras?.has(key) && (record.type === 'order' || record.type === 'deal') ? inReporting(record, v) : v;
  }
  const fields = record as unknown as Record<string, unknown>;
  if ((field === 'amount' || field === 'amount_reporting') && (record.type === 'order' || record.type === 'deal')) return reportingAmount(record);
  return fields[field];
}

/**
 * A vendor money field (a source's `extra_fields` entry with `"money": true`) in the reporting currency: at the rate its
 * record's amount was converted at, the record's own currency and date (a Salesforce currency field is in the
 * opportunity's currency). None when the record's amount has no reporting amount (no rate), or is 0 (no rate to read).
 */
function inReporting(record: Extract<SourcedRecord, { type: 'order' | 'deal' }>, v: unknown): unknown {
  if (typeof v !== 'number') return v;
  const reporting = reportingAmount(record);
  if (reporting === undefined) return undefined;
  if (reporting === record.amount) return v;
  return record.amount === 0 ? undefined : Math.round((v * reporting / record.amount) * 100) / 100;
}
