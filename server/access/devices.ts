import { randomUUID } from 'node:crypto';
import type { DeviceEntry, DeviceReport, DeviceTarget, DisplaySettings } from '../protocol';
import type { AccessTables, DeviceRow } from '../store';
import { hashSecret, randomSecret } from './secrets';

/** What is kept of a display besides its token hash and times. */
export interface DeviceData {
  name: string; target: DeviceTarget; departments: string[]; amounts: boolean; created_at: string; created_by: string;
  /** How the display is built and watched (panels, bezels, distance); absent on displays paired before it existed. */
  display?: DisplaySettings;
}

export interface DeviceOptions { tables: AccessTables; now: () => number; idleExpiryMs: number }

/** The last-seen time is written at most this often per display. */
const TOUCH_EVERY_MS = 60_000;
const TOKEN_PREFIX = 'owd_';

/**
 * Paired displays. A display holds a long-lived token (kept hashed here) that lapses only after
 * `idleExpiryMs` without any use: every connection and every report counts as use, so a TV that runs
 * for months never has to be paired again. Revoking is immediate.
 */
export function createDevices(o: DeviceOptions) {
  const reports = new Map<string, DeviceReport & { at: string }>();
  const online = new Map<string, number>();
  const touched = new Map<string, number>();

  const data = (row: DeviceRow) => row.data as DeviceData;
  const lastUse = (row: DeviceRow) => row.lastSeenAt ?? Date.parse(data(row).created_at);

  function touch(row: DeviceRow): void {
    const at = o.now();
    if (at - (touched.get(row.id) ?? row.lastSeenAt ?? 0) < TOUCH_EVERY_MS) return;
    touched.set(row.id, at);
    o.tables.touchDevice(row.id, at);
  }

  function entry(row: DeviceRow): DeviceEntry {
    const d = data(row);
    return {
      id: row.id, name: d.name, target: d.target, departments: d.departments, amounts: d.amounts, display: d.display ?? {},
      created_at: d.created_at, created_by: d.created_by,
      last_seen_at: row.lastSeenAt === null ? null : new Date(Math.max(row.lastSeenAt, touched.get(row.id) ?? 0)).toISOString(),
      revoked_at: row.revokedAt === null ? null : new Date(row.revokedAt).toISOString(),
      online: (online.get(row.id) ?? 0) > 0, report: reports.get(row.id) ?? null,
    };
  }

  return {
    /** Registers a display; returns it with its token (shown once, never stored). */
    create(d: Omit<DeviceData, 'created_at'>): { device: DeviceEntry; token: string } {
      const id = randomUUID();
      const token = `${TOKEN_PREFIX}${randomSecret()}`;
      o.tables.putDevice({ id, tokenHash: hashSecret(token), data: { ...d, created_at: new Date(o.now()).toISOString() } });
      return { device: entry(o.tables.device(id)!), token };
    },
    /** The display a token belongs to, marking it used; undefined when unknown, revoked or lapsed. */
    authenticate(token: string): (DeviceData & { id: string }) | undefined {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const row = o.tables.deviceByToken(hashSecret(token));
      if (!row || row.revokedAt !== null) return undefined;
      if (o.now() - Math.max(lastUse(row), touched.get(row.id) ?? 0) > o.idleExpiryMs) return undefined;
      touch(row);
      return { ...data(row), id: row.id };
    },
    /** A display is in use while it reports. */
    report(id: string, report: DeviceReport): void {
      reports.set(id, { ...report, at: new Date(o.now()).toISOString() });
      const row = o.tables.device(id);
      if (row) touch(row);
    },
    presence(id: string, isOnline: boolean): void {
      const n = (online.get(id) ?? 0) + (isOnline ? 1 : -1);
      if (n > 0) online.set(id, n); else online.delete(id);
    },
    list: (): DeviceEntry[] => o.tables.devices().map(entry),
    get(id: string): DeviceEntry | undefined { const row = o.tables.device(id); return row && entry(row); },
    update(id: string, change: Partial<Pick<DeviceData, 'name' | 'target' | 'departments' | 'amounts' | 'display'>>): DeviceEntry | undefined {
      const row = o.tables.device(id);
      if (!row || row.revokedAt !== null) return undefined;
      o.tables.updateDevice(id, { ...data(row), ...change });
      return entry(o.tables.device(id)!);
    },
    revoke(id: string): DeviceEntry | undefined {
      const row = o.tables.device(id);
      if (!row) return undefined;
      o.tables.revokeDevice(id, o.now());
      reports.delete(id);
      return entry(o.tables.device(id)!);
    },
  };
}

export type Devices = ReturnType<typeof createDevices>;
