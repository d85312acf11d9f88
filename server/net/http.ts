import { RetryLaterError } from './errors';

/**
 * HTTP helpers the connectors and the notification channels share: JSON requests with errors that name
 * the call, Retry-After, basic auth, URL joining. A leaf: it imports neither room.
 */

/** A vendor answered with an HTTP error (other than a throttle, which is a RetryLaterError). */
export class HttpError extends Error {
  /** `body` is the raw response text, for connectors that classify errors by the vendor's error code. */
  constructor(message: string, readonly status: number, readonly url: string, readonly body = '') { super(message); this.name = 'HttpError'; }
}

export interface JsonRequest {
  /** The poll's signal: aborted when the poll times out. Required so no request outlives its poll. */
  signal: AbortSignal;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as JSON (POST). */
  body?: unknown;
  /** Wait this long when a 429 carries no (readable) Retry-After. Default 60 s. */
  defaultRetryMs?: number;
  now?: () => number;
}

export interface JsonResponse<T> { status: number; headers: Headers; body: T }

const EXCERPT = 300;

/**
 * One JSON request to a vendor. Errors name the method, URL and status (and an excerpt of the body);
 * a 429 becomes a RetryLaterError honouring Retry-After (seconds or an HTTP date); a body that is not
 * JSON is an error saying so. Credentials go in `headers`, never in the URL, so messages are safe to log.
 */
export async function requestJson<T = unknown>(url: string | URL, req: JsonRequest): Promise<JsonResponse<T>> {
  const method = req.method ?? 'GET';
  const where = `${method} ${redact(url)}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method, signal: req.signal,
      headers: { accept: 'application/json', ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers },
      ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
    });
  } catch (err) {
    if (req.signal.aborted) throw new Error(`${where}: aborted (poll timed out)`, { cause: err });
    throw new Error(`${where}: ${causeOf(err)}`, { cause: err });
  }
  const text = await res.text().catch((err: unknown) => { throw new Error(`${where}: reading the body failed: ${causeOf(err)}`, { cause: err }); });
  if (res.status === 429) {
    const waitMs = retryAfterMs(res.headers.get('retry-after'), req.now?.() ?? Date.now()) ?? req.defaultRetryMs ?? 60_000;
    throw new RetryLaterError(`${where} → 429 Too Many Requests; retry in ${Math.ceil(waitMs / 1000)} s`, waitMs);
  }
  if (!res.ok) {
    throw new HttpError(`${where} → ${res.status} ${res.statusText}${text ? `: ${text.slice(0, EXCERPT)}` : ''}`, res.status, String(url), text);
  }
  try {
    return { status: res.status, headers: res.headers, body: JSON.parse(text) as T };
  } catch {
    throw new Error(`${where} → ${res.status} but the body is not JSON: ${JSON.stringify(text.slice(0, EXCERPT))}`);
  }
}

/** A JSON GET (see requestJson). */
export function getJson<T = unknown>(url: string | URL, req: Omit<JsonRequest, 'method' | 'body'>): Promise<JsonResponse<T>> {
  return requestJson<T>(url, { ...req, method: 'GET' });
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** `Authorization: Basic …` for a user and password. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Joins a base URL (with or without a trailing slash) and a path starting with "/". */
export function joinUrl(base: string, path: string): URL {
  return new URL(base.replace(/\/+$/, '') + path);
}

function redact(url: string | URL): string {
  const u = new URL(String(url));
  u.username = '';
  u.password = '';
  return u.toString();
}

function causeOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}
