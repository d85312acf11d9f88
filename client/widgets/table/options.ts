import { z } from 'zod';
import { keyLabelOptions } from '../labels';

export const TABLE_FIELDS = ['rank', 'key', 'value', 'amount', 'share', 'ticket_id', 'subject', 'priority', 'group', 'assignee', 'metric', 'due', 'health'] as const;
export type TableField = (typeof TABLE_FIELDS)[number];

const columnSchema = z.union([
  z.enum(TABLE_FIELDS),
  z.strictObject({ field: z.enum(TABLE_FIELDS), label: z.string().optional(), width: z.number().int().min(40).max(1200).optional() }),
]);

export const tableOptionsSchema = z.strictObject({
  /** Columns in order; by default the usual ones for the value's kind. */
  columns: z.array(columnSchema).min(1).optional(),
  /** Row height in design px; the table shows the rows that fit. */
  rowHeight: z.number().int().min(32).max(120).default(48),
  /** How the value column reads. */
  format: z.enum(['number', 'currency', 'percent']).default('number'),
  sort: z.enum(['none', 'desc']).default('none'),
  /**
   * When the rows do not fit the box: 'none' shows the first ones and how many there are, 'page' turns a
   * page of rows every `scrollSeconds`, 'step' moves the rows up one at a time, round and round.
   */
  scroll: z.enum(['none', 'page', 'step']).default('none'),
  /** Seconds between two pages or steps; every wall showing the screen turns at the same moment. */
  scrollSeconds: z.number().int().min(2).max(600).default(8),
  ...keyLabelOptions,
});

export type TableOptions = z.output<typeof tableOptionsSchema>;
export type TableColumn = z.output<typeof columnSchema>;
