import { z } from 'zod';

export const sourceStatusOptionsSchema = z.strictObject({
  sources: z.array(z.string().min(1)).min(1).optional().describe("Only these sources, in this order (by id); all of the hub's sources otherwise."),
  showKind: z.boolean().default(true).describe(`The source's kind (e.g. "demo", "odoo") after its id.`),
  showAge: z.boolean().default(true).describe('How long ago its last successful poll or push was.'),
  showRecords: z.boolean().default(true).describe('How many records it has stored.'),
});

export type SourceStatusOptions = z.output<typeof sourceStatusOptionsSchema>;
