import { z } from 'zod';

/**
 * Options shared by the business-flow widgets (handoff-lanes, flow-paths, flow-stuck): the hub sends step and
 * department ids; a screen file names the steps (their titles live in the flow config, not in the value).
 */
export const flowNameOptions = {
  steps: z.record(z.string(), z.string()).default({}).describe('Step titles by step id, e.g. { "won": "赢单" }; a step without one shows its id.'),
  departments: z.record(z.string(), z.string()).default({})
    .describe('Department names by department id, taking precedence over the built-in names of the default departments (sales → 销售部 …).'),
};
