import { z } from 'zod';

export const dataQualityOptionsSchema = z.strictObject({
  sources: z.array(z.string().min(1)).min(1).optional()
    .describe('Only these sources, in this order (by id); otherwise every source that feeds orders or deals.'),
  showClean: z.boolean().default(true).describe('Sources with nothing wrong too; false lists only the sources with a problem.'),
  showKind: z.boolean().default(true).describe(`The source's kind (e.g. "erpnext", "push") after its id.`),
});

export type DataQualityOptions = z.output<typeof dataQualityOptionsSchema>;
