import { CANONICAL_FIELDS, STATUS_FIELD, fieldType, type Entity, type FieldType } from './fields';
import { MAX_PARAMS, PARAM_NAME, paramValueSchema, RESERVED_PARAMS } from './params';
import { COMPARISONS, definitionSchema, type Definition, type Filter, type Measure } from './schema';

/** One thing wrong with a definition: where (a JSON path such as `filter.all[1].eq`) and what was expected. */
export interface DefinitionProblem { path: string; message: string }

export interface DefinitionLimits {
  /**
   * The most a definition may cost: groups kept (group_by.max_groups, 1 without a group-by) × buckets (a series' points
   * over its longest window; otherwise 2 with windows, the current and the previous period). Checked when it loads.
   */
  maxCost: number;
  /**
   * The configured business flows, their ids and step ids in order: when given, a flow definition naming another flow
   * or step is refused at load. Absent: the engine refuses an unknown flow when a key is asked for.
   */
  flows?: readonly FlowRef[];
}
/** A business flow as the checks know it (the config's flows[]: its id and its steps' ids). */
export interface FlowRef { id: string; steps: readonly string[] }
export const DEFAULT_LIMITS: DefinitionLimits = { maxCost: 20_000 };

/** Measures that give one number and take no group-by (yet). */
const UNGROUPED = new Set(['min', 'max', 'percentile']);

/**
 * The checks a schema cannot make: every field exists for the entity, a measure's field holds numbers, a filter
 * value has its field's type, the id is not a built-in's, the cost fits the budget. Empty: the definition is good.
 */
export function checkDefinition(def: Definition, builtinIds: Iterable<string>, limits: DefinitionLimits = DEFAULT_LIMITS): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const entity = def.entity;

  if (new Set(builtinIds).has(def.id)) add('id', `"${def.id}" is a built-in metric's id; expected an id of your own (a prefix such as "sales." or "acme.")`);
  checkFlow(def, limits.flows, add);
  if (def.filter) checkFilter(entity, def.filter, 'filter', add);
  checkMeasure(entity, def.measure, add, entity === 'flow' ? limits.flows?.find((f) => f.id === def.flow) : undefined);
  if (def.params) checkParams(entity, def.params, add);

  if (def.group_by) {
    const kind = measureKind(def.measure);
    if (UNGROUPED.has(kind)) add('group_by', `a ${kind} measure gives one number; expected no group_by (use count, distinct, sum, avg or ratio)`);
    checkKnown(entity, def.group_by.field, 'group_by.field', add);
  }
  if (def.default_window !== undefined && !def.windows) add('default_window', 'expected windows as well: the default must be one of them');
  else if (def.default_window !== undefined && def.windows !== 'any' && !def.windows!.includes(def.default_window)) {
    add('default_window', `"${def.default_window}" is not one of windows (${(def.windows as string[]).join(', ')})`);
  }

  if (def.series) {
    const kind = measureKind(def.measure);
    if (!def.windows) add('series', 'a series runs over a window; expected windows as well');
    if (def.group_by) add('series', 'a series is one line; expected no group_by with it');
    if (kind !== 'count' && kind !== 'sum') add('series', `a series adds up its buckets; expected a count or sum measure, not ${kind}`);
  }

  const groups = def.group_by?.max_groups ?? 1;
  const windows = def.windows === 'any' ? ['mtd'] : def.windows; // any: the longest window a screen can ask for
  const buckets = def.series && windows ? Math.max(...windows.map((w) => bucketsIn(w, def.series!.bucket))) : windows ? 2 : 1;
  const cost = groups * buckets;
  if (cost > limits.maxCost) {
    add(def.group_by ? 'group_by.max_groups' : def.series ? 'series.bucket' : 'windows',
      `costs ${groups} groups × ${buckets} buckets = ${cost}, over the budget of ${limits.maxCost}; expected ${def.group_by ? 'a smaller max_groups' : 'fewer buckets'}`);
  }
  return problems;
}

/** The most points a series over a window can have: its longest span in buckets, plus the part-bucket at its start. */
function bucketsIn(window: string, bucket: '1h' | '1d'): number {
  const days = window === '7d' ? 7 : window === '30d' ? 30 : window === 'mtd' ? 31 : 1;
  return bucket === '1h' ? days * 24 + 1 : days + 1;
}

