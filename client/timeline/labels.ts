import type { I18n, MessageKey } from '../i18n';
import { zhCN } from '../i18n/messages';
import type { TimelineRecordType } from '../../server/protocol';

/** A department in words where the wall knows it (the demo's departments), else the configured id as it is. */
export function departmentLabel(i18n: I18n, department: string): string {
  const key = `timeline.dept.${department}`;
  return Object.hasOwn(zhCN, key) ? i18n.t(key as MessageKey) : department;
}

/** The canonical group of a record's status, for `i18n.label`. */
export const statusGroup = { deal: 'deal_stage', order: 'order_status', ticket: 'ticket_status' } as const satisfies Record<TimelineRecordType, string>;

const TYPE_KEYS = { deal: 'timeline.type.deal', order: 'timeline.type.order', ticket: 'timeline.type.ticket' } as const satisfies Record<TimelineRecordType, MessageKey>;
const EVENT_KEYS = { created: 'timeline.event.created', updated: 'timeline.event.updated' } as const satisfies Record<'created' | 'updated', MessageKey>;
export const typeLabel = (i18n: I18n, type: TimelineRecordType): string => i18n.t(TYPE_KEYS[type]);
export const eventLabel = (i18n: I18n, event: 'created' | 'updated'): string => i18n.t(EVENT_KEYS[event]);
