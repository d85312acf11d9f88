import { reportingAmount } from '../metrics';
import { DEAL_STAGES, ORDER_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES, type SourcedRecord } from '../model';

/** The entities a definition can count: the canonical record types (flow instances come later). */
export const ENTITIES = ['order', 'ticket', 'deal'] as const;
export type Entity = (typeof ENTITIES)[number];

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

/** Each entity's canonical fields a filter, measure or group-by may name (besides `extra.<key>`). */
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
};

/** The status-like field whose history `percentile.between` reads. */
export const STATUS_FIELD: Record<Entity, 'status' | 'stage'> = { order: 'status', ticket: 'status', deal: 'stage' };

export const EXTRA_PREFIX = 'extra.';

/** A field's type for an entity: a canonical type, `extra` (a vendor field, type known only at runtime) or undefined (none such). */
export function fieldType(entity: Entity, field: string): FieldType | 'extra' | undefined {
  if (field.startsWith(EXTRA_PREFIX) && field.length > EXTRA_PREFIX.length) return 'extra';
  return Object.hasOwn(CANONICAL_FIELDS[entity], field) ? CANONICAL_FIELDS[entity][field] : undefined;
}

/**
 * A field's value on a record. `amount` and `amount_reporting` read the amount in the reporting currency, as every
 * built-in money metric does (catalogue/money.ts reportingAmount): a record that names no currency is in it; one no
 * rate covers has none.
 */
export function readField(record: SourcedRecord, field: string): unknown {
  if (field.startsWith(EXTRA_PREFIX)) return record.extra?.[field.slice(EXTRA_PREFIX.length)];
  const fields = record as unknown as Record<string, unknown>;
  if ((field === 'amount' || field === 'amount_reporting') && (record.type === 'order' || record.type === 'deal')) return reportingAmount(record);
  return fields[field];
}
