import { z } from 'zod';

const entrySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  valid: z.boolean(),
  error: z.string().optional(),
});
export type ScreenEntry = z.output<typeof entrySchema>;

/** `GET /api/screens`: every screen file with whether it is valid. */
export async function fetchScreenList(signal?: AbortSignal): Promise<ScreenEntry[]> {
  const res = await fetch('/api/screens', { signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET /api/screens: HTTP ${res.status}`);
  return z.array(entrySchema).parse(await res.json());
}
