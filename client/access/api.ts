import type { DeviceEntry, DeviceTarget, DisplaySettings, MeAnswer, PairingStart, PairingState } from '../../server/protocol';
import { authHeaders } from './token';

/** A refusal of the hub, with its status and error code. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** JSON in, JSON out; an error answer becomes an ApiError with the hub's message. */
export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { accept: 'application/json', ...authHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'error', error?.message ?? `${method} ${path}: HTTP ${res.status}`);
  }
  return parsed as T;
}

export const fetchMe = () => api<MeAnswer>('GET', '/api/auth/me');
export const login = (username: string, password: string) => api<MeAnswer>('POST', '/api/auth/login', { username, password });
export const logout = () => api<null>('POST', '/api/auth/logout');

export const startPairing = () => api<PairingStart>('POST', '/api/pair');
export const pollPairing = (id: string, secret: string) => api<PairingState>('GET', `/api/pair/${encodeURIComponent(id)}`, undefined, { 'x-pairing-secret': secret });

export const listDevices = () => api<DeviceEntry[]>('GET', '/api/devices');
export const approveDevice = (body: { code: string; name: string; target: DeviceTarget; departments: string[]; amounts: boolean }) =>
  api<DeviceEntry>('POST', '/api/devices', body);
export const changeDevice = (id: string, body: { target?: DeviceTarget; name?: string; display?: DisplaySettings }) => api<DeviceEntry>('PATCH', `/api/devices/${encodeURIComponent(id)}`, body);
export const revokeDevice = (id: string) => api<DeviceEntry>('DELETE', `/api/devices/${encodeURIComponent(id)}`);
export const commandDevice = (id: string, command: 'reload' | 'identify') => api<{ sent: boolean }>('POST', `/api/devices/${encodeURIComponent(id)}/${command}`);

/** `screen:<id>` or `playlist:<id>`, as the fleet page and reports name a target. */
export const targetName = (t: DeviceTarget): string => ('screen' in t ? `screen:${t.screen}` : `playlist:${t.playlist}`);
export const parseTarget = (name: string): DeviceTarget | undefined => {
  const m = /^(screen|playlist):([a-z0-9][a-z0-9-]*)$/.exec(name);
  if (!m) return undefined;
  return m[1] === 'screen' ? { screen: m[2]! } : { playlist: m[2]! };
};
