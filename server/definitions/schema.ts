import { z } from 'zod';
import { windowSchema } from '../metrics';
import { ENTITIES } from './fields';

/** Lower-case dotted like the built-ins: `sales.partner_win_rate`. */
export const DEFINITION_ID = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** A field: a canonical field of the entity (`region`, `amount`…) or a record's vendor field kept in `extra` (`extra.lead_source`). */
const field = z.string().min(1).max(200).describe('a canonical field of the entity (region, status, amount…; a flow instance\'s state, step…) or extra.<vendor field>');
const scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);

/** The comparisons a filter leaf may make; exactly one per leaf. */
export const COMPARISONS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists', 'contains'] as const;
export type Comparison = (typeof COMPARISONS)[number];

const leafSchema = z.object({
  field,
  eq: scalar.optional(),
  ne: scalar.optional(),
  in: z.array(scalar).min(1).max(1000).optional(),
  gt: z.union([z.number().finite(), z.string().max(100)]).optional(),
  gte: z.union([z.number().finite(), z.string().max(100)]).optional(),
  lt: z.union([z.number().finite(), z.string().max(100)]).optional(),
  lte: z.union([z.number().finite(), z.string().max(100)]).optional(),
  exists: z.boolean().optional(),
  contains: z.union([z.string().min(1).max(1000), z.number().finite()]).optional(),
}).strict().refine((leaf) => COMPARISONS.filter((op) => leaf[op] !== undefined).length === 1,
  { message: `expected exactly one comparison of ${COMPARISONS.join(', ')}` });

export type FilterLeaf = z.infer<typeof leafSchema>;
export type Filter = { all: Filter[] } | { any: Filter[] } | { not: Filter } | FilterLeaf;

/** and / or / not over leaves, nested at will (a definition is small; depth is bounded by the file). */
export const filterSchema: z.ZodType<Filter> = z.lazy(() => z.union([
  z.object({ all: z.array(filterSchema).min(1).max(100) }).strict(),
  z.object({ any: z.array(filterSchema).min(1).max(100) }).strict(),
  z.object({ not: filterSchema }).strict(),
  leafSchema,
])).meta({ id: 'DefinitionFilter', description: 'all / any / not, or one comparison of a field: { "field": "channel", "eq": "online" }' });

/** One side of a ratio: its own filter (on top of the definition's) and a sum of a field, or a count if none. */
const ratioSide = z.object({ filter: filterSchema.optional(), sum: field.optional() }).strict();

const measureSchema = z.union([
  z.object({ count: z.literal(true) }).strict(),
  z.object({ distinct: field }).strict(),
  z.object({ sum: field }).strict(),
  z.object({ avg: field }).strict(),
  z.object({ min: field }).strict(),
  z.object({ max: field }).strict(),
  z.object({ ratio: z.object({ numerator: ratioSide, denominator: ratioSide }).strict() }).strict(),
  z.object({
    percentile: z.union([
      z.object({ field, p: z.number().min(0).max(100) }).strict(),
      z.object({ between: z.object({ from: z.string().min(1), to: z.string().min(1) }).strict() }).strict(),
    ]),
  }).strict(),
]);
export type Measure = z.infer<typeof measureSchema>;

const groupBySchema = z.object({
  field,
  /** The largest groups shown; the rest add up under other_label. */
  top: z.number().int().min(1).max(100).default(10),
  other_label: z.string().min(1).max(100).default('其他'),
  /** Distinct groups kept per metric key; groups first seen after that fold into other_label for good. */
  max_groups: z.number().int().min(1).max(100_000).default(1000),
}).strict();

export const definitionSchema = z.object({
  $schema: z.string().optional().describe('the JSON Schema an editor completes the file with'),
  id: z.string().regex(DEFINITION_ID, 'expected a lower-case dotted id like sales.partner_win_rate').max(200),
  title: z.string().min(1).max(200),
  description: z.string().trim().min(20, 'expected the definition in words, at least 20 characters').max(5000)
    .describe('the definition in words, as every department reads it'),
  entity: z.enum(ENTITIES).describe('what is counted: orders, tickets, deals, or the instances of a business flow (flow)'),
  /** With entity `flow`: which business flow (an id of the config's `flows`); refused with any other entity. */
  flow: z.string().min(1).max(100).optional().describe('with entity "flow": the id of the business flow (flows[].id in the config)'),
  filter: filterSchema.optional(),
  measure: measureSchema.describe('what is computed: count, distinct, sum, avg, min, max of a field, a ratio, or a percentile'),
  group_by: groupBySchema.optional().describe('one number per value of a field: the top largest, the rest under other_label'),
  /** The windows the metric may be asked for (its `window` param), or `any` (every one, shift starts too); absent: over every record as it is now. */
  windows: z.union([z.literal('any'), z.array(windowSchema).min(1).max(10)]).optional()
    .describe('the windows a screen may ask for (by created_at), or "any" for every window; absent: every record as it is now'),
  /** The window when a screen names none; default the first of `windows` (`today` with `any`). */
  default_window: windowSchema.optional(),
  /** A time series over the window instead of one number: one point per local clock hour or calendar day. */
  series: z.object({ bucket: z.enum(['1h', '1d']) }).strict().optional(),
  unit: z.string().min(1).max(30).optional(),
  /** How a widget shows the number: a plain number, a percent, money, or a duration. */
  format: z.enum(['number', 'percent', 'money', 'duration']).optional(),
  /** Filters a screen or REST caller may set: each param keeps the records whose field equals its value. */
  params: z.record(z.string(), z.object({ field }).strict()).optional()
    .describe('filters a screen may set, by name: { "region": { "field": "region" } } keeps records whose region equals the param'),
  /** Markdown for docs/metrics.md, after the description: what is counted where two people could differ, with an example. */
  details: z.string().trim().min(1).max(20_000).optional(),
  /** `true`: the value is money (hidden from holders without the amounts right); can only add money, never remove it. */
  money: z.literal(true).optional().describe('true: the value is money; a measure over amount is money anyway'),
}).strict();

export type Definition = z.infer<typeof definitionSchema>;
export type DefinitionInput = z.input<typeof definitionSchema>;

/** The JSON Schema of a definition file, for editors (written to docs/metric-definition.schema.json). */
export function definitionJsonSchema(): Record<string, unknown> {
  return {
    $comment: 'Generated from the zod definition schema (server/definitions/schema.ts) by scripts/definitions-schema.ts; do not edit.',
    ...z.toJSONSchema(definitionSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
