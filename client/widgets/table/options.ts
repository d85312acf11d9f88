import { z } from 'zod';
import { keyLabelOptions } from '../labels';

export const TABLE_FIELDS = ['rank', 'key', 'value', 'amount', 'share', 'ticket_id', 'subject', 'priority', 'group', 'assignee', 'metric', 'due', 'health'] as const;
export type TableField = (typeof TABLE_FIELDS)[number];

const columnSchema = z.union([
  z.enum(TABLE_FIELDS),
  z.strictObject({
    field: z.enum(TABLE_FIELDS).describe('Which field the column shows.'),
    label: z.string().optional().describe("The column's heading; the field's usual heading otherwise."),
    width: z.number().int().min(40).max(1200).optional().describe("Width in design px; the field's usual width otherwise."),
  }),
]).describe('A field, or a field with its own heading and width.');

export const tableOptionsSchema = z.strictObject({
  columns: z.array(columnSchema).min(1).optional().describe("Columns in order; by default the usual ones for the value's kind."),
  rowHeight: z.number().int().min(32).max(120).default(48).describe('Row height in design px; the table shows the rows that fit.'),
  format: z.enum(['number', 'currency', 'percent']).default('number').describe('How the value column reads.'),
  sort: z.enum(['none', 'desc']).default('none').describe('Order of the rows: as the metric gives them, or the largest value first.'),
  scroll: z.enum(['none', 'page', 'step']).default('none').describe("When the rows do not fit the box: 'none' shows the first ones and how many there are, 'page' turns a page of rows every `scrollSeconds`, 'step' moves the rows up one at a time, round and round."),
  scrollSeconds: z.number().int().min(2).max(600).default(8).describe('Seconds between two pages or steps; every wall showing the screen turns at the same moment.'),
  ...keyLabelOptions,
});

export type TableOptions = z.output<typeof tableOptionsSchema>;
export type TableColumn = z.output<typeof columnSchema>;
