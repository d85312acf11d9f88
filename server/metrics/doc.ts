import { z } from 'zod';
import { CATALOGUE } from './catalogue';

interface ParamSchema { properties?: Record<string, { type?: string; enum?: unknown[]; default?: unknown; pattern?: string; anyOf?: unknown[] }> }

/** The metric catalogue as Markdown: generated, so the words users read are the code's own. */
export function renderMetricsDoc(): string {
  const lines = [
    '# Metrics',
    '',
    '<!-- Generated from server/metrics/catalogue by scripts/metrics-doc.ts: edit the catalogue, not this file. -->',
    '',
    'Every number on a wall is one of these metrics, computed once on the hub for each distinct set of params',
    'and pushed to every screen that shows it: the same definition for every department. A metric is addressed',
    'by its id and params; its key is the id plus the params in sorted order, e.g. `orders.count?window=today`.',
    '',
    'Windows: `today` is the local calendar day in the configured time zone and rolls over at local midnight;',
    '`24h`, `7d`, `30d` are rolling; `mtd` is the month to date; `today@08:00` starts at a shift start (the most',
    'recent 08:00). Where a value has a `previous`, it is the same span of the period before (for `today`:',
    'yesterday up to the same local time).',
    '',
    'Orders and deals deleted in their source (stored as tombstones with `deleted: true`) are left out of every',
    'metric, as if never created; a cancelled order or a lost deal still counts. Tickets say `status: deleted`.',
    '',
  ];
  for (const metric of CATALOGUE) {
    const schema = z.toJSONSchema(metric.params as z.ZodType, { io: 'input', unrepresentable: 'any' }) as ParamSchema;
    lines.push(`## \`${metric.id}\` — ${metric.title}`, '', metric.description, '');
    if (metric.unit) lines.push(`Unit: ${metric.unit}. Records: ${metric.entity}s.`, '');
    const params = Object.entries(schema.properties ?? {});
    if (params.length > 0) {
      lines.push('| param | values | default |', '|---|---|---|');
      for (const [name, p] of params) {
        const values = p.enum ? p.enum.map((v) => `\`${String(v)}\``).join(', ') : name === 'window' ? 'a window (see above)' : p.type ?? 'text';
        lines.push(`| \`${name}\` | ${values} | ${p.default === undefined ? '—' : `\`${String(p.default)}\``} |`);
      }
      lines.push('');
    }
  }
  return `${lines.join('\n')}\n`;
}
