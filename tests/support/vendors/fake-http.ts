import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest { method: string; path: string; url: URL; headers: IncomingMessage['headers']; body: string }
export interface FakeReply { status?: number; headers?: Record<string, string | string[]>; body?: unknown; raw?: string }
export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Replies queued here are sent (first in, first out) before the handler is asked. */
  queue: FakeReply[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port, playing a vendor API through `handler`. */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const queue: FakeReply[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const fake: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(fake);
      Promise.resolve(queue.shift() ?? handler(fake)).then((reply) => {
        const raw = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(raw);
      }, (err: unknown) => { res.writeHead(500); res.end(String(err)); });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, requests, queue,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

