import { z } from 'zod';
import { authHeaders } from '../access/token';
import { parseDuration, playlistSchema, type Alert, type PlaylistDefinition } from '../../server/protocol';

const FALLBACK_DWELL_MS = 30_000;

/** Whether the playlist stops turning now: it asks to hold on critical, and a breach alert is firing. */
export function shouldHold(playlist: Pick<PlaylistDefinition, 'hold_on_critical'>, alerts: Iterable<Pick<Alert, 'state' | 'labels'>>): boolean {
  if (!playlist.hold_on_critical) return false;
  for (const alert of alerts) if (alert.state === 'firing' && alert.labels.kind === 'breach') return true;
  return false;
}

/** How long a playlist entry stays up, in ms (the hub has checked the text; a fallback all the same). */
export function dwellMs(entry: { dwell: string }): number {
  try { return Math.max(1000, parseDuration(entry.dwell)); } catch { return FALLBACK_DWELL_MS; }
}

/** The index `delta` steps on from `index`, round the end of a list of `length`. */
export function stepIndex(index: number, delta: number, length: number): number {
  return length === 0 ? 0 : (((index + delta) % length) + length) % length;
}

export interface ScreenQuery {
  /** `?kiosk`: no controls at all. */
  kiosk: boolean;
  /** `?pause`: a playlist starts paused. */
  paused: boolean;
  /** `?pin=<screenId>`: a playlist shows this one screen. */
  pin: string | undefined;
  /** `?takeover[=<seconds>]`: how long a new critical alert shows over the wall (0, the default: never). */
  takeoverS: number;
  /** `?page=<n>`: a wall too wide for this window shows its n-th page only, instead of turning them. */
  page: number | undefined;
}

/** How long a new critical alert takes over a TV with a bare `?takeover`. */
export const DEFAULT_TAKEOVER_S = 30;

/** The page options in a `/s/:id` or `/p/:id` URL; a flag counts whether given bare (`?kiosk`) or with a value. */
export function readScreenQuery(query: Record<string, unknown>): ScreenQuery {
  const flag = (name: string) => name in query && query[name] !== 'false' && query[name] !== '0';
  const pin = query.pin;
  // Takeover mode is for TVs, so it is asked for: `?takeover` (30 s) or `?takeover=<seconds>`.
  const t = query.takeover;
  const takeover = !('takeover' in query) ? 0 : typeof t === 'string' && /^\d{1,4}$/.test(t) ? Number(t) : DEFAULT_TAKEOVER_S;
  const page = typeof query.page === 'string' && /^[1-9]\d{0,2}$/.test(query.page) ? Number(query.page) : undefined;
  return { kiosk: flag('kiosk'), paused: flag('pause'), pin: typeof pin === 'string' && pin !== '' ? pin : undefined, takeoverS: takeover, page };
}

/** `GET /api/playlists/:id`; throws with the hub's message when it is missing or invalid. */
export async function fetchPlaylist(id: string, signal?: AbortSignal): Promise<PlaylistDefinition> {
  const res = await fetch(`/api/playlists/${encodeURIComponent(id)}`, { signal, headers: { accept: 'application/json', ...authHeaders() } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
    throw new Error(message.success ? message.data.error.message : `GET /api/playlists/${id}: HTTP ${res.status}`);
  }
  return playlistSchema.parse(body);
}
