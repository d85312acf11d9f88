// The house's import rules, generated from the room table (server/rooms.json): `npm run lint` fails on any
// import cycle, on a room reaching into another past its index.ts, and on any import the table does not allow.
// Tests may reach what they test: the rules apply to source files only. See ARCHITECTURE.md.
const { rooms } = require('./server/rooms.json');

const SOURCE = { pathNot: '\\.test\\.ts$' };
const names = rooms.map((r) => r.room);
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Anything under server/ that is neither this room, nor a room it may use, nor node_modules. */
const roomRules = rooms.map((r) => ({
  name: `room-${r.room}`,
  comment: `server/${r.room}/ may use ${r.uses.length ? r.uses.join(', ') : 'no other room'} (server/rooms.json)`,
  severity: 'error',
  from: { path: `^server/${esc(r.room)}/`, ...SOURCE },
  to: { path: '^server/', pathNot: [`^server/(${[r.room, ...r.uses].map(esc).join('|')})/`] },
}));

/** The server reads the wall's code only where the table declares it (the widgets' option schemas for the screens room). */
const clientRules = [{
  name: 'server-not-client',
  comment: 'the hub never imports the wall, but where server/rooms.json declares it',
  severity: 'error',
  from: { path: '^server/', pathNot: ['\\.test\\.ts$', ...rooms.filter((r) => r.client).map((r) => `^server/${esc(r.room)}/`)] },
  to: { path: '^client/' },
}, ...rooms.filter((r) => r.client).map((r) => ({
  name: `client-${r.room}`,
  comment: `server/${r.room}/ may read only ${r.client.join(', ')} of the wall`,
  severity: 'error',
  from: { path: `^server/${esc(r.room)}/`, ...SOURCE },
  to: { path: '^client/', pathNot: r.client },
}))];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle: a room (or file) that reaches back to what reaches it',
      severity: 'error',
      from: { path: '^(server|client)/', ...SOURCE },
      to: { circular: true },
    },
    {
      name: 'room-face',
      comment: 'a room is reached through its index.ts only',
      severity: 'error',
      from: { path: `^server/(${names.map(esc).join('|')})/`, ...SOURCE },
      to: { path: `^server/(${names.map(esc).join('|')})/`, pathNot: ['^server/$1/', `^server/(${names.map(esc).join('|')})/index\\.ts$`] },
    },
    {
      name: 'unknown-room',
      comment: 'every folder of server/ is a room of server/rooms.json',
      severity: 'error',
      from: { path: '^server/', ...SOURCE },
      to: { path: '^server/[^/]+/', pathNot: [`^server/(${names.map(esc).join('|')})/`] },
    },
    ...roomRules,
    ...clientRules,
    {
      name: 'pure-rooms',
      comment: `${rooms.filter((r) => r.pure).map((r) => r.room).join(' and ')} are pure: no clock, file, network or database of their own`,
      severity: 'error',
      from: { path: `^server/(${rooms.filter((r) => r.pure).map((r) => esc(r.room)).join('|')})/`, ...SOURCE },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
