import { z } from 'zod';

/**
 * How a display is built and watched: settings of the display, not of a screen (one screen file serves every
 * wall). Set on a paired display (`PATCH /api/devices/:id { display }`) or in the URL (`?panels=3x1&bezel=24
 * &distance=5&diagonal=55`), the URL winning.
 */
export const displaySettingsSchema = z.object({
  /** The wall's panel grid: how many panels across and down. */
  panels: z.object({ columns: z.number().int().min(1).max(16), rows: z.number().int().min(1).max(16) }).strict().optional(),
  /** The width of the seam between two panels (both bezels), in screen px: no widget is drawn across it. */
  bezel_px: z.number().int().min(0).max(400).optional(),
  /** How far the nearest viewer usually stands, in metres. */
  distance_m: z.number().min(0.3).max(50).optional(),
  /** One panel's diagonal, in inches (16:9 panels). */
  diagonal_in: z.number().min(10).max(400).optional(),
}).strict();
export type DisplaySettings = z.output<typeof displaySettingsSchema>;
