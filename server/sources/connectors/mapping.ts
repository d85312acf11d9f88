import { z } from 'zod';
import { DEAL_STAGES, ORDER_STATUSES, type DealStage } from '../../model';

/** Vendor stage (id or label) → canonical deal stage: the tenant's overrides of a connector's defaults. */
export const stageMapSchema = z.record(z.string(), z.enum(DEAL_STAGES));
/** A currency a config names: an ISO 4217 code, as the reporting currency and the rate table are keyed. */
export { currencyCode } from '../../currency';
/** How a vendor rounds an amount it converts into its company's currency: the hub's own money rounding. */
export { roundMoney } from '../../currency';
/** Vendor status → canonical order status: the tenant's overrides of a connector's defaults. */
export const statusMapSchema = z.record(z.string(), z.enum(ORDER_STATUSES));

/**
 * Canonical field → the vendor field a tenant keeps it in (often a custom field): the dimensions screens
 * filter and group by (department, region, channel), which no vendor has a standard place for.
 */
export function dimensionFields<K extends string>(keys: readonly [K, ...K[]], field: z.ZodType<string>) {
  return z.partialRecord(z.enum(keys), field).default({});
}

/** `a.b.0.c` into a value (a vendor record's field by dot path); "" is the value itself. */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  let v = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A vendor value as the text of a canonical dimension: strings and numbers only, empty as absent. */
export function dimensionText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * An open stage nobody mapped, placed by its win probability (0–1): early stages have low odds.
 * Used only when neither the config nor the connector's defaults name the stage.
 */
export function stageByProbability(probability: number | undefined): DealStage {
  if (probability === undefined || !Number.isFinite(probability)) return 'lead';
  if (probability < 0.3) return 'lead';
  if (probability < 0.5) return 'qualified';
  if (probability < 0.8) return 'proposal';
  return 'negotiation';
}

/** Drops consecutive repeats: a history lists each stage (or status) the record entered, in order. */
export function collapseHistory<K extends string, T extends { at: string } & Record<K, string>>(entries: T[], key: K): T[] {
  const sorted = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return sorted.filter((e, i) => i === 0 || sorted[i - 1]![key] !== e[key]);
}

export interface MoneyFields { amount: number; currency?: string; base_amount?: number; base_currency?: string }

/**
 * An order's or deal's money: `amount` in `currency` as the vendor keeps it and, where the vendor keeps one, the
 * same amount in its company's own currency. The base amount goes with its currency: both or neither, since an
 * amount in an unnamed currency could only be summed as if it were the reporting currency.
 */
export function moneyFields(amount: number, currency: string | undefined, base?: { amount?: number; currency?: string }): MoneyFields {
  const out: MoneyFields = { amount, ...(currency ? { currency } : {}) };
  if (base?.amount !== undefined && Number.isFinite(base.amount) && base.currency) {
    out.base_amount = base.amount;
    out.base_currency = base.currency;
  }
  return out;
}
