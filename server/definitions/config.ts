import { z } from 'zod';
import { DEFAULT_LIMITS, type DefinitionLimits } from './check';

/** The config file's `definitions` section: what the company's metric definitions may cost (docs/metrics.md, Define your own). */
export const definitionsConfigSchema = z.object({
  /** The most a definition may cost: groups kept × buckets, checked when its file loads. */
  max_cost: z.number().int().min(1).max(10_000_000).default(DEFAULT_LIMITS.maxCost),
}).strict();

/**
 * The checks' limits from the config: the cost budget and, when the config's `flows` are passed, the flows a flow
 * definition may name (its id and step ids refused at load when unknown).
 */
export const definitionLimits = (section: z.output<typeof definitionsConfigSchema>,
  flows?: readonly { id: string; steps: readonly { id: string }[] }[]): DefinitionLimits => ({
  maxCost: section.max_cost, ...(flows ? { flows: flows.map((f) => ({ id: f.id, steps: f.steps.map((s) => s.id) })) } : {}),
});
