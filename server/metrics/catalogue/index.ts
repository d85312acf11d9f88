import type { MetricDefinition } from '../types';
import { orderMetrics } from './orders';
import { ticketMetrics } from './tickets';
import { dealMetrics } from './deals';

/** Every metric the hub serves. A new metric is one entry here (and its doc). */
export const CATALOGUE: readonly MetricDefinition<never>[] = [...orderMetrics, ...ticketMetrics, ...dealMetrics] as never;
