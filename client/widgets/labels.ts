import { z } from 'zod';
import type { CanonicalGroup, I18n } from '../i18n';

/** Options shared by widgets that show category keys: which dictionary to translate them with, and overrides. */
export const keyGroupSchema = z.enum(['auto', 'none', 'order_status', 'ticket_priority', 'ticket_status', 'deal_stage', 'sla_metric', 'health']);

export const keyLabelOptions = {
  keys: keyGroupSchema.default('auto').describe("Which canonical keys these are; 'auto' searches all, 'none' shows keys as they come (names, regions)."),
  labels: z.record(z.string(), z.string()).default({}).describe('Labels by key, taking precedence over the dictionary.'),
};

export function keyLabel(key: string, o: { keys: CanonicalGroup | 'auto' | 'none'; labels: Record<string, string> }, i18n: I18n): string {
  return Object.hasOwn(o.labels, key) ? (o.labels[key] ?? key) : i18n.label(key, o.keys);
}
