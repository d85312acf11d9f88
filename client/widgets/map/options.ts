import { z } from 'zod';

export const mapOptionsSchema = z.strictObject({
  geojson: z.string().min(1).optional().describe('URL path of a GeoJSON to draw instead of the tile grid, e.g. "/api/screens/assets/maps/china.json". Maps shown publicly in China need approved boundary data (审图号); none ships with OpsWall.'),
  nameProperty: z.string().min(1).default('name').describe('The GeoJSON feature property that holds the names the breakdown keys match.'),
  tiles: z.enum(['auto', 'province', 'region']).default('auto').describe('Tile grid only: one tile per province, tiles coloured by sales region (华东 …), or whichever more keys match.'),
  measure: z.enum(['value', 'amount']).default('value').describe('Which number of each item: its count, or its amount where the metric has one.'),
  format: z.enum(['auto', 'number', 'currency']).default('auto').describe("'auto' is currency for amounts, a plain number otherwise."),
  showValues: z.boolean().default(true).describe('Values on the tiles (names are always shown where they fit).'),
  showScale: z.boolean().default(true).describe('The colour scale legend.'),
});

export type MapOptions = z.output<typeof mapOptionsSchema>;
