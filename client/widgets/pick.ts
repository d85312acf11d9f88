import type { MetricPayload } from '../../server/protocol';

/** Which number of a composite value to show: an SLA summary's, or a durations value's (`p50_s` …). */
export const SLA_FIELDS = ['compliance', 'running', 'at_risk', 'breached', 'met', 'missed', 'p50_s', 'p90_s', 'mean_s', 'count'] as const;
export type SlaField = (typeof SLA_FIELDS)[number];

/**
 * The single number a value stands for; null when there is none (yet). A scalar is its value; an SLA
 * summary or a durations value gives the named field (a durations value its median by default); a
 * breakdown its total; a series its last point; a stuck-hand-offs value its total; a reassignments value the
 * tickets bounced (passed `min` or more times).
 */
export function pickNumber(value: MetricPayload | undefined, field: SlaField): number | null {
  if (!value) return null;
  if (value.kind === 'scalar') return value.value;
  if (value.kind === 'sla-summary') return field in value ? value[field as keyof typeof value] as number | null : null;
  if (value.kind === 'durations') return field in value ? value[field as keyof typeof value] as number | null : value.p50_s;
  if (value.kind === 'breakdown') return value.items.reduce((sum, i) => sum + i.value, 0);
  if (value.kind === 'series') return value.points.at(-1)?.value ?? null;
  if (value.kind === 'flow-stuck') return value.total;
  if (value.kind === 'reassignments') return value.bounced;
  return null;
}

/** Percent style is implied for SLA compliance, so a screen file need not say it. */
export function impliedStyle(value: MetricPayload | undefined, field: SlaField, style: 'auto' | 'number' | 'currency' | 'percent' | 'duration'): 'number' | 'currency' | 'percent' | 'duration' {
  if (style !== 'auto') return style;
  if (value?.kind === 'durations' && field !== 'count') return 'duration';
  return value?.kind === 'sla-summary' && field === 'compliance' ? 'percent' : 'number';
}
