import { z } from 'zod';

/**
 * The `currency` section of the config file: the one currency every money metric is in, and the rates that
 * convert other currencies into it (docs/configuration.md, docs/metrics.md § Money).
 */

const CODE = /^[A-Z]{3}$/;
const codeMessage = 'expected an ISO 4217 currency code in capitals, such as "CNY" or "USD"';
export const currencyCode = z.string().regex(CODE, codeMessage);

const rate = z.number({ error: 'expected a rate: how many units of the reporting currency one unit of this currency is worth, such as 7.1' })
  .finite().positive('expected a rate above 0: how many units of the reporting currency one unit of this currency is worth');

const calendarDate = z.iso.date({ error: 'expected a calendar date such as "2026-01-01"' });

const datedRate = z.strictObject({ from: calendarDate, rate });
const datedRates = z.array(datedRate).min(1, 'expected at least one dated rate { "from": "2026-01-01", "rate": 7.8 }')
  .superRefine((list, ctx) => {
    list.forEach((entry, i) => {
      const before = list[i - 1];
      if (before && entry.from <= before.from) {
        ctx.addIssue({ code: 'custom', path: [i, 'from'], message: `expected a date after ${before.from} (entry ${i - 1}): dated rates are listed oldest first, one per date` });
      }
    });
  });

/** One currency's rate: a number that always applies, or dated rates, each in force from its date to the next one's. */
export type RateEntry = number | { from: string; rate: number }[];

/**
 * A number or a list, each judged by its own schema so an error names exactly what is wrong (a union would
 * only say that neither shape fits).
 */
const rateEntry = z.unknown().transform((value, ctx): RateEntry => {
  const shape = Array.isArray(value) ? datedRates : typeof value === 'number' ? rate : undefined;
  if (!shape) {
    ctx.addIssue({ code: 'custom', message: 'expected a rate (a number such as 7.1) or dated rates [{ "from": "2026-01-01", "rate": 7.8 }, …]' });
    return z.NEVER;
  }
  const parsed = shape.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});

export const currencyConfigSchema = z.strictObject({
  reporting: currencyCode.default('CNY').describe('The currency every money metric is in.'),
  rates: z.record(z.string(), rateEntry).default({})
    .describe('Units of the reporting currency per unit of each other currency: a number, or dated rates oldest first.'),
}).superRefine((section, ctx) => {
  for (const code of Object.keys(section.rates)) {
    if (!CODE.test(code)) ctx.addIssue({ code: 'custom', path: ['rates', code], message: `"${code}": ${codeMessage}` });
    else if (code === section.reporting) {
      ctx.addIssue({ code: 'custom', path: ['rates', code], message: `${code} is the reporting currency: its amounts are taken as they are, so it has no rate` });
    }
  }
});

export type CurrencyConfig = z.output<typeof currencyConfigSchema>;
