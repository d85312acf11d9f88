import { z } from 'zod';
import { metricRefSchema } from './metric-ref';
import { linkSchema } from './link';
import { screenAccessSchema } from './access';

const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as "90s", "5m" or "2h"');

export const widgetSchema = z.object({
  type: z.string().min(1),
  title: z.string().optional(),
  metric: metricRefSchema.optional(),
  options: z.record(z.string(), z.unknown()).default({}),
  /** Older data than this is shown as stale (default 5m). */
  maxAge: duration.optional(),
  /** Drill-through: the URL an item opens, with `{field}` placeholders filled from the item clicked. */
  link: linkSchema.optional(),
}).strict();

const wallItemSchema = z.object({
  widget: z.string().min(1),
  x: z.number().int().min(0), y: z.number().int().min(0),
  w: z.number().int().min(1), h: z.number().int().min(1),
}).strict();

/** The kinds of display a screen may say it is designed for (`devices`): a TV, a multi-panel wall, a phone. */
export const SCREEN_DEVICES = ['tv', 'wall', 'phone'] as const;
export type ScreenDevice = (typeof SCREEN_DEVICES)[number];

/**
 * A widget's words in one language: its title alone, or its title and the options that hold words (a KPI's `unit`,
 * a line's `seriesName`, a flow's `steps`, a text's `text`), laid over the widget's own options.
 */
export const widgetWordsSchema = z.union([
  z.string().min(1),
  z.object({
    title: z.string().min(1).optional(),
    // Words only: a string, or strings by key (a flow's `steps`); numbers and switches are the same in every language.
    options: z.record(z.string(), z.union([z.string(), z.record(z.string(), z.string())], 'words: a string, or an object of strings')).optional(),
  }).strict(),
]);

/** A screen's words in one language; whatever it leaves out stays as the file writes it. */
export const screenWordsSchema = z.object({
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  /** By widget name (a key of `widgets`). */
  widgets: z.record(z.string(), widgetWordsSchema).default({}),
}).strict();

/** The languages a screen file can give its words in: the wall's. */
export const screenLocalesSchema = z.object({ 'en': screenWordsSchema.optional(), 'zh-CN': screenWordsSchema.optional() }).strict();

export const screenSchema = z.object({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  title: z.string().min(1),
  /** What it is designed for, shown in the screen list; absent: any display. It still opens on any (docs/screens.md). */
  devices: z.array(z.enum(SCREEN_DEVICES)).min(1)
    .refine((d) => new Set(d).size === d.length, { message: 'each device at most once' }).optional(),
  description: z.string().optional(),
  canvas: z.object({
    width: z.number().int().min(320).max(15360),
    height: z.number().int().min(240).max(8640),
    fit: z.enum(['contain', 'cover', 'width', 'height', 'stretch']).default('contain'),
    /**
     * With `contain`: the grid takes the window's shape, so a wall of another aspect is filled edge to edge
     * and text keeps its size (never below a legible minimum). false: letterboxed exactly as designed.
     */
    reflow: z.boolean().default(true),
  }).strict(),
  theme: z.enum(['dark', 'light', 'high-contrast']).default('dark'),
  /** Who may open it when access control is on (docs/access.md). */
  access: screenAccessSchema.optional(),
  widgets: z.record(z.string(), widgetSchema),
  layout: z.object({
    wall: z.object({
      columns: z.number().int().min(1).max(96),
      rows: z.number().int().min(1).max(96),
      gap: z.number().min(0).max(64).optional(),
      items: z.array(wallItemSchema),
    }).strict(),
    mobile: z.object({ items: z.array(z.object({ widget: z.string(), h: z.number().int().min(1).max(12).optional() }).strict()) }).strict().optional(),
  }).strict(),
  /** Titles, descriptions and widget words per language, shown when the wall speaks it (`?lang=en`). */
  locales: screenLocalesSchema.optional(),
}).strict();

export type ScreenDefinition = z.output<typeof screenSchema>;
export type WidgetDefinition = z.output<typeof widgetSchema>;
export type ScreenWords = z.output<typeof screenWordsSchema>;
export type WidgetWords = z.output<typeof widgetWordsSchema>;
