import { z } from 'zod';
import { accessConfigSchema, checkAccessReferences } from '../access';
import { alertsConfigSchema, checkAlertReferences } from '../alerts';
import { currencyConfigSchema } from '../currency';
import { customerIdProblems, customersConfigSchema } from '../customers';
import { definitionsConfigSchema } from '../definitions';
import { ianaZone } from '../fields';
import { checkFlowReferences, flowsConfigSchema } from '../flows';
import { slaConfigSchema, slaHorizonProblems } from '../sla';
import { sourceConfigSchema } from '../sources';

/**
 * The config file, composed at the top of the house from each room's own section schema (sources, currency,
 * sla, alerts, access, customers, flows, definitions) and the cross-checks between sections. No room imports this one but app.ts and main.ts.
 */
export const configSchema = z.object({
  $schema: z.string().optional(),
  timezone: ianaZone.default('Asia/Shanghai'),
  departments: z.array(z.string().min(1)).default(['sales', 'marketing', 'service', 'finance', 'operations']),
  sources: z.array(sourceConfigSchema).default([]),
  currency: currencyConfigSchema.prefault({}),
  sla: slaConfigSchema.default({ calendars: [], policies: [] }),
  alerts: alertsConfigSchema.prefault({}),
  access: accessConfigSchema.prefault({}),
  customers: customersConfigSchema.prefault({}),
  flows: flowsConfigSchema,
  definitions: definitionsConfigSchema.prefault({}),
}).strict().superRefine(checkAlertReferences).superRefine(checkAccessReferences).superRefine((config, ctx) => {
  // Targets no clock could meet within the SLA room's ten-year horizon, and calendars that never open: every
  // ticket's evaluation would be refused, so they are config errors (the what-if answers them with a 422 instead).
  for (const p of slaHorizonProblems(config.sla, Date.now())) ctx.addIssue({ code: 'custom', path: ['sla', ...p.path], message: p.message });
  checkFlowReferences(config, ctx, Date.now()); // departments, SLA calendars, targets a calendar can meet
  for (const p of customerIdProblems(config.sources.map((s) => s.id))) ctx.addIssue({ code: 'custom', ...p });
});

export type Config = z.output<typeof configSchema>;
