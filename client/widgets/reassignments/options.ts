import { z } from 'zod';

export const reassignmentsOptionsSchema = z.strictObject({
  rowHeight: z.number().int().min(36).max(120).default(52).describe('Row height in design px; each list shows the rows that fit.'),
  showPairs: z.boolean().default(true).describe('List the group pairs tickets bounce between (A ⇄ B), most passes first.'),
  showTickets: z.boolean().default(true).describe('List the tickets passed most often, with the groups in the order they visited them.'),
  groups: z.record(z.string(), z.string()).default({}).describe('Group names by the group as the hub sends it (a service-desk group id or name), e.g. { "360001": "物流" }.'),
});

export type ReassignmentsOptions = z.output<typeof reassignmentsOptionsSchema>;
