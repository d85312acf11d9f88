import type { Response } from 'express';
import type { Scope } from '../access';
import type { CustomerMapStatus, UnmatchedAccounts } from '../customers';
import type { AmountsWithoutRate, SourceHealth } from '../protocol';
import type { RouteHandlers } from './router';

export interface DataQualityDeps {
  sources(): SourceHealth[];
  /** The configured reporting currency: what "without a rate" means a rate to. */
  reportingCurrency: string;
  /** One source's accounts the customer map joins to no other source's (docs/customers.md § Unmatched accounts). */
  unmatchedAccounts(source: string): UnmatchedAccounts;
  /** The customer mapping file's state. */
  customerMap(): CustomerMapStatus;
  /** The holder's scope when access control is on; undefined: everything. */
  scope?(res: Response): Scope | undefined;
}

/** One source's problems with its records. Later findings (unmatched customers, links to missing records) sit beside. */
export interface SourceQuality {
  id: string;
  kind: string;
  /** Orders and deals in a currency no rate converts: left out of every money metric. */
  amountsWithoutRate: AmountsWithoutRate;
  /** Accounts (and account ids records carry) joined to no account of another source: never dropped, listed here. */
  unmatchedAccounts: UnmatchedAccounts;
}

export interface DataQuality { reportingCurrency: string; sources: SourceQuality[]; customerMap: CustomerMapStatus }

/** The data-quality view of the sources' health (docs/api.md, REST): every source, with zero counts where nothing is wrong. */
export function dataQuality(sources: readonly SourceHealth[], deps: Omit<DataQualityDeps, 'sources'>): DataQuality {
  return {
    reportingCurrency: deps.reportingCurrency,
    sources: sources.map((s) => ({
      id: s.id, kind: s.kind, amountsWithoutRate: s.amountsWithoutRate ?? { records: 0, byCurrency: {} }, unmatchedAccounts: deps.unmatchedAccounts(s.id),
    })),
    customerMap: deps.customerMap(),
  };
}

/**
 * `GET /api/data-quality`: what the sources sent that the hub could not count as it should. An unmatched account
 * belongs to no department (the records naming it may belong to several, or none), so its id and name reach only
 * holders of every department: the others get the counts with an empty `sample` (docs/access.md § Business flows).
 */
export function dataQualityRoutes(deps: DataQualityDeps): RouteHandlers<'data-quality'> {
  return {
    'data-quality': (_req, res) => {
      const scope = deps.scope?.(res);
      const every = !scope || scope.departments === 'all';
      res.json(dataQuality(deps.sources(), every ? deps : {
        ...deps, unmatchedAccounts: (source) => ({ ...deps.unmatchedAccounts(source), sample: [] }),
      }));
    },
  };
}
