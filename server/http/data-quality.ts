import type { AmountsWithoutRate, SourceHealth } from '../protocol';
import type { RouteHandlers } from './router';

export interface DataQualityDeps {
  sources(): SourceHealth[];
  /** The configured reporting currency: what "without a rate" means a rate to. */
  reportingCurrency: string;
}

/** One source's problems with its records. Later findings (unmatched customers, links to missing records) sit beside. */
export interface SourceQuality {
  id: string;
  kind: string;
  /** Orders and deals in a currency no rate converts: left out of every money metric. */
  amountsWithoutRate: AmountsWithoutRate;
}

export interface DataQuality { reportingCurrency: string; sources: SourceQuality[] }

/** The data-quality view of the sources' health (docs/api.md, REST): every source, with zero counts where nothing is wrong. */
export function dataQuality(sources: readonly SourceHealth[], reportingCurrency: string): DataQuality {
  return {
    reportingCurrency,
    sources: sources.map((s) => ({ id: s.id, kind: s.kind, amountsWithoutRate: s.amountsWithoutRate ?? { records: 0, byCurrency: {} } })),
  };
}

/** `GET /api/data-quality`: what the sources sent that the hub could not count as it should. */
export function dataQualityRoutes(deps: DataQualityDeps): RouteHandlers<'data-quality'> {
  return { 'data-quality': (_req, res) => { res.json(dataQuality(deps.sources(), deps.reportingCurrency)); } };
}
