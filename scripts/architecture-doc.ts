// Writes the room table of ARCHITECTURE.md from server/rooms.json (which also generates the import rules).
// Run: npm run architecture-doc   (a unit test checks the file is current)
import { readFileSync, writeFileSync } from 'node:fs';
import { ARCHITECTURE_FILE, withRoomTable } from './rooms';

writeFileSync(ARCHITECTURE_FILE, withRoomTable(readFileSync(ARCHITECTURE_FILE, 'utf8')));
console.log(`wrote ${ARCHITECTURE_FILE.pathname}`);
