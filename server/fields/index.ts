import { z } from 'zod';
import { parseDuration } from '../protocol';

/**
 * Field types more than one room's config schema uses: durations, sizes, zones, ids and the names of
 * environment variables that hold secrets. A leaf: every room may use it, it uses only the protocol.
 */

export const duration = z.string().refine((s) => { try { parseDuration(s); return true; } catch { return false; } },
  { message: 'expected a duration such as "90s", "5m" or "2h"' });

export const sourceId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"');

/** The option naming an environment variable that holds a secret (`token_env: "ZENDESK_TOKEN"`). */
export const envVarName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as OPSWALL_TOKEN');

/** An IANA zone name; fixed offsets are refused, as they do not follow daylight-saving time. */
export const ianaZone = z.string().refine((zone) => {
  if (/^(UTC|GMT)?[+-]\d/.test(zone)) return false;
  try { new Intl.DateTimeFormat('en', { timeZone: zone }); return true; } catch { return false; }
}, { message: 'expected an IANA time zone name such as "Asia/Shanghai"' });

/** A size such as "512kb" or "8mb". */
export const size = z.string().regex(/^\d+(kb|mb)$/, 'a size such as "512kb" or "8mb"');
/** "512kb" → bytes. */
export const sizeBytes = (text: string): number => Number.parseInt(text, 10) * (text.endsWith('mb') ? 1024 * 1024 : 1024);

// Hand-edited JSON files (screens, playlists, the config, the customer map) say where each problem is written.
export { formatProblem, locateJson, pathText, zodProblems, type FileProblem, type JsonPath, type LocatedJson } from './located';
