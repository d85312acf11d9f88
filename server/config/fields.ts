import { z } from 'zod';
import { parseDuration } from '../protocol/duration';

/** Config fields more than one part of the file uses. */
export const duration = z.string().refine((s) => { try { parseDuration(s); return true; } catch { return false; } },
  { message: 'expected a duration such as "90s", "5m" or "2h"' });

export const sourceId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"');
