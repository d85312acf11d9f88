import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake vendor saw: when it arrived, its URL, and when its connection closed. */
export interface SeenRequest { at: number; url: URL; headers: IncomingMessage['headers']; closedAt?: number; answered: boolean; status?: number }

/**
 * What the fake vendor answers, request by request. `ok` serves the record list (offset or cursor paging);
 * the others are the faults a real vendor shows.
 */
export type Fault =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'never' } // accepts the request and never answers
  | { kind: 'hang-mid-body' } // sends the headers and half a body, then nothing
  | { kind: 'malformed' };

export interface FakeVendor {
  url: string;
  /** The vendor's records (id → JSON), served in `modified` order; edit it to simulate changes. */
  records: Map<string, Record<string, unknown>>;
  requests: SeenRequest[];
  /** Faults to play, first one first; when empty, `ok`. */
  faults: Fault[];
  /** Milliseconds to wait before each `ok` answer. */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A vendor API on 127.0.0.1 that lists records changed since `updated_since` (ISO, inclusive), in
 * `updated_at` then id order, paged by `offset`/`limit` or by `cursor` (an opaque position) with a
 * `next_cursor` in the body, and `total` (the records that match) for backfill progress.
 */
export async function startFakeVendor(opts: { pageSize?: number } = {}): Promise<FakeVendor> {
  const open = new Set<ServerResponse>();
  const vendor: FakeVendor = { url: '', records: new Map(), requests: [], faults: [], delayMs: 0, close: async () => {} };

  function list(url: URL) {
    const since = url.searchParams.get('updated_since');
    const all = [...vendor.records.values()]
      .filter((r) => !since || Date.parse(r.modified as string) >= Date.parse(since))
      .sort((a, b) => Date.parse(a.modified as string) - Date.parse(b.modified as string) || String(a.id).localeCompare(String(b.id)));
    const limit = Number(url.searchParams.get('limit') ?? opts.pageSize ?? 50);
    const start = url.searchParams.has('cursor') ? Number(Buffer.from(url.searchParams.get('cursor')!, 'base64url').toString()) : Number(url.searchParams.get('offset') ?? 0);
    const page = all.slice(start, start + limit);
    const end = start + page.length;
    return { data: page, total: all.length, next_cursor: end < all.length ? Buffer.from(String(end)).toString('base64url') : null };
  }

  const server: Server = createServer((req, res) => {
    const seen: SeenRequest = { at: Date.now(), url: new URL(req.url!, 'http://vendor'), headers: req.headers, answered: false };
    vendor.requests.push(seen);
    open.add(res);
    res.on('close', () => { seen.closedAt = Date.now(); open.delete(res); });
    const fault = vendor.faults.shift() ?? { kind: 'ok' };
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      seen.answered = true;
      seen.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
    };
    switch (fault.kind) {
      case 'never': return;
      case 'hang-mid-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"data":[{"id":"half');
        return;
      case 'malformed': return answer(200, '{"data": [ {"id": "x", ');
      case 'status': return answer(fault.status, fault.body ?? JSON.stringify({ error: `status ${fault.status}` }), fault.headers);
      case 'ok': {
        const reply = () => { if (!res.destroyed) answer(200, JSON.stringify(list(seen.url))); };
        if (vendor.delayMs > 0) setTimeout(reply, vendor.delayMs); else reply();
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vendor.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vendor.close = () => new Promise<void>((resolve) => {
    for (const res of open) res.destroy();
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return vendor;
}

let serial = 0;
/** A vendor order as the fake serves it: its own field names, a nested amount, and fields no mapping reads. */
export function vendorOrder(over: Record<string, unknown> = {}, at = new Date()): Record<string, unknown> {
  const n = ++serial;
  return {
    id: `V-${String(n).padStart(6, '0')}`, state: 'open', total: { value: String(100 + n), currency: 'CNY' },
    created: at.toISOString(), modified: at.toISOString(), erp_code: `E${n}`, ...over,
  };
}

/** The http-json options that read the fake vendor. */
export function httpJsonOptions(url: string, paging: 'offset' | 'cursor', over: Record<string, unknown> = {}) {
  return {
    url: `${url}/api/orders`, entity: 'order', records_path: 'data', total_path: 'total',
    headers_env: { Authorization: 'FAKE_VENDOR_TOKEN' },
    fields: { id: 'id', status: 'state', amount: 'total.value', currency: 'total.currency', created_at: 'created', updated_at: 'modified' },
    values: { status: { open: 'new', done: 'delivered', archived: 'cancelled' } },
    paging: paging === 'offset' ? { type: 'offset', limit: 10 } : { type: 'cursor', next_path: 'next_cursor' },
    updated_since: { param: 'updated_since', overlap: '1m' },
    ...over,
  };
}
