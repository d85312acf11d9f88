/** Where a paired display keeps its token: it survives reloads and restarts of the TV's browser. */
const KEY = 'opswall.device';

export interface StoredDevice { token: string; id: string; name: string }

export function storedDevice(storage: Pick<Storage, 'getItem'> = window.localStorage): StoredDevice | null {
  try {
    const parsed = JSON.parse(storage.getItem(KEY) ?? 'null') as StoredDevice | null;
    return parsed && typeof parsed.token === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

export function storeDevice(device: StoredDevice, storage: Pick<Storage, 'setItem'> = window.localStorage): void {
  storage.setItem(KEY, JSON.stringify(device));
}

export function forgetDevice(storage: Pick<Storage, 'removeItem'> = window.localStorage): void {
  storage.removeItem(KEY);
}

/** Headers that show the display's token where this browser holds one (a user's browser sends its cookie instead). */
export function authHeaders(): Record<string, string> {
  const device = typeof window === 'undefined' ? null : storedDevice();
  return device ? { authorization: `Bearer ${device.token}` } : {};
}
