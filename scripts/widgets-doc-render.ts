import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { DEMO_CONFIG, parseConfig } from '../server/config';
import { builtinMetrics } from '../server/catalogue';
import { loadWidgetOptionSchemas } from '../server/screens/widget-options';

/** Every built-in metric: the hand-coded ones and the shipped definition files. */
const BUILTINS = builtinMetrics();

/** What the options reference says about one widget type. */
export interface WidgetDoc {
  type: string;
  options: z.ZodType;
  /** The metric value kinds it shows (its index.ts `accepts`); empty for a widget without a metric. */
  accepts: string[];
  /** The metric of its sample value, for the example; null for a widget without a metric. */
  metric: { id: string; params: Record<string, unknown> } | null;
  /** Sample options from its sample.ts, where it has some (the text widget). */
  sampleOptions: Record<string, unknown> | null;
}

interface JsonSchema {
  type?: string; enum?: unknown[]; default?: unknown; description?: string; pattern?: string;
  minimum?: number; maximum?: number; minLength?: number; items?: JsonSchema; anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>; additionalProperties?: JsonSchema | boolean;
}

/**
 * `accepts` read from the text of index.ts: index.ts imports Widget.vue, which plain Node cannot load.
 * A unit test checks the result against the wall's registry.
 */
export function acceptsFromIndex(source: string): string[] {
  const list = /accepts:\s*\[([^\]]*)\]/.exec(source);
  if (!list) throw new Error('index.ts has no `accepts: [...]`');
  return [...list[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every widget folder's options schema, accepted kinds and sample, in type order. */
export async function loadWidgetDocs(widgetsDir: string): Promise<WidgetDoc[]> {
  const schemas = await loadWidgetOptionSchemas();
  const docs: WidgetDoc[] = [];
  for (const [type, options] of schemas) {
    const accepts = acceptsFromIndex(readFileSync(join(widgetsDir, type, 'index.ts'), 'utf8'));
    const exported = Object.values(await import(pathToFileURL(join(widgetsDir, type, 'sample.ts')).href) as Record<string, unknown>);
    const sample = exported.find((v): v is { id: string; params: Record<string, unknown> } => isRecord(v) && typeof v.id === 'string' && isRecord(v.params) && isRecord(v.value));
    const sampleOptions = exported.find((v) => v !== sample && isRecord(v) && options.safeParse(v).success);
    docs.push({
      type, options, accepts,
      metric: sample ? { id: sample.id, params: sample.params } : null,
      sampleOptions: (sampleOptions as Record<string, unknown> | undefined) ?? null,
    });
  }
  return docs;
}

/** The catalogue's metrics by the kind of value they give: an empty computation at a fixed instant tells. */
function metricsByKind(): Map<string, string[]> {
  const at = Date.UTC(2026, 0, 1);
  const table = new Map<string, string[]>();
  const { flows } = parseConfig(DEMO_CONFIG); // a flow metric needs the flow it follows: the demo's
  for (const m of BUILTINS) {
    const params = m.params.safeParse({}).success ? {} : { flow: flows[0]!.id };
    const { kind } = m.create(m.params.parse(params) as never, { timezone: 'UTC', now: at, flows }).value(at);
    table.set(kind, [...(table.get(kind) ?? []), m.id]);
  }
  return table;
}

const code = (v: unknown): string => `\`${typeof v === 'string' && v !== '' ? v : JSON.stringify(v)}\``;
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A JSON Schema node in a few words: `a` | `b`, integer 32–120, list of …, map of text → text. */
function typeText(s: JsonSchema): string {
  if (s.enum) return s.enum.map(code).join(' | ');
  if (s.anyOf) return s.anyOf.map(typeText).join(', or ');
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` ${s.minimum ?? '…'}–${s.maximum ?? '…'}` : '';
  switch (s.type) {
    case 'integer': return `integer${range}`;
    case 'number': return `number${range}`;
    case 'boolean': return 'true | false';
    case 'string': return s.pattern === '^#[0-9a-fA-F]{6}$' ? 'colour `#rrggbb`' : 'text';
    case 'array': return `list of ${s.items ? typeText(s.items) : 'values'}`;
    case 'object':
      if (s.properties) return `{ ${Object.keys(s.properties).map((k) => `${k}: ${typeText(s.properties![k]!)}`).join('; ')} }`;
      return isRecord(s.additionalProperties) ? `map of text → ${typeText(s.additionalProperties)}` : 'object';
    default: return 'any';
  }
}

/** The widget a screen file would hold: the sample's metric and the sample options that are not defaults. */
function example(doc: WidgetDoc): string {
  const defaults = doc.options.parse({}) as Record<string, unknown>;
  const options = Object.fromEntries(Object.entries(doc.sampleOptions ?? {}).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(defaults[k])));
  const title = doc.metric ? BUILTINS.find((m) => m.id === doc.metric!.id)?.title.split(' / ')[0] : undefined;
  const widget = { type: doc.type, ...(title ? { title } : {}), ...(doc.metric ? { metric: doc.metric } : {}), options };
  // One line per field, nested values on the same line: short enough to read and to copy.
  const inline = (v: unknown): string => (isRecord(v) && Object.keys(v).length > 0
    ? `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }`
    : JSON.stringify(v));
  const fields = Object.entries(widget).map(([k, v]) => `  ${JSON.stringify(k)}: ${inline(v)}`);
  return `\`\`\`json\n{\n${fields.join(',\n')}\n}\n\`\`\``;
}

/** docs/widgets.md: the options of every widget type, generated so that the words are the schemas' own. */
export function renderWidgetsDoc(docs: readonly WidgetDoc[]): string {
  const lines = [
    '# Widgets',
    '',
    '<!-- Generated from client/widgets/*/options.ts by scripts/widgets-doc.ts: edit the options schemas, not this file. -->',
    '',
    'Every widget of a screen file (`docs/screens.md`) names its `type`, one of the folders below, and may give',
    '`options`; an option left out takes its default. The descriptions are the schemas\' own, the ones editors',
    'show from `screens/screen.schema.json`. A widget shows a metric (`docs/metrics.md`) whose value is one of',
    'the kinds it accepts; widgets that accept none take no `metric`.',
    '',
  ];
  const byKind = metricsByKind();
  const accepted = (kind: string): string => `${code(kind)} (${(byKind.get(kind) ?? []).map(code).join(', ') || 'no catalogue metric yet'})`;
  for (const doc of docs) {
    const schema = z.toJSONSchema(doc.options, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    lines.push(`## \`${doc.type}\``, '');
    lines.push(doc.accepts.length ? `Accepts: ${doc.accepts.map(accepted).join('; ')}.` : 'Takes no metric.', '');
    lines.push('| option | type | default | description |', '|---|---|---|---|');
    for (const [name, p] of Object.entries(schema.properties ?? {})) {
      lines.push(`| \`${name}\` | ${cell(typeText(p))} | ${p.default === undefined ? '—' : cell(code(p.default))} | ${cell(p.description ?? '')} |`);
    }
    lines.push('', example(doc), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
