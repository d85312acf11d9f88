import { z } from 'zod';

/** A metric by its id and params (the engine turns it into a key). */
export const metricRefSchema = z.object({
  id: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type MetricRef = z.infer<typeof metricRefSchema>;
