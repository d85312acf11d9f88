import type { Deal, Order } from '../../model';

/**
 * What an order or deal adds to a money metric, in the reporting currency: `amount_reporting`, set at ingest
 * (docs/metrics.md, Money). A record that names no currency is taken to be in the reporting currency; one in a
 * currency no rate covers adds nothing (it still counts where a metric counts records).
 */
export const reportingAmount = (r: Order | Deal): number | undefined =>
  r.amount_reporting ?? (r.currency === undefined ? r.amount : undefined);
