import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ARCHITECTURE_FILE, readRooms, withRoomTable } from '../scripts/rooms';

/** The room table (server/rooms.json) is the one source of ARCHITECTURE.md's table and of the import rules. */
const table = readRooms();
const rules = (createRequire(import.meta.url)('../.dependency-cruiser.cjs') as { forbidden: { name: string; from: { path?: string }; to: { path?: string; pathNot?: string[] } }[] }).forbidden;

describe('the room table', () => {
  it('is what ARCHITECTURE.md shows (run `npm run architecture-doc` after editing server/rooms.json)', () => {
    const doc = readFileSync(ARCHITECTURE_FILE, 'utf8');
    expect(doc).toBe(withRoomTable(doc));
  });

  it('names every folder of server/, and only those', () => {
    const folders = readdirSync(new URL('.', import.meta.url), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(table.rooms.map((r) => r.room).sort()).toEqual(folders);
  });

  it('only lets a room use rooms of the table, never itself', () => {
    const names = new Set(table.rooms.map((r) => r.room));
    for (const r of table.rooms) for (const u of r.uses) expect(names.has(u) && u !== r.room, `${r.room} → ${u}`).toBe(true);
  });

  it('generates one import rule per room that allows exactly the rooms it may use', () => {
    for (const r of table.rooms) {
      const rule = rules.find((x) => x.name === `room-${r.room}`);
      expect(rule?.from.path, r.room).toBe(`^server/${r.room}/`);
      const allowed = new RegExp(rule!.to.pathNot![0]!);
      for (const other of table.rooms) {
        expect(allowed.test(`server/${other.room}/x.ts`), `${r.room} → ${other.room}`).toBe(other.room === r.room || r.uses.includes(other.room));
      }
    }
    expect(rules.map((x) => x.name)).toEqual(expect.arrayContaining(['no-circular', 'room-face', 'unknown-room', 'server-not-client', 'pure-rooms']));
  });
});
