import { z } from 'zod';

export const mapOptionsSchema = z.strictObject({
  /**
   * URL path of a GeoJSON to draw instead of the tile grid, e.g. "/api/screens/assets/maps/china.json".
   * Maps shown publicly in China need approved boundary data (审图号); none ships with OpsWall.
   */
  geojson: z.string().min(1).optional(),
  /** The GeoJSON feature property that holds the names the breakdown keys match. */
  nameProperty: z.string().min(1).default('name'),
  /** Tile grid only: one tile per province, tiles coloured by sales region (华东 …), or whichever more keys match. */
  tiles: z.enum(['auto', 'province', 'region']).default('auto'),
  /** Which number of each item: its count, or its amount where the metric has one. */
  measure: z.enum(['value', 'amount']).default('value'),
  /** 'auto' is currency for amounts, a plain number otherwise. */
  format: z.enum(['auto', 'number', 'currency']).default('auto'),
  /** Values on the tiles (names are always shown where they fit). */
  showValues: z.boolean().default(true),
  /** The colour scale legend. */
  showScale: z.boolean().default(true),
});

export type MapOptions = z.output<typeof mapOptionsSchema>;
