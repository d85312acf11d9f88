// The room table (server/rooms.json) rendered for ARCHITECTURE.md: the one source of the house's shape.
import { readFileSync } from 'node:fs';

export interface Room { room: string; holds: string; uses: string[]; pure?: boolean; client?: string[] }
export interface RoomTable { rooms: Room[]; entries: Record<string, string> }

export const ROOMS_FILE = new URL('../server/rooms.json', import.meta.url);
export const ARCHITECTURE_FILE = new URL('../ARCHITECTURE.md', import.meta.url);
const START = '<!-- rooms: generated from server/rooms.json by `npm run architecture-doc`; do not edit by hand -->';
const END = '<!-- /rooms -->';

export function readRooms(): RoomTable {
  return JSON.parse(readFileSync(ROOMS_FILE, 'utf8')) as RoomTable;
}

/** The markdown table of rooms: what each holds and which rooms it may use. */
export function renderRoomTable(table: RoomTable = readRooms()): string {
  const code = (s: string) => `\`${s}\``;
  const rows = table.rooms.map((r) => {
    const uses = [...r.uses.map((u) => code(`${u}/`)), ...(r.client ?? []).map((c) => `the wall's ${code(c.replace(/\\\./g, '.').replace(/\$$/, '').replace('[^/]+', '*'))}`)];
    return `| ${code(`${r.room}/`)} | ${r.holds} | ${uses.length ? uses.join(', ') : '—'} |`;
  });
  const entries = Object.entries(table.entries).map(([file, what]) => `| ${code(file)} | ${what} | every room |`);
  return [START, '| room | holds | may use |', '|---|---|---|', ...rows, ...entries, END].join('\n');
}

/** ARCHITECTURE.md with its room table replaced by the table rendered now. */
export function withRoomTable(doc: string, table: RoomTable = readRooms()): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`ARCHITECTURE.md has no room table between "${START}" and "${END}"`);
  return doc.slice(0, start) + renderRoomTable(table) + doc.slice(end + END.length);
}
