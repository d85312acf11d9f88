import type { MetricPayload, SlaSummaryValue } from '../../server/protocol';

export const SLA_FIELDS = ['compliance', 'running', 'at_risk', 'breached', 'met', 'missed'] as const;
export type SlaField = (typeof SLA_FIELDS)[number];

/** The single number a scalar or an SLA summary stands for; null when there is none (yet). */
export function pickNumber(value: MetricPayload | undefined, field: SlaField): number | null {
  if (!value) return null;
  if (value.kind === 'scalar') return value.value;
  if (value.kind === 'sla-summary') return (value as SlaSummaryValue)[field];
  return null;
}

/** Percent style is implied for SLA compliance, so a screen file need not say it. */
export function impliedStyle(value: MetricPayload | undefined, field: SlaField, style: 'auto' | 'number' | 'currency' | 'percent'): 'number' | 'currency' | 'percent' {
  if (style !== 'auto') return style;
  return value?.kind === 'sla-summary' && field === 'compliance' ? 'percent' : 'number';
}
