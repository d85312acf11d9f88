import { z } from 'zod';
import { LINKABLE_TYPES, type RecordLink } from '../../model';
import { dimensionText } from './mapping';

/**
 * `links` option: vendor fields that hold the id of a linked record in another system (an ERPNext custom field
 * holding the CRM's deal id, a Zendesk custom field holding the order number). Each connector says what a
 * `field` names in its vendor (docs/connectors.md, Links and accounts); `source` is the OpsWall source the
 * linked record lives in (absent: this source).
 */
export function linkFieldsSchema(field: z.ZodType<string>) {
  return z.array(z.object({
    field,
    type: z.enum(LINKABLE_TYPES),
    source: z.string().min(1).max(100).optional(),
  }).strict()).max(20).default([]);
}

export type LinkField = { field: string; type: RecordLink['type']; source?: string | undefined };

/**
 * `account_fields` option: where the vendor's account object keeps a tax id or an external id when it has no
 * standard field for it (a Salesforce custom field, a Zendesk organization field key).
 */
export function accountFieldsSchema(field: z.ZodType<string>) {
  return z.object({ tax_id: field.optional(), external_id: field.optional() }).strict().default({});
}

/**
 * The links a record carries: its vendor's own (`own`, read without configuration) and one per configured field
 * that holds a value (`read` gives a field's value; empty means no link), without repeats.
 */
export function readLinks(configured: readonly LinkField[], read: (field: string) => unknown, own: readonly RecordLink[] = []): RecordLink[] | undefined {
  const out: RecordLink[] = [...own];
  for (const l of configured) {
    const id = dimensionText(read(l.field));
    if (id === undefined) continue;
    out.push({ type: l.type, id: id.trim(), ...(l.source ? { source: l.source } : {}) });
  }
  const seen = new Set<string>();
  const unique = out.filter((l) => { const k = `${l.source ?? ''}/${l.type}/${l.id}`; return !seen.has(k) && seen.add(k); });
  return unique.length > 0 ? unique : undefined;
}
