import type { MetricPayload, MetricValue } from '../protocol';

/**
 * Whether a metric carries money, as its definition declares it (`MetricDefinition.money`): `value`, all money;
 * `amounts`, money fields beside counts; undefined, none. The access room reads the declaration, never a list of its own.
 */
export type MoneyOf = (metricId: string) => 'value' | 'amounts' | undefined;

/** The value without money amounts. */
export function withoutAmounts(value: MetricPayload): MetricPayload {
  if (value.kind === 'breakdown') return { ...value, items: value.items.map(({ amount: _amount, ...item }) => item) };
  if (value.kind === 'funnel') return { ...value, stages: value.stages.map(({ amount: _amount, ...stage }) => stage) };
  return value;
}

/** A pushed value as a holder without finance rights may see it (a new object; the original is shared). */
export function redactValue(v: MetricValue): MetricValue {
  const value = withoutAmounts(v.value);
  return value === v.value ? v : { ...v, value };
}
