import type { ReassignmentsValue } from '../../../server/protocol';
import type { I18n } from '../../i18n';
import type { ReassignmentsOptions } from './options';

export interface PairRow { key: string; a: string; b: string; label: string; passes: number; tickets: number; ratio: number; text: string }
export interface TicketRow { key: string; source: string; id: string; title: string; path: string; passes: number; text: string }

const groupName = (g: string, o: Pick<ReassignmentsOptions, 'groups'>) => (Object.hasOwn(o.groups, g) ? (o.groups[g] ?? g) : g);

/** The bounce pairs as the hub ranks them, each with its bar length as a share of the most passes shown. */
export function pairRows(value: ReassignmentsValue | undefined, o: Pick<ReassignmentsOptions, 'groups'>, i18n: I18n): PairRow[] {
  const pairs = value?.pairs ?? [];
  const max = Math.max(0, ...pairs.map((p) => p.passes));
  return pairs.map((p) => ({
    key: `${p.a}|${p.b}`, a: p.a, b: p.b,
    label: `${groupName(p.a, o)} ⇄ ${groupName(p.b, o)}`,
    passes: p.passes, tickets: p.tickets,
    ratio: max > 0 ? p.passes / max : 0,
    text: i18n.t('reassign.passes', { n: p.passes }),
  }));
}

/** The tickets passed most: "#id subject" and the groups in the order visited ("售后 → 物流 → 售后"). */
export function ticketRows(value: ReassignmentsValue | undefined, o: Pick<ReassignmentsOptions, 'groups'>, i18n: I18n): TicketRow[] {
  return (value?.items ?? []).map((t) => ({
    key: t.ticket, source: t.source, id: t.id,
    title: t.subject ? `#${t.id} ${t.subject}` : `#${t.id}`,
    path: t.groups.map((g) => groupName(g, o)).join(' → '),
    passes: t.passes,
    text: i18n.t('reassign.passes', { n: t.passes }),
  }));
}
