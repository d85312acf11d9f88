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

/** A naive `YYYY-MM-DD HH:MM:SS[.ffffff]` (or `T`) wall-clock time in `zone` (an IANA name; "UTC" for Odoo). */
export function naiveToUtc(text: string, zone: string): string {
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
