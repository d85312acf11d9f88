import { z } from 'zod';
import { TICKET_PRIORITIES } from '../model';

/** Filters every metric takes (ARCHITECTURE.md, metrics). */
export const commonFilters = {
  department: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
};

/** Ticket metrics also filter by group and priority. */
export const ticketFilters = {
  department: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
};

/** Whether a record's fields equal every filter that is set. */
export function matchesFilters(record: object, filters: object): boolean {
  const fields = record as Record<string, unknown>;
  for (const [name, wanted] of Object.entries(filters)) {
    if (wanted !== undefined && fields[name] !== wanted) return false;
  }
  return true;
}
