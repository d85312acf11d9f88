/**
 * The baseline: plain Socket.IO 4.8 with nothing of OpsWall in it. A client joins one room with
 * `subscribe` (ack'd with a snapshot of the same shape as the hub's); each `POST /emit` with a
 * `{ records: [...] }` body adds records.length to a counter and emits one ~300-byte `metrics` message,
 * shaped like the hub's, to that room. Same Socket.IO options as the hub's realtime room.
 *
 * Prints "raw Socket.IO is running at http://127.0.0.1:<port>" when it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const KEY = 'orders.count?window=today';
const ROOM = 'screen:bench';
let count = 0;
let version = 1;

const valueOf = () => ({
  key: KEY, id: 'orders.count', params: { window: 'today' },
  value: { kind: 'scalar', value: count, previous: 0 },
  version, asOf: new Date().toISOString(), computedAt: new Date().toISOString(), stale: false,
});

const http = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') { res.writeHead(404).end(); return; }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let records: unknown[];
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { records?: unknown };
      if (!Array.isArray(body.records)) throw new Error('expected { records: [...] }');
      records = body.records;
    } catch (err) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad_request', message: (err as Error).message } }));
      return;
    }
    count += records.length;
    version++;
    io.to(ROOM).emit('metrics', { values: { [KEY]: valueOf() } });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: records.length, rejected: [] }));
  });
});

const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 10_000 });
io.on('connection', (socket) => {
  socket.on('subscribe', (_body: unknown, ack?: unknown) => {
    void socket.join(ROOM);
    if (typeof ack === 'function') ack({ ok: true, snapshot: { epoch: 'raw', metrics: { [KEY]: valueOf() }, alerts: [], sources: [] } });
  });
});

http.listen(0, '127.0.0.1', () => {
  console.log(`raw Socket.IO is running at http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});

const stop = () => { io.close(() => process.exit(0)); };
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
