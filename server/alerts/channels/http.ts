import { retryAfterMs } from '../../net';
import { ChannelError } from './types';

export type Fetch = typeof fetch;

export interface HttpAnswer { status: number; text: string; headers: Headers }

const EXCERPT = 200;

/** `wecom "ops-chat"`: how messages name a channel (never by its URL, which holds the key). */
export const channelName = (kind: string, id: string) => `${kind} "${id}"`;

/**
 * POSTs a JSON body and returns the answer whatever its status; only a failure to get an answer throws
 * (retryable: the network, a refused connection, the delivery's timeout). Errors never name the URL.
 */
export async function postJson(fetchFn: Fetch, url: URL, body: unknown, o: { who: string; signal?: AbortSignal; headers?: Record<string, string> }): Promise<HttpAnswer> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: 'POST', body: JSON.stringify(body), redirect: 'error', ...(o.signal ? { signal: o.signal } : {}),
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'OpsWall', ...o.headers },
    });
    return { status: res.status, text: await res.text(), headers: res.headers };
  } catch (err) {
    if (o.signal?.aborted) throw new ChannelError(`${o.who}: no answer in time (aborted)`, true, 'timeout');
    throw new ChannelError(`${o.who}: request failed: ${causeOf(err)}`, true, 'network');
  }
}

/**
 * The error an HTTP status means, or undefined for 2xx: 429 and 5xx (and 408) are worth a retry, honouring
 * Retry-After; any other 4xx is a configuration problem (a wrong URL, a revoked hook) that a retry cannot fix.
 */
export function httpError(who: string, answer: HttpAnswer, now = Date.now()): ChannelError | undefined {
  const { status, text } = answer;
  if (status >= 200 && status < 300) return undefined;
  const retryable = status === 429 || status === 408 || status >= 500;
  const after = retryAfterMs(answer.headers.get('retry-after'), now);
  return new ChannelError(`${who}: HTTP ${status}${text ? `: ${excerpt(text)}` : ''}`, retryable, status, retryable ? after : undefined);
}

/** Throws the error a non-2xx status means. */
export function checkHttp(who: string, answer: HttpAnswer, now = Date.now()): void {
  const failed = httpError(who, answer, now);
  if (failed) throw failed;
}

/** A vendor's error text, short and on one line, for messages and logs. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}

/** The answer's JSON object, or undefined when it is not one. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch { return undefined; }
}

function causeOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}

/** A vendor's verdict read from its JSON body: 0 is success. */
export interface Verdict { code?: number; msg?: string }

/**
 * For the bots that answer HTTP 200 when they refuse a message (WeCom, DingTalk, Feishu): the HTTP status
 * first, then the code in the body. `retry` lists the codes worth a retry, each with the wait its throttle
 * asks for (0: the usual backoff); every other code is permanent.
 */
export function checkVerdict(
  who: string, answer: HttpAnswer, read: (body: Record<string, unknown>) => Verdict, retry: Readonly<Record<number, number>>, now = Date.now(),
): void {
  checkHttp(who, answer, now);
  const body = jsonObject(answer.text);
  const { code, msg } = body ? read(body) : {};
  if (code === 0) return;
  if (code === undefined) throw new ChannelError(`${who}: HTTP ${answer.status} without the vendor's JSON answer: ${excerpt(answer.text)}`, true, 'bad_answer');
  const wait = retry[code];
  throw new ChannelError(`${who}: error ${code}${msg ? ` ${excerpt(msg)}` : ''}`, wait !== undefined, code, wait || undefined);
}

/** WeCom's and DingTalk's `{ errcode, errmsg }`. */
export const errcodeVerdict = (b: Record<string, unknown>): Verdict => ({
  code: typeof b.errcode === 'number' ? b.errcode : undefined, msg: typeof b.errmsg === 'string' ? b.errmsg : undefined,
});
