import { zoneOffset, type CanonicalRecord, type Deal, type Order } from '../model';
import type { CurrencyConfig, RateEntry } from './config';

/**
 * Bump when the rules below change: the fingerprint changes with it, so a start re-converts every stored
 * record under the new rules.
 */
const RULES_VERSION = 1;

/**
 * Half away from zero to `decimals` places, on the decimal value: 15 significant digits drop the binary dust
 * first, so 1.005 gives 1.01 (`Math.round(1.005 * 100) / 100` gives 1, as 1.005 × 100 is 100.49999999999999).
 * The hub's conversions and the connectors' (a vendor converting into its company's currency) alike.
 */
export function roundMoney(n: number, decimals = 2): number {
  const scale = 10 ** decimals;
  const units = Math.round(Number((Math.abs(n) * scale).toPrecision(15)));
  return (Math.sign(n) * units) / scale || 0;
}

/** To the cent: `roundMoney(n, 2)`. */
export const roundCents = (n: number): number => roundMoney(n, 2);

/** A currency as records spell it, compared as ISO codes are: `usd ` is USD. */
const normal = (code: string) => code.trim().toUpperCase();

/** The record's `created_at` as a calendar date in `zone` (YYYY-MM-DD): the day whose rate applies. */
export function localDate(instant: string, zone: string): string {
  const ms = Date.parse(instant);
  return new Date(ms + zoneOffset(zone, ms) * 60_000).toISOString().slice(0, 10);
}

/** The rate in force on `date` (YYYY-MM-DD): the number itself, or the last dated entry from on or before that day. */
export function rateOn(entry: RateEntry | undefined, date: string): number | undefined {
  if (entry === undefined || typeof entry === 'number') return entry;
  let found: number | undefined;
  for (const e of entry) if (e.from <= date) found = e.rate; // oldest first (the schema checks it)
  return found;
}

export type MoneyRecord = Order | Deal;
const hasMoney = (r: CanonicalRecord): r is MoneyRecord => r.type === 'order' || r.type === 'deal';

/**
 * Money in one currency for a configured section and the hub's zone (dated rates follow its calendar).
 * `convert` gives an order or deal its `amount_reporting`, worked out from scratch (one a source sent is never
 * trusted), first rule that gives an amount:
 * 1. `base_amount` when `base_currency` is the reporting currency (the vendor's own conversion);
 * 2. `amount` when `currency` is the reporting currency;
 * 3. `amount` × the rate of `currency` on the record's `created_at` date, rounded to the cent;
 * 4. `base_amount` × the rate of `base_currency` on that date, rounded to the cent;
 * 5. none: `amount_reporting` is absent and the record leaves money metrics (counted by `withoutRate`).
 * A record with no `currency` is taken to be in the reporting currency as it is: no `amount_reporting` is set,
 * and money metrics count its `amount` (metrics/catalogue/money.ts).
 */
export function createMoney(section: CurrencyConfig, timezone: string) {
  const reporting = section.reporting;
  const rates = new Map(Object.entries(section.rates).map(([code, entry]) => [normal(code), entry]));
  const dated = [...rates.values()].some((e) => typeof e !== 'number');
  const rate = (code: string, createdAt: string) => {
    const entry = rates.get(normal(code));
    return typeof entry === 'object' ? rateOn(entry, localDate(createdAt, timezone)) : entry;
  };

  /** The amount in the reporting currency by the rules above, or undefined. */
  function reportingAmount(r: MoneyRecord): number | undefined {
    if (r.base_amount !== undefined && r.base_currency !== undefined && normal(r.base_currency) === reporting) return r.base_amount;
    if (r.currency === undefined) return undefined;
    if (normal(r.currency) === reporting) return r.amount;
    const direct = rate(r.currency, r.created_at);
    if (direct !== undefined) return roundCents(r.amount * direct);
    const viaBase = r.base_amount !== undefined && r.base_currency !== undefined ? rate(r.base_currency, r.created_at) : undefined;
    return viaBase === undefined ? undefined : roundCents(r.base_amount! * viaBase);
  }

  return {
    reporting,
    /**
     * What the stored records' `amount_reporting` was worked out under: the rules, the reporting currency, the
     * rates, and the zone when a rate is dated. A store whose fingerprint differs re-converts at start.
     */
    fingerprint: JSON.stringify({
      rules: RULES_VERSION, reporting, rates: Object.fromEntries([...rates].sort(([a], [b]) => a.localeCompare(b))),
      ...(dated ? { timezone } : {}),
    }),
    /** The record with its `amount_reporting` set (or removed); the very same object when it is already right. */
    convert<R extends CanonicalRecord>(record: R): R {
      if (!hasMoney(record)) return record;
      const amount = reportingAmount(record);
      if (amount === record.amount_reporting && Object.hasOwn(record, 'amount_reporting') === (amount !== undefined)) return record;
      const { amount_reporting: _sent, ...rest } = record;
      return (amount === undefined ? rest : { ...rest, amount_reporting: amount }) as R;
    },
  };
}

export type Money = ReturnType<typeof createMoney>;
