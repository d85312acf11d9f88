import { z } from 'zod';

/** A key in a record's `extra` that a metric definition can name as `extra.<key>`: no dots, no spaces. */
const extraKey = z.string().regex(/^[A-Za-z0-9_]{1,100}$/, 'a key of letters, digits and "_" (at most 100)');

/**
 * One vendor field to keep: its name in the vendor, the key it is kept under in the record's `extra`, and whether it is
 * money (a metric definition reads it in the reporting currency and hides it like an amount).
 */
export interface ExtraField { field: string; as: string; money?: boolean }

/** What `extra` keeps of a vendor value: a JSON scalar or a list of them. */
export type ExtraValue = string | number | boolean | (string | number | boolean)[];

/**
 * `extra_fields` option: vendor fields (custom ones included) whose values the connector copies into each record's
 * `extra`, so metric definitions can filter and group by them. Each entry is the vendor's field name (what it names
 * depends on the vendor: a Salesforce API name, a Zendesk custom field id…), kept under that name, or
 * `{ field, as }` to keep it under another key. A field name that is not a plain key (a dotted related field) needs
 * an `as`. `{ field, money: true }` keeps a money field (an amount in the record's currency). `reserved` are the keys the connector itself writes in `extra`: an entry may not overwrite them.
 */
export function extraFieldsSchema(field: z.ZodType<string>, reserved: readonly string[] = []) {
  return z.array(z.union([field, z.object({ field, as: extraKey.optional(), money: z.boolean().optional() }).strict()])).max(50)
    .transform((list): ExtraField[] => list.map((e) => (typeof e === 'string' ? { field: e, as: e }
      : { field: e.field, as: e.as ?? e.field, ...(e.money ? { money: true } : {}) })))
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((e, i) => {
        if (!extraKey.safeParse(e.as).success) {
          ctx.addIssue({ code: 'custom', path: [i], message: `"${e.field}" is not a plain key (letters, digits, "_"): give it one with { "field": "${e.field}", "as": "<key>" }` });
        } else if (reserved.includes(e.as)) {
          ctx.addIssue({ code: 'custom', path: [i], message: `"${e.as}" is a key this connector already writes in extra (${reserved.join(', ')}): keep the field under another key with "as"` });
        } else if (seen.has(e.as)) {
          ctx.addIssue({ code: 'custom', path: [i], message: `"${e.as}" is kept twice: each extra field needs its own key` });
        }
        seen.add(e.as);
      });
    })
    .default([]);
}

/** A kept scalar: text, a finite number, a boolean; anything else is not one. */
function scalar(v: unknown): string | number | boolean | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A vendor value as `extra` keeps it: a scalar as it is, a list as its scalar items; null, absent, objects: nothing. */
export function extraValue(v: unknown): ExtraValue | undefined {
  if (Array.isArray(v)) return v.map(scalar).filter((x) => x !== undefined);
  return scalar(v);
}

/**
 * The configured fields' values (`read` gives a field's vendor value, already reduced by the connector where its vendor
 * wraps values, e.g. an Odoo Many2one `[id, name]` → the name), keyed as configured; fields without a value are left out.
 */
export function readExtra(configured: readonly ExtraField[], read: (field: string) => unknown): Record<string, ExtraValue> {
  const out: Record<string, ExtraValue> = {};
  for (const e of configured) {
    const v = extraValue(read(e.field));
    if (v !== undefined) out[e.as] = v;
  }
  return out;
}

/**
 * The `extra` keys the configured sources keep as money: every `*extra_fields` option's entries with `"money": true`
 * (read from the options as written; each connector checks its own options when it starts).
 */
export function moneyExtraKeys(sources: readonly object[]): Set<string> {
  const keys = new Set<string>();
  for (const source of sources) {
    const options = ((source as { options?: unknown }).options ?? {}) as Record<string, unknown>;
    for (const [name, list] of Object.entries(options)) {
      if (!name.endsWith('extra_fields') || !Array.isArray(list)) continue;
      for (const e of list as unknown[]) {
        const entry = e as { field?: unknown; as?: unknown; money?: unknown } | null;
        if (entry && typeof entry === 'object' && entry.money === true) {
          const key = typeof entry.as === 'string' ? entry.as : entry.field;
          if (typeof key === 'string') keys.add(key);
        }
      }
    }
  }
  return keys;
}
