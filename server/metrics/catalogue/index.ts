import type { MetricDefinition } from '../types';
import { orderMetrics } from './orders';
import { flowMetrics } from './flow';
import { ticketMetrics } from './tickets';
import { serviceMetrics } from './service';
import { dealMetrics } from './deals';
import { handoffMetrics } from './handoffs';
import { reassignmentMetrics } from './reassignments';

/** Every metric the hub serves. A new metric is one entry here (and its doc). */
export const CATALOGUE: readonly MetricDefinition<never>[] = [
  ...orderMetrics, ...flowMetrics, ...ticketMetrics, ...serviceMetrics, ...dealMetrics, ...handoffMetrics, ...reassignmentMetrics,
] as never;