/** Parses and checks in one: the definition with defaults applied, or every problem found (schema problems first). */
export function parseDefinition(input: unknown, builtinIds: Iterable<string>, limits: DefinitionLimits = DEFAULT_LIMITS):
  { ok: true; definition: Definition } | { ok: false; problems: DefinitionProblem[] } {
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const problems = checkDefinition(parsed.data, builtinIds, limits);
  return problems.length ? { ok: false, problems } : { ok: true, definition: parsed.data };
}

export const measureKind = (m: Measure) => Object.keys(m)[0] as 'count' | 'distinct' | 'sum' | 'avg' | 'min' | 'max' | 'ratio' | 'percentile';

/** `filter.all[1].eq` from ['filter', 'all', 1, 'eq']. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '') || '(the definition)';
}

type Add = (path: string, message: string) => void;

const article = (entity: Entity) => (entity === 'order' ? 'an order' : entity === 'flow' ? 'a flow instance' : `a ${entity}`);
/** What else a field may be: a record's vendor field; a flow instance has none. */
const orExtra = (entity: Entity) => (entity === 'flow' ? '' : ' or extra.<vendor field>');

/** `flow` names the business flow of a flow definition, and only of one; one of the configured flows when they are given. */
function checkFlow(def: Definition, flows: readonly FlowRef[] | undefined, add: Add): void {
  const known = () => flows?.map((f) => f.id).join(', ') || 'none configured';
  if (def.entity !== 'flow') {
    if (def.flow !== undefined) add('flow', `"flow" names the business flow of entity "flow"; expected no flow with entity "${def.entity}"`);
    return;
  }
  if (def.flow === undefined) add('flow', `a flow definition names its business flow; expected "flow": "<flow id>"${flows ? ` (one of ${known()})` : ''}`);
  else if (flows && !flows.some((f) => f.id === def.flow)) add('flow', `no flow "${def.flow}" in the config; expected one of ${known()}`);
}

function checkKnown(entity: Entity, field: string, path: string, add: Add): FieldType | 'extra' | undefined {
  const type = fieldType(entity, field);
  if (type === undefined) {
    add(path, `unknown field "${field}" for ${article(entity)}; expected one of ${Object.keys(CANONICAL_FIELDS[entity]).join(', ')}${orExtra(entity)}`);
  }
  return type;
}

function checkNumeric(entity: Entity, field: string, path: string, what: string, add: Add): void {
  const type = checkKnown(entity, field, path, add);
  if (type !== undefined && type !== 'extra' && type.kind !== 'number') {
    add(path, `${what} over ${describe(type)} field "${field}"; expected a number field (${numberFields(entity)})${orExtra(entity)}`);
  }
}

const numberFields = (entity: Entity) => Object.entries(CANONICAL_FIELDS[entity]).filter(([, t]) => t.kind === 'number').map(([f]) => f).join(', ') || 'none';

const describe = (type: FieldType) => (type.kind === 'enum' ? 'a text (one of fixed values)' : type.kind === 'instant' ? 'an instant' : `a ${type.kind}`);

/** `flow`: the configured flow a flow definition names, whose step ids `percentile.between` must be; undefined, unchecked. */
function checkMeasure(entity: Entity, m: Measure, add: Add, flow?: FlowRef): void {
  if ('distinct' in m) checkKnown(entity, m.distinct, 'measure.distinct', add);
  for (const op of ['sum', 'avg', 'min', 'max'] as const) {
    if (op in m) checkNumeric(entity, (m as Record<typeof op, string>)[op], `measure.${op}`, op, add);
  }
  if ('ratio' in m) {
    for (const side of ['numerator', 'denominator'] as const) {
      const s = m.ratio[side];
      if (s.filter) checkFilter(entity, s.filter, `measure.ratio.${side}.filter`, add);
      if (s.sum !== undefined) checkNumeric(entity, s.sum, `measure.ratio.${side}.sum`, 'sum', add);
    }
  }
  if ('percentile' in m) {
    const p = m.percentile;
    if ('field' in p) checkNumeric(entity, p.field, 'measure.percentile.field', 'a percentile', add);
    else if (entity === 'flow') { if (flow) checkSteps(flow, p.between, add); } else {
      const status = CANONICAL_FIELDS[entity][STATUS_FIELD[entity]] as { values: readonly string[] };
      for (const end of ['from', 'to'] as const) {
        if (!status.values.includes(p.between[end])) {
          add(`measure.percentile.between.${end}`, `"${p.between[end]}" is no ${STATUS_FIELD[entity]} of ${article(entity)}; expected one of ${status.values.join(', ')}`);
        }
      }
    }
  }
}

