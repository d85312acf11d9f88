import { DateTime } from 'luxon';

/**
 * Vendor timestamp formats → UTC ISO (`…Z`), at the connector edge. Each throws on text it cannot read,
 * naming the value, so a bad record is rejected alone rather than stored at a wrong instant.
 */

/** ISO-8601 with `Z` or an offset, with or without a colon (`+0000` from Salesforce). */
export function isoToUtc(text: string): string {
  const fixed = text.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  if (!/(Z|[+-]\d\d:\d\d)$/i.test(fixed)) throw new Error(`not an instant with a zone: ${JSON.stringify(text)}`);
  const ms = Date.parse(fixed);
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${JSON.stringify(text)}`);
  return new Date(ms).toISOString();
}

const QUARTER_HOUR = 900_000;
const HOURS_14 = 14 * 3_600_000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * A zone's UTC offset in minutes at an instant (NaN for an unknown zone). Since 1970 offsets change only on
 * quarter hours, so each quarter hour is asked of luxon once: its lookup is the slow part of a backfill.
 */
export function zoneOffset(zone: string, utcMs: number): number {
  if (utcMs < 0) return DateTime.fromMillis(utcMs, { zone }).offset;
  let byQuarter = offsetCache.get(zone);
  if (!byQuarter || byQuarter.size > 200_000) offsetCache.set(zone, (byQuarter = new Map()));
  const quarter = Math.floor(utcMs / QUARTER_HOUR);
  let offset = byQuarter.get(quarter);
  if (offset === undefined) byQuarter.set(quarter, (offset = DateTime.fromMillis(quarter * QUARTER_HOUR, { zone }).offset));
  return offset;
}

const NAIVE = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?$/;

/**
 * `naiveToUtc` without luxon for the common case: a plain date-time whose zone keeps one offset for 14 hours
 * either side (so no DST change can make it ambiguous). Anything else is left to luxon (undefined).
 */
function plainNaiveToUtc(text: string, zone: string): string | undefined {
  const m = NAIVE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const local = Date.UTC(y, mo - 1, d, h, mi, sec, m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0); // fractions cut to ms, as luxon does
  const check = new Date(local);
  if (check.getUTCDate() !== d || check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== sec || local < HOURS_14) return undefined;
  const offset = zoneOffset(zone, local - HOURS_14);
  if (Number.isNaN(offset) || offset !== zoneOffset(zone, local + HOURS_14)) return undefined;
  return new Date(local - offset * 60_000).toISOString();
}

/** A naive `YYYY-MM-DD HH:MM:SS[.ffffff]` (or `T`) wall-clock time in `zone` (an IANA name; "UTC" for Odoo). */
export function naiveToUtc(text: string, zone: string): string {
  const plain = plainNaiveToUtc(text.trim(), zone);
  if (plain) return plain;
  const dt = DateTime.fromISO(text.trim().replace(' ', 'T'), { zone });
  if (!dt.isValid || /[zZ]|[+-]\d\d:?\d\d$/.test(text.trim().slice(10))) {
    throw new Error(`not a naive date-time: ${JSON.stringify(text)}`);
  }
  return dt.toUTC().toISO({ suppressMilliseconds: false })!;
}

/** A UTC instant as the naive wall-clock text a vendor filters on (`YYYY-MM-DD HH:MM:SS` in `zone`). */
export function utcToNaive(iso: string | number, zone: string): string {
  const dt = typeof iso === 'number' ? DateTime.fromMillis(iso, { zone }) : DateTime.fromISO(iso, { zone });
  return dt.setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** Epoch seconds or milliseconds (numbers or numeric strings); values below 1e11 are read as seconds. */
export function epochToUtc(value: number | string): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`not an epoch time: ${JSON.stringify(value)}`);
  return new Date(Math.abs(n) < 1e11 ? n * 1000 : n).toISOString();
}

/** The later of two ISO instants (either may be missing). */
export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** An ISO instant moved back by `seconds` (the overlap window re-read on every poll). */
export function minusSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) - seconds * 1000).toISOString();
}

/** An instant as `YYYY-MM-DDTHH:MM:SSZ` (vendors that filter by the second). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
