import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VendorRequest { method: string; path: string; url: URL; headers: IncomingHttpHeaders; body: string }
export interface VendorReply { status?: number; headers?: Record<string, string | string[]>; body?: unknown; raw?: string }
export type VendorHandler = (req: VendorRequest) => VendorReply | Promise<VendorReply>;

export interface VendorServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Requests answered so far. */
  readonly served: number;
  close(): Promise<void>;
}

/** Request bodies beyond this are refused: the simulated APIs take small JSON queries at most. */
const MAX_BODY = 1 << 20;

/**
 * A JSON HTTP server on 127.0.0.1 and a free port, playing a vendor API through `handler` (the built-in
 * demo's simulated vendors, and the tests' fakes). A handler that throws answers 500 with its message.
 */
export async function startVendorServer(handler: VendorHandler): Promise<VendorServer> {
  let served = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => { size += c.length; if (size <= MAX_BODY) chunks.push(c); });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: VendorRequest = { method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const reply = size > MAX_BODY ? Promise.resolve<VendorReply>({ status: 413, body: { error: 'request body too large' } })
        : new Promise<VendorReply>((resolve) => resolve(handler(request)));
      reply.then((r) => {
        const raw = r.raw ?? (r.body === undefined ? '' : JSON.stringify(r.body));
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
        res.end(raw);
      }, (err: unknown) => { res.writeHead(500); res.end(err instanceof Error ? err.message : String(err)); })
        .finally(() => { served++; });
    });
  });
  // Idle connections are kept a minute (Node's default is 5 s): when the process was busy past the timeout (the hub or a
  // test catching its simulated company up), the client's next request and the server's close of that connection would
  // otherwise run in the same turn, and the request fail with ECONNRESET.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get served() { return served; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
