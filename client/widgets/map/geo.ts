import { registerGeoJson } from '../../charts';

// ECharts keeps registered maps globally, so one load per URL serves every map widget on the page.
const loads = new Map<string, Promise<void>>();

/** Fetches a GeoJSON once and registers it under its URL; a failed load is forgotten so a later mount retries. */
export function loadGeoJson(url: string, fetcher: typeof fetch = fetch): Promise<void> {
  let load = loads.get(url);
  if (!load) {
    load = fetcher(url)
      .then(async (res) => {
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
        const json = (await res.json()) as { type?: string; features?: unknown[] };
        if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) throw new Error(`${url}: not a GeoJSON FeatureCollection`);
        registerGeoJson(url, json);
      })
      .catch((err: unknown) => {
        loads.delete(url);
        throw err;
      });
    loads.set(url, load);
  }
  return load;
}
