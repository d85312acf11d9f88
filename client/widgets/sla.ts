import type { SlaQueueItem } from '../../server/protocol';
import { formatCountdown, type Locale } from '../format';
import type { I18n } from '../i18n';

export type Health = SlaQueueItem['health'];

/**
 * Time left on one SLA clock as shown on the wall, ticking with `now`. A running clock past its due time
 * shows as breached even before the hub's next update says so.
 */
export function slaCountdown(item: SlaQueueItem, now: number, i18n: Pick<I18n, 't'> & { locale: Locale }): { text: string; health: Health; paused: boolean } {
  if (item.clock === 'paused') {
    const left = item.remaining_s === undefined ? '' : ` ${formatCountdown(item.remaining_s, i18n.locale)}`;
    return { text: `${i18n.t('widget.paused')}${left}`, health: item.health, paused: true };
  }
  const due = Date.parse(item.due_at);
  if (Number.isNaN(due)) return { text: '—', health: item.health, paused: false };
  const seconds = (due - now) / 1000;
  return { text: formatCountdown(seconds, i18n.locale), health: seconds < 0 ? 'breached' : item.health, paused: false };
}