/** `percentile.between` of a flow: two of its step ids, `to` after `from` (the time runs forward through the flow). */
function checkSteps(flow: FlowRef, between: { from: string; to: string }, add: Add): void {
  const at = (end: 'from' | 'to') => {
    const i = flow.steps.indexOf(between[end]);
    if (i < 0) add(`measure.percentile.between.${end}`, `"${between[end]}" is no step of flow "${flow.id}"; expected one of ${flow.steps.join(', ')}`);
    return i;
  };
  const from = at('from'), to = at('to');
  if (from >= 0 && to >= 0 && to <= from) {
    add('measure.percentile.between.to', `"${between.to}" does not come after "${between.from}" in flow "${flow.id}"; expected one of ${flow.steps.slice(from + 1).join(', ') || 'none (it is the last step)'}`);
  }
}

/** Each param: a plain identifier of its own, filtering by a field of the entity that equality can compare. */
function checkParams(entity: Entity, params: NonNullable<Definition['params']>, add: Add): void {
  const names = Object.keys(params);
  if (names.length > MAX_PARAMS) add('params', `${names.length} params; expected at most ${MAX_PARAMS}`);
  for (const [name, { field }] of Object.entries(params)) {
    if (!PARAM_NAME.test(name)) add(`params.${name}`, `"${name}" is no plain name; expected letters, digits and _ (not first), like "region"`);
    else if (RESERVED_PARAMS.includes(name)) add(`params.${name}`, `every definition has "${name}" already; expected another name`);
    else if (entity === 'flow' && name === 'flow') add(`params.${name}`, 'a flow definition has "flow" already (its flow); expected another name');
    const type = checkKnown(entity, field, `params.${name}.field`, add);
    if (type !== undefined && type !== 'extra' && !paramValueSchema(type)) {
      add(`params.${name}.field`, `a param keeps the records whose field equals it, which ${describe(type)} field "${field}" is no use for; expected a text, number or one-of-fixed-values field`);
    }
  }
}

function checkFilter(entity: Entity, filter: Filter, path: string, add: Add): void {
  if ('all' in filter) { filter.all.forEach((f, i) => checkFilter(entity, f, `${path}.all[${i}]`, add)); return; }
  if ('any' in filter) { filter.any.forEach((f, i) => checkFilter(entity, f, `${path}.any[${i}]`, add)); return; }
  if ('not' in filter) { checkFilter(entity, filter.not, `${path}.not`, add); return; }
  const type = checkKnown(entity, filter.field, `${path}.field`, add);
  if (type === undefined || type === 'extra') return; // a vendor field's type is known only at runtime
  for (const op of COMPARISONS) {
    const value = filter[op];
    if (value === undefined || op === 'exists') continue;
    const values = Array.isArray(value) ? value : [value];
    values.forEach((v, i) => {
      const where = Array.isArray(value) ? `${path}.${op}[${i}]` : `${path}.${op}`;
      const wrong = wrongValue(type, op, v);
      if (wrong) add(where, `${JSON.stringify(v)} does not fit ${describe(type)} field "${filter.field}"; expected ${wrong}`);
    });
  }
}

/** What a comparison on a field of this type expects, when `v` is not that; undefined when it fits. */
function wrongValue(type: FieldType, op: string, v: unknown): string | undefined {
  const ordered = op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte';
  switch (type.kind) {
    case 'number':
      if (op === 'contains') return 'eq, ne, in or a comparison (contains is for text)';
      return typeof v === 'number' ? undefined : 'a number';
    case 'instant':
      if (op === 'contains') return 'a comparison with an ISO-8601 instant (contains is for text)';
      return typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v)) ? undefined : 'an ISO-8601 instant such as 2025-03-01T00:00:00+08:00';
    case 'enum':
      if (ordered) return `eq, ne or in with one of ${type.values.join(', ')} (it has no order)`;
      if (op === 'contains') return `eq, ne or in with one of ${type.values.join(', ')}`;
      return typeof v === 'string' && type.values.includes(v) ? undefined : `one of ${type.values.join(', ')}`;
    case 'text':
      if (ordered) return 'eq, ne, in or contains with text (a text field has no order)';
      return typeof v === 'string' ? undefined : 'text';
  }
}
