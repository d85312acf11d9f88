import { z } from 'zod';

export const sourceStatusOptionsSchema = z.strictObject({
  /** Only these sources, in this order (by id); all of the hub's sources otherwise. */
  sources: z.array(z.string().min(1)).min(1).optional(),
  /** The source's kind (e.g. "demo", "odoo") after its id. */
  showKind: z.boolean().default(true),
  /** How long ago its last successful poll or push was. */
  showAge: z.boolean().default(true),
  /** How many records it has stored. */
  showRecords: z.boolean().default(true),
});

export type SourceStatusOptions = z.output<typeof sourceStatusOptionsSchema>;
