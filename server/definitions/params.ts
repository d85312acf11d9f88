import { z } from 'zod';
import { fieldType, readField, type FieldType, type Row } from './fields';
import type { Definition } from './schema';

/** A param name as screens and query strings write it: letters, digits and `_`, not starting with a digit. */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names every definition has already: `window` (with windows) and `department` (always). */
export const RESERVED_PARAMS: readonly string[] = ['window', 'department'];
/** The most params one definition declares: each is one more dimension of metric keys. */
export const MAX_PARAMS = 20;

/**
 * A param's value schema from its field's type: one of an enum's values, non-empty text (text and vendor fields), or
 * a number (a query string's "12" too, as `limit` elsewhere). Undefined for an instant: equality on one is no filter.
 */
export function paramValueSchema(type: FieldType | 'extra'): z.ZodType | undefined {
  if (type === 'extra' || type.kind === 'text') return z.string().min(1);
  if (type.kind === 'enum') return z.enum(type.values as [string, ...string[]]);
  if (type.kind === 'number') return z.coerce.number().finite();
  return undefined;
}

/** The definition's params as optional zod entries, in the order written (a checked definition: every field known). */
export function paramShape(def: Definition): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, { field }] of Object.entries(def.params ?? {})) {
    const type = fieldType(def.entity, field);
    const value = type === undefined ? undefined : paramValueSchema(type);
    if (value) shape[name] = value.optional();
  }
  return shape;
}

/**
 * Keeps the records whose field equals every param that is set, as the built-ins' matchesFilters does (strict
 * equality; a record without the field never matches a set param). Only the params set are tested per record.
 */
export function paramFilter(declared: Definition['params'], values: Record<string, unknown>, moneyExtras?: ReadonlySet<string>): (r: Row) => boolean {
  const wanted = Object.entries(declared ?? {}).filter(([name]) => values[name] !== undefined).map(([name, { field }]) => [field, values[name]] as const);
  if (wanted.length === 0) return () => true;
  return (r) => wanted.every(([field, value]) => readField(r, field, moneyExtras) === value);
}
