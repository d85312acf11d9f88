import type { FlowStuckItem, FlowStuckValue } from '../../../server/protocol';
import { formatElapsed } from '../../format';
import type { I18n } from '../../i18n';
import { departmentName, stepName, type FlowNames } from '../flow-names';

/**
 * The customer a stuck instance belongs to, as the customer timeline (`/c/:id`) takes it: the customer map's id,
 * or else the account as `<source>:<id>` (the id the customers room gives an unmatched account); null without either.
 */
export function stuckCustomerId(item: Pick<FlowStuckItem, 'customer_id' | 'account'>): string | null {
  if (item.customer_id) return item.customer_id;
  return item.account ? `${item.account.source}:${item.account.id}` : null;
}

/** Where a click on a stuck instance goes: its customer's timeline, with the flow and the instance to highlight. */
export function stuckHref(flow: string, item: Pick<FlowStuckItem, 'customer_id' | 'account' | 'instance'>): string | null {
  const customer = stuckCustomerId(item);
  if (customer === null) return null;
  const query = new URLSearchParams({ flow, instance: item.instance });
  return `/c/${encodeURIComponent(customer)}?${query.toString()}`;
}

export interface StuckRow {
  key: string;
  step: string;
  department: string;
  customer: string;
  /** How long it has waited at the step, and how far past the target it is, in words. */
  waited: string;
  overdue: string;
  href: string | null;
}

export function stuckRows(value: FlowStuckValue | undefined, o: FlowNames, now: number, i18n: I18n): StuckRow[] {
  if (!value) return [];
  const elapsed = (from: string) => formatElapsed(Math.max(0, now - Date.parse(from)), i18n.locale);
  return value.items.map((item) => ({
    key: item.instance,
    step: stepName(item.step, o),
    department: departmentName(item.department, o, i18n),
    customer: stuckCustomerId(item) ?? i18n.t('flowStuck.noCustomer'),
    waited: i18n.t('flowStuck.waited', { elapsed: elapsed(item.waiting_since) }),
    overdue: i18n.t('flowStuck.overdue', { elapsed: elapsed(item.due_at) }),
    href: stuckHref(value.flow, item),
  }));
}
