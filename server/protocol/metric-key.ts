/** Params a metric takes on the wire: flat strings and numbers only, so a key is canonical. */
export type MetricParams = Record<string, string | number>;

/**
 * The key of a (metric, params) pair: the id plus the params in sorted order, e.g.
 * `orders.count?status=delivered&window=today`. One key is computed once however many screens show it.
 */
export function metricKey(id: string, params: MetricParams = {}): string {
  const names = Object.keys(params).filter((k) => params[k] !== undefined && params[k] !== '').sort();
  if (names.length === 0) return id;
  const query = names.map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(params[k]))}`).join('&');
  return `${id}?${query}`;
}
