import { startVendorServer, type VendorHandler, type VendorReply, type VendorRequest } from '../../../server/demo/vendor-servers/http';

export type FakeRequest = VendorRequest;
export type FakeReply = VendorReply;
export type FakeHandler = VendorHandler;

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
  const server = await startVendorServer((req) => {
    requests.push(req);
    return queue.shift() ?? handler(req);
  });
  return { url: server.url, requests, queue, close: () => server.close() };
}
