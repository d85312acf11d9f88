import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryLaterError } from '../scheduler';
import { basicAuth, getJson, HttpError, joinUrl, retryAfterMs, secretFrom } from './http';

let server: Server;
let base: string;
const signal = () => new AbortController().signal;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => { res.writeHead(status, { 'content-type': 'application/json', ...headers }); res.end(body); };
    if (path === '/ok') return reply(200, JSON.stringify({ auth: req.headers.authorization ?? null }));
    if (path === '/401') return reply(401, '{"error":"Couldn\'t authenticate you"}');
    if (path === '/html') return reply(200, '<html>maintenance</html>');
    if (path === '/429') return reply(429, '{"error":"APIRateLimitExceeded"}', { 'retry-after': '41' });
    if (path === '/429-bare') return reply(429, '');
    if (path === '/slow') return void setTimeout(() => reply(200, '{}'), 2_000);
    reply(404, '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

describe('getJson', () => {
  it('parses JSON and sends the given headers', async () => {
    const res = await getJson<{ auth: string }>(`${base}/ok`, { signal: signal(), headers: { authorization: basicAuth('key', 'X') } });
    expect(res.status).toBe(200);
    expect(res.body.auth).toBe(`Basic ${Buffer.from('key:X').toString('base64')}`);
  });

  it('an HTTP error names the method, URL and status, with the body', async () => {
    const err = await getJson(`${base}/401`, { signal: signal() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(401);
    expect((err as HttpError).message).toBe(`GET ${base}/401 → 401 Unauthorized: {"error":"Couldn't authenticate you"}`);
  });

  it('a body that is not JSON is an error saying so', async () => {
    await expect(getJson(`${base}/html`, { signal: signal() })).rejects.toThrow(`GET ${base}/html → 200 but the body is not JSON: "<html>maintenance</html>"`);
  });

  it('429 becomes RetryLaterError with Retry-After, or the default wait', async () => {
    const err = await getJson(`${base}/429`, { signal: signal() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(41_000);
    expect((err as Error).message).toContain(`${base}/429 → 429`);
    const bare = await getJson(`${base}/429-bare`, { signal: signal(), defaultRetryMs: 5_000 }).catch((e: unknown) => e);
    expect((bare as RetryLaterError).retryAfterMs).toBe(5_000);
  });

  it('the signal aborts a request in flight', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(getJson(`${base}/slow`, { signal: controller.signal })).rejects.toThrow(/aborted/);
  });

  it('a refused connection names the URL', async () => {
    await expect(getJson('http://127.0.0.1:1/x', { signal: signal() })).rejects.toThrow('GET http://127.0.0.1:1/x: fetch failed');
  });
});

describe('helpers', () => {
  it('retryAfterMs reads seconds and HTTP dates', () => {
    const now = Date.parse('2025-03-14T10:05:00Z');
    expect(retryAfterMs('37', now)).toBe(37_000);
    expect(retryAfterMs('Fri, 14 Mar 2025 10:06:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('secretFrom names the missing variable and the source', () => {
    expect(secretFrom({ T: 'x' }, 'T', 's')).toBe('x');
    expect(() => secretFrom({}, 'ZENDESK_TOKEN', 'zd')).toThrow('source "zd": environment variable ZENDESK_TOKEN is not set');
  });

  it('joinUrl keeps a base path and drops a trailing slash', () => {
    expect(joinUrl('https://h.example/zammad/', '/api/v1/x').toString()).toBe('https://h.example/zammad/api/v1/x');
  });
});
