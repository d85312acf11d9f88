import type { MetricPayload, MetricValue } from '../protocol';

/** Metrics whose value itself is a sum of money: nothing of them reaches a holder without finance rights. */
export const AMOUNT_METRICS: ReadonlySet<string> = new Set(['orders.amount', 'deals.won_amount', 'deals.pipeline_value']);

/**
 * Metrics whose value carries money beside counts (breakdown items' and funnel stages' `amount`): those
 * fields are stripped for a holder without finance rights, the counts stay.
 */
export const AMOUNT_FIELD_METRICS: ReadonlySet<string> = new Set(['orders.by_status', 'orders.by_region', 'deals.by_owner', 'deals.funnel']);

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
