/**
 * The part of SOQL the simulated Salesforce answers: `SELECT fields FROM Object [WHERE c AND c …]
 * [ORDER BY f [ASC|DESC], …] [LIMIT n]`, conditions `field op literal` (`= != > >= < <=`) and
 * `field IN (…)`, literals quoted strings, numbers, booleans, null, dates and date-times. Enough for what
 * the Salesforce connector sends; anything else is refused as Salesforce refuses it (MALFORMED_QUERY).
 */

export type SoqlValue = string | number | boolean | null;
export interface SoqlCondition { field: string; op: '=' | '!=' | '>' | '>=' | '<' | '<=' | 'IN'; value: SoqlValue | SoqlValue[] }
export interface SoqlQuery { fields: string[]; from: string; where: SoqlCondition[]; orderBy: { field: string; desc: boolean }[]; limit?: number }
export type SoqlRow = Record<string, unknown>;

export class SoqlError extends Error {
  constructor(message: string, readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE') { super(message); this.name = 'SoqlError'; }
}

const QUERY = /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(.+?))?(?:\s+LIMIT\s+(\d+))?\s*$/is;
const CONDITION = /^([\w.]+)\s*(=|!=|>=|<=|>|<|\bIN\b)\s*(.+)$/is;
const DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/;
const DATE = /^\d{4}-\d\d-\d\d$/;
const FIELD = /^[A-Za-z]\w*(\.[A-Za-z]\w*)?$/;

function literal(text: string): SoqlValue {
  const t = text.trim();
  if (/^'(?:[^'\\]|\\.)*'$/.test(t)) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (/^null$/i.test(t)) return null;
  if (DATETIME.test(t) || DATE.test(t)) return t;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  throw new SoqlError(`unexpected token: '${t}'`, 'MALFORMED_QUERY');
}

export function parseSoql(text: string): SoqlQuery {
  const m = QUERY.exec(text);
  if (!m) throw new SoqlError(`unexpected token in: ${text.slice(0, 80)}`, 'MALFORMED_QUERY');
  const fields = m[1]!.split(',').map((f) => f.trim());
  const where = m[3] ? m[3].split(/\s+AND\s+/i).map((part): SoqlCondition => {
    const c = CONDITION.exec(part.trim());
    if (!c) throw new SoqlError(`unexpected token: '${part.trim()}'`, 'MALFORMED_QUERY');
    const op = c[2]!.toUpperCase() as SoqlCondition['op'];
    if (op !== 'IN') return { field: c[1]!, op, value: literal(c[3]!) };
    const list = /^\((.*)\)$/s.exec(c[3]!.trim());
    if (!list) throw new SoqlError(`IN needs a list: '${part.trim()}'`, 'MALFORMED_QUERY');
    return { field: c[1]!, op, value: list[1]!.split(',').map(literal) };
  }) : [];
  const orderBy = m[4] ? m[4].split(',').map((part) => {
    const [field, dir] = part.trim().split(/\s+/);
    return { field: field!, desc: dir?.toUpperCase() === 'DESC' };
  }) : [];
  for (const f of [...fields, ...where.map((c) => c.field), ...orderBy.map((o) => o.field)]) {
    if (!FIELD.test(f)) throw new SoqlError(`unexpected token: '${f}'`, 'MALFORMED_QUERY');
  }
  return { fields, from: m[2]!, where, orderBy, ...(m[5] ? { limit: Number(m[5]) } : {}) };
}

/** A field's value in a row; `Owner.Name` reads the related record. */
function valueAt(row: SoqlRow, path: string): unknown {
  const [head, tail] = path.split('.') as [string, string?];
  const v = row[head];
  return tail === undefined ? v : v && typeof v === 'object' ? (v as SoqlRow)[tail] : null;
}

/** Date-times compare as instants (`…+0000` and `…Z` alike), everything else as itself. */
function comparable(v: unknown): unknown {
  if (typeof v === 'string' && DATETIME.test(v)) return Date.parse(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return v;
}

/** Orders two values already made comparable. */
function compare(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === null || x === undefined) return -1; // nulls first, as Salesforce sorts them ascending
  if (y === null || y === undefined) return 1;
  return (x as number | string) < (y as number | string) ? -1 : 1;
}

/** A condition as a test on a row; an IN list becomes a set once, not a scan per row. */
function test(c: SoqlCondition): (row: SoqlRow) => boolean {
  if (c.op === 'IN') {
    const set = new Set((c.value as SoqlValue[]).map(comparable));
    return (row) => set.has(comparable(valueAt(row, c.field)));
  }
  const value = comparable(c.value);
  return (row) => {
    const v = comparable(valueAt(row, c.field));
    const d = compare(v, value);
    if (c.op === '=') return d === 0;
    if (c.op === '!=') return d !== 0;
    if (v === null || v === undefined) return false;
    return c.op === '>' ? d > 0 : c.op === '>=' ? d >= 0 : c.op === '<' ? d < 0 : d <= 0;
  };
}

/**
 * Runs a parsed query over an object's rows: a field not in `known` (the object's fields, relationship
 * paths included) is INVALID_FIELD, as in an org without it. Rows come back with only the selected fields
 * (and `attributes`), related records nested as Salesforce nests them.
 */
export function runSoql(query: SoqlQuery, rows: Iterable<SoqlRow>, known: ReadonlySet<string>): SoqlRow[] {
  for (const f of [...query.fields, ...query.where.map((c) => c.field), ...query.orderBy.map((o) => o.field)]) {
    if (!known.has(f)) throw new SoqlError(`No such column '${f}' on entity '${query.from}'.`, 'INVALID_FIELD');
  }
  const tests = query.where.map(test);
  // Sort keys are read once per row, not once per comparison.
  const matched = [...rows].filter((r) => tests.every((t) => t(r)))
    .map((row) => ({ row, keys: query.orderBy.map((o) => comparable(valueAt(row, o.field))) }));
  matched.sort((a, b) => {
    for (let i = 0; i < query.orderBy.length; i++) {
      const d = compare(a.keys[i], b.keys[i]);
      if (d !== 0) return query.orderBy[i]!.desc ? -d : d;
    }
    return 0;
  });
  return matched.slice(0, query.limit ?? matched.length).map(({ row }) => project(row, query.fields));
}

function project(row: SoqlRow, fields: string[]): SoqlRow {
  const out: SoqlRow = { attributes: row.attributes };
  for (const path of fields) {
    const [head, tail] = path.split('.') as [string, string?];
    if (tail === undefined) { out[head] = row[head] ?? null; continue; }
    const related = row[head] as SoqlRow | null | undefined;
    if (!related) { out[head] = null; continue; }
    const nested = (out[head] ??= { attributes: related.attributes }) as SoqlRow;
    nested[tail] = related[tail] ?? null;
  }
  return out;
}
