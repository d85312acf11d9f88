/**
 * Frappe's list query (`GET /api/resource/<doctype>`) over rows in memory: `fields` (`["*"]` for all),
 * `filters` and `or_filters` (`[[field, op, value]]`, `[[doctype, field, op, value]]` or `{ field: value }`),
 * `order_by` (`modified asc, name asc`), `limit_start` and `limit_page_length` (default 20; 0 = all).
 */

export type FrappeRow = Record<string, unknown>;

/** A request Frappe refuses: answered as Frappe answers it (HTTP 417 with `exc_type` and `_server_messages`). */
export class FrappeQueryError extends Error {
  constructor(message: string, readonly excType = 'DataError') { super(message); this.name = 'FrappeQueryError'; }
}

type Filter = [string, string, unknown];
const OPS = new Set(['=', '!=', '>', '>=', '<', '<=', 'in', 'not in']);

function json<T>(text: string | null, fallback: T, what: string): T {
  if (text === null) return fallback;
  try { return JSON.parse(text) as T; } catch { throw new FrappeQueryError(`${what} is not valid JSON: ${text.slice(0, 80)}`, 'ValidationError'); }
}

function filtersOf(raw: unknown): Filter[] {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    return Object.entries(raw).map(([field, v]): Filter => (Array.isArray(v) ? [field, String(v[0]), v[1]] : [field, '=', v]));
  }
  if (!Array.isArray(raw)) throw new FrappeQueryError('filters must be a list or an object', 'ValidationError');
  return raw.map((f): Filter => {
    if (!Array.isArray(f) || (f.length !== 3 && f.length !== 4)) throw new FrappeQueryError(`not a filter: ${JSON.stringify(f)}`, 'ValidationError');
    const [field, op, value] = (f.length === 4 ? f.slice(1) : f) as [string, string, unknown];
    return [field, String(op).toLowerCase(), value];
  });
}

/** A filter as a test on a row; naive datetimes compare as text, which orders them. */
function matcher([field, op, value]: Filter): (row: FrappeRow) => boolean {
  if (!OPS.has(op)) throw new FrappeQueryError(`unsupported operator ${op}`, 'ValidationError');
  if (op === 'in' || op === 'not in') {
    const set = new Set((Array.isArray(value) ? value : String(value).split(',')).map(String));
    return (row) => set.has(String(row[field])) === (op === 'in');
  }
  return (row) => {
    const v = row[field];
    if (op === '=') return String(v) === String(value);
    if (op === '!=') return String(v) !== String(value);
    if (v === null || v === undefined) return false;
    const d = typeof v === 'number' ? v - Number(value) : String(v) < String(value) ? -1 : String(v) > String(value) ? 1 : 0;
    return op === '>' ? d > 0 : op === '>=' ? d >= 0 : op === '<' ? d < 0 : d <= 0;
  };
}

/** Runs one list request over `rows`; `known` is the doctype's fields (a field outside it is refused). */
export function frappeList(rows: Iterable<FrappeRow>, query: URLSearchParams, known: ReadonlySet<string>): FrappeRow[] {
  const fields = json<string[]>(query.get('fields'), ['name'], 'fields');
  const filters = filtersOf(json<unknown>(query.get('filters'), [], 'filters'));
  const orFilters = filtersOf(json<unknown>(query.get('or_filters'), [], 'or_filters'));
  const order = (query.get('order_by') ?? 'modified desc').split(',').map((part) => {
    const [field, dir] = part.trim().replace(/^`[^`]*`\./, '').split(/\s+/) as [string, string?];
    return { field, desc: dir?.toLowerCase() !== 'asc' };
  });
  const wanted = fields.includes('*') ? [...known] : fields;
  for (const f of [...wanted, ...filters.map((x) => x[0]), ...orFilters.map((x) => x[0]), ...order.map((o) => o.field)]) {
    if (!known.has(f)) throw new FrappeQueryError(`Field not permitted in query: ${f}`);
  }
  const all = filters.map(matcher);
  const any = orFilters.map(matcher);
  const start = Number(query.get('limit_start') ?? 0) || 0;
  const limit = Number(query.get('limit_page_length') ?? query.get('limit') ?? 20);
  // Sort keys are read once per row, not once per comparison.
  const matched = [...rows].filter((r) => all.every((m) => m(r)) && (any.length === 0 || any.some((m) => m(r))))
    .map((row) => ({ row, keys: order.map(({ field }) => (typeof row[field] === 'number' ? row[field] : String(row[field]))) }));
  matched.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const x = a.keys[i]!, y = b.keys[i]!;
      const d = typeof x === 'number' && typeof y === 'number' ? x - y : x < y ? -1 : x > y ? 1 : 0;
      if (d !== 0) return order[i]!.desc ? -d : d;
    }
    return 0;
  });
  const page = limit === 0 ? matched.slice(start) : matched.slice(start, start + limit);
  return page.map(({ row }) => Object.fromEntries(wanted.map((f) => [f, row[f] ?? null])));
}
