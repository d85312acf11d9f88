import type { BreakdownValue, SlaQueueValue } from '../../../server/protocol';
import { formatCurrency, formatPercent, formatValue } from '../../format';
import type { I18n, MessageKey } from '../../i18n';
import { keyLabel } from '../labels';
import { slaCountdown } from '../sla';
import type { TableColumn, TableField, TableOptions } from './options';

export interface Cell { text: string; tone?: string }
export interface TableModel {
  columns: { field: TableField; label: string; width: string; align: 'left' | 'right' | 'center' }[];
  rows: Cell[][];
  /** Each row's record, for a drill-through link: the queue item, or the breakdown item (`key`, `value`, `amount`). */
  records: object[];
  total: number;
}

const WIDTHS: Record<TableField, number | 'flex'> = {
  rank: 64, key: 'flex', value: 130, amount: 150, share: 100, ticket_id: 120, subject: 'flex',
  priority: 90, group: 130, assignee: 110, metric: 120, due: 190, health: 110,
};
const RIGHT: readonly TableField[] = ['value', 'amount', 'share', 'due'];

function defaultColumns(value: BreakdownValue | SlaQueueValue | undefined): TableField[] {
  if (value?.kind === 'sla-queue') return ['ticket_id', 'subject', 'priority', 'group', 'due'];
  const withAmount = value?.items.some((i) => i.amount !== undefined) ?? false;
  return withAmount ? ['rank', 'key', 'value', 'amount', 'share'] : ['rank', 'key', 'value', 'share'];
}

function sortedItems(value: BreakdownValue, o: TableOptions): BreakdownValue['items'] {
  const items = [...value.items];
  if (o.sort === 'desc') items.sort((a, b) => b.value - a.value);
  return items;
}

function breakdownCells(items: BreakdownValue['items'], fields: TableField[], o: TableOptions, i18n: I18n): Cell[][] {
  const sum = items.reduce((s, i) => s + i.value, 0);
  return items.map((item, index) =>
    fields.map((f): Cell => {
      if (f === 'rank') return { text: String(index + 1), tone: index < 3 ? `rank-${index + 1}` : undefined };
      if (f === 'key') return { text: keyLabel(item.key, o, i18n) };
      if (f === 'value') return { text: formatValue(item.value, o.format, i18n.locale) };
      if (f === 'amount') return { text: item.amount === undefined ? '—' : formatCurrency(item.amount, i18n.locale) };
      if (f === 'share') return { text: sum > 0 ? formatPercent((item.value / sum) * 100, i18n.locale) : '—' };
      return { text: '' };
    }),
  );
}

function queueCells(value: SlaQueueValue, fields: TableField[], now: number, i18n: I18n): Cell[][] {
  return value.items.map((item) => {
    const clock = slaCountdown(item, now, i18n);
    return fields.map((f): Cell => {
      if (f === 'ticket_id') return { text: `#${item.ticket_id}` };
      if (f === 'subject') return { text: item.subject ?? '' };
      if (f === 'priority') return { text: i18n.label(item.priority, 'ticket_priority'), tone: `priority-${item.priority}` };
      if (f === 'group') return { text: item.group ?? '' };
      if (f === 'assignee') return { text: item.assignee ?? '' };
      if (f === 'metric') return { text: i18n.label(item.metric, 'sla_metric') };
      if (f === 'due') return { text: clock.text, tone: `health-${clock.health}` };
      if (f === 'health') return { text: i18n.label(clock.health, 'health'), tone: `health-${clock.health}` };
      return { text: '' };
    });
  });
}

/** Which columns go first when the box is too narrow for all: the least needed first; a ticket's id and time left last. */
const DROP_ORDER: readonly TableField[] = ['assignee', 'metric', 'health', 'group', 'share', 'amount', 'priority', 'rank', 'subject', 'value', 'key', 'due', 'ticket_id'];
/** Narrowest a flexible column (a subject, a name) may get before columns are dropped for it. */
const FLEX_MIN_PX = 100;
/** The row's side padding and the gap between columns (Widget.vue's styles). */
const ROW_PADDING_PX = 16;
const COLUMN_GAP_PX = 12;

/** The columns that fit `width` px: fixed widths plus room for each flexible one, dropping in DROP_ORDER. */
export function fittingColumns(cols: readonly TableColumn[], width: number): TableColumn[] {
  const field = (c: TableColumn) => (typeof c === 'string' ? c : c.field);
  const need = (c: TableColumn) => (typeof c !== 'string' && c.width ? c.width : WIDTHS[field(c)] === 'flex' ? FLEX_MIN_PX : WIDTHS[field(c)] as number);
  let kept = [...cols];
  for (const drop of DROP_ORDER) {
    if (kept.length <= 1 || kept.reduce((sum, c) => sum + need(c), ROW_PADDING_PX + COLUMN_GAP_PX * (kept.length - 1)) <= width) break;
    kept = kept.filter((c) => field(c) !== drop);
  }
  return kept.length > 0 ? kept : [...cols].slice(0, 1);
}

/** Everything the table draws, as text: record text is never treated as markup. `width` drops columns that do not fit. */
export function tableModel(value: BreakdownValue | SlaQueueValue | undefined, o: TableOptions, now: number, i18n: I18n, width = Infinity): TableModel {
  const cols: TableColumn[] = fittingColumns(o.columns ?? defaultColumns(value), width);
  const fields = cols.map((c) => (typeof c === 'string' ? c : c.field));
  const columns = cols.map((c) => {
    const field = typeof c === 'string' ? c : c.field;
    const label = (typeof c === 'string' ? undefined : c.label) ?? i18n.t(`col.${field}` as MessageKey);
    const fixed = typeof c === 'string' ? undefined : c.width;
    const width = fixed ? `${fixed}px` : WIDTHS[field] === 'flex' ? 'minmax(0, 1fr)' : `${WIDTHS[field]}px`;
    return { field, label, width, align: RIGHT.includes(field) ? ('right' as const) : field === 'rank' ? ('center' as const) : ('left' as const) };
  });
  if (!value) return { columns, rows: [], records: [], total: 0 };
  if (value.kind === 'sla-queue') {
    return { columns, rows: queueCells(value, fields, now, i18n), records: value.items, total: Math.max(value.total, value.items.length) };
  }
  const items = sortedItems(value, o);
  return { columns, rows: breakdownCells(items, fields, o, i18n), records: items, total: items.length };
}

