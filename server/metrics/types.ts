import type { z } from 'zod';
import type { FlowChange, FlowConfig } from '../flows';
import type { RecordType, SourcedRecord } from '../model';
import type { MetricPayload } from '../protocol';
import type { TicketSla } from '../sla';

export interface MetricContext {
  timezone: string;
  now: number;
  /** The configured business flows (docs/flows.md), for the flow metrics. */
  flows?: readonly FlowConfig[];
  /** The customer a source's account id belongs to (the customer map), where the hub has one. */
  customerOf?: (source: string, accountId: string) => string | undefined;
}

/**
 * What an aggregator is told: a record as it now is, a ticket's SLA instances as they now are, or a business flow
 * instance as it now is (null: it left the flow).
 */
export type EngineInput =
  | { kind: 'record'; key: string; record: SourcedRecord }
  | { kind: 'sla'; sla: TicketSla }
  | { kind: 'flow'; change: FlowChange };

/**
 * An incremental computation of one (metric, params) key. `apply` replaces whatever it held for that
 * record, so it needs no "before"; `advance` moves its windows in time; `value` reads its totals.
 */
export interface Aggregator {
  apply(input: EngineInput): void;
  advance(now: number): void;
  value(now: number): MetricPayload;
}

/** One catalogue entry: the single definition of a number that every department sees. */
export interface MetricDefinition<P = Record<string, unknown>> {
  id: string;
  title: string;
  /** In words: what is counted, over which records and times. Shown in the catalogue and the docs. */
  description: string;
  /**
   * Markdown for docs/metrics.md only, after the description: exactly what is counted where two engineers could
   * compute different numbers, with a worked example.
   */
  details?: string;
  unit?: string;
  /**
   * Whether it carries money, which holders without the amounts right never see (docs/access.md): `value`, the
   * value itself is a sum of money (refused whole); `amounts`, its items carry an `amount` beside their counts
   * (stripped, the counts stay). Absent: no money.
   */
  money?: 'value' | 'amounts';
  /**
   * The record type it counts: its records (input 'record'), and the sources whose data age (asOf, stale) its values
   * carry. A flow metric (input 'flow') takes its data age from every type its flow's steps name instead (the engine).
   */
  entity: RecordType;
  input: 'record' | 'sla' | 'flow';
  params: z.ZodType<P>;
  /**
   * Where it is defined: absent, in code; `builtin`, a definition file shipped with the hub; `company`, a file of the
   * company's metrics folder (docs/metrics.md, Define your own).
   */
  origin?: 'builtin' | 'company';
  /** A defined metric's definition as its file gives it, and that file: what GET /api/metrics shows. */
  definition?: unknown;
  file?: string;
  create(params: P, ctx: MetricContext): Aggregator;
}

/** Keeps each definition's params type while the catalogue holds them side by side. */
export function defineMetric<P>(def: MetricDefinition<P>): MetricDefinition<P> {
  return def;
}
