import { inject, provide, type InjectionKey, type Ref } from 'vue';
import { displaySettingsSchema, type DisplaySettings } from '../../server/protocol';

/**
 * The display's settings in a screen's URL: `?panels=3x1&bezel=24&distance=5&diagonal=55`. A value that does
 * not parse is left out (the wall still shows), and each setting given wins over the paired display's.
 */
export function readDisplayQuery(query: Record<string, unknown>): DisplaySettings {
  const one = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
  const num = (name: string) => { const v = one(name); return v !== undefined && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined; };
  const grid = /^(\d{1,2})x(\d{1,2})$/.exec(one('panels') ?? '');
  const fields: Record<string, unknown> = {
    panels: grid ? { columns: Number(grid[1]), rows: Number(grid[2]) } : undefined,
    bezel_px: num('bezel'), distance_m: num('distance'), diagonal_in: num('diagonal'),
  };
  const settings: DisplaySettings = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const parsed = displaySettingsSchema.safeParse({ [key]: value });
    if (parsed.success) Object.assign(settings, parsed.data);
  }
  return settings;
}

const NAMES = { panels: 'panels', bezel_px: 'bezel', distance_m: 'distance', diagonal_in: 'diagonal' } as const;

/** Settings written as the URL takes them, for the fleet page: `panels=3x1 bezel=40 distance=5 diagonal=55`. */
export function displayText(d: DisplaySettings): string {
  return Object.entries(NAMES).flatMap(([key, name]) => {
    const v = d[key as keyof DisplaySettings];
    if (v === undefined) return [];
    return [`${name}=${typeof v === 'object' ? `${v.columns}x${v.rows}` : v}`];
  }).join(' ');
}

/** The fleet page's text back into settings; a part that is not a setting is an error naming it. */
export function parseDisplayText(text: string): DisplaySettings {
  const settings: DisplaySettings = {};
  for (const part of text.trim().split(/\s+/).filter(Boolean)) {
    const [name, value = ''] = part.split('=', 2);
    const one = readDisplayQuery({ [name!]: value });
    if (Object.keys(one).length !== 1) throw new Error(`"${part}": expected panels=<across>x<down>, bezel=<px>, distance=<m> or diagonal=<inches>`);
    Object.assign(settings, one);
  }
  return settings;
}

const KEY: InjectionKey<Ref<DisplaySettings>> = Symbol('opswall-display');
/** A paired display hands its settings to the screens it shows. */
export const provideDisplay = (settings: Ref<DisplaySettings>): void => provide(KEY, settings);
/** The paired display's settings; none on a plain browser. */
export const useDeviceDisplay = (): Ref<DisplaySettings> | undefined => inject(KEY, undefined);
