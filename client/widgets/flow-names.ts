import type { I18n, MessageKey } from '../i18n';
import { zhCN } from '../i18n/messages';

/** The names a screen file gives a flow's steps and departments (flow-options.ts). */
export interface FlowNames { steps: Record<string, string>; departments: Record<string, string> }

export function stepName(step: string, o: FlowNames): string {
  return Object.hasOwn(o.steps, step) ? (o.steps[step] ?? step) : step;
}

/** A department's name: the screen file's, then the dictionary's (the default departments), then its id. */
export function departmentName(department: string, o: FlowNames, i18n: I18n): string {
  if (Object.hasOwn(o.departments, department)) return o.departments[department] ?? department;
  const key = `timeline.dept.${department}`;
  return Object.hasOwn(zhCN, key) ? i18n.t(key as MessageKey) : department;
}
