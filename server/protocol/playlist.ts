import { z } from 'zod';
import { parseDuration } from './duration';

const SCREEN_ID = /^[a-z0-9][a-z0-9-]*$/;

/** How long a screen stays up: a duration of at least one second. */
const dwellSchema = z.string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as "30s" or "2m"')
  .refine((text) => parseDuration(text) >= 1000, 'at least "1s"');

/** `screens/playlists/<id>.json`: screens shown in turn on one TV (docs/screens.md). */
export const playlistSchema = z.object({
  $schema: z.string().optional(),
  id: z.string().regex(SCREEN_ID, 'lower-case letters, digits and dashes'),
  title: z.string().min(1),
  description: z.string().optional(),
  screens: z.array(z.object({
    screen: z.string().regex(SCREEN_ID, 'a screen id'),
    /** How long this screen stays before the next one (default 30s). */
    dwell: dwellSchema.default('30s'),
  }).strict()).min(1),
  /** Stop rotating while a breach alert is firing, so the wall keeps showing what is wrong. */
  hold_on_critical: z.boolean().default(false),
}).strict();

export type PlaylistDefinition = z.output<typeof playlistSchema>;
