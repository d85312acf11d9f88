import { z } from 'zod';
import { SCREEN_DEVICES } from '../../server/protocol';
import { authHeaders } from '../access/token';

const entrySchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  /** A screen's `devices`: what it is designed for; absent: any display (and always on a playlist). */
  devices: z.array(z.enum(SCREEN_DEVICES)).optional(),
  valid: z.boolean(),
  /** One `file:line:column path: message` per line. */
  error: z.string().optional(),
  problems: z.array(z.object({ path: z.string(), line: z.number(), column: z.number(), message: z.string() })).optional(),
  /** The file is invalid; its last good version is what walls show. */
  lastGood: z.boolean().optional(),
});
export type ScreenEntry = z.output<typeof entrySchema>;

async function fetchList(path: string, signal?: AbortSignal): Promise<ScreenEntry[]> {
  const res = await fetch(path, { signal, headers: { accept: 'application/json', ...authHeaders() } });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return z.array(entrySchema).parse(await res.json());
}

/** `GET /api/screens`: every screen file with whether it is valid. */
export const fetchScreenList = (signal?: AbortSignal) => fetchList('/api/screens', signal);

/** `GET /api/playlists`: every playlist file with whether it is valid. */
export const fetchPlaylistList = (signal?: AbortSignal) => fetchList('/api/playlists', signal);
