import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signed timestamp may be from the hub's clock, either way. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export type SignatureScheme = 'zendesk' | 'hubspot-v3' | 'hmac-sha256';
export type Verdict = { ok: true } | { ok: false; reason: string };

/** What a verifier needs of a request: its headers (lower-case names), the raw body bytes, and for hubspot-v3 the method and URL. */
export interface SignedRequest {
  header(name: string): string | undefined;
  body: Buffer;
  method: string;
  url: string;
}

const hmac = (secret: string, ...parts: (string | Buffer)[]) => {
  const mac = createHmac('sha256', secret);
  for (const p of parts) mac.update(p);
  return mac.digest();
};

/** Timing-safe comparison of a computed digest with what the sender gave (already decoded). */
const sameDigest = (expected: Buffer, given: Buffer) => given.length === expected.length && timingSafeEqual(expected, given);

const fail = (reason: string): Verdict => ({ ok: false, reason });

function withinWindow(at: number, now: number): Verdict {
  if (!Number.isFinite(at)) return fail('the signature timestamp is not a valid time');
  if (Math.abs(now - at) > SIGNATURE_WINDOW_MS) {
    return fail(`the signature timestamp is ${Math.round(Math.abs(now - at) / 1000)} s from the hub's clock (at most ${SIGNATURE_WINDOW_MS / 1000} s allowed): stale or replayed`);
  }
  return { ok: true };
}

/** Base64 as senders write it; anything else decodes to nothing and so never matches. */
const fromBase64 = (s: string) => (/^[A-Za-z0-9+/]+={0,2}$/.test(s) ? Buffer.from(s, 'base64') : Buffer.alloc(0));

/**
 * Zendesk webhooks: `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(secret, timestamp + body)) with
 * `X-Zendesk-Webhook-Signature-Timestamp` (ISO 8601) as sent.
 */
export function verifyZendesk(secret: string, req: SignedRequest, now: number): Verdict {
  const signature = req.header('x-zendesk-webhook-signature');
  const timestamp = req.header('x-zendesk-webhook-signature-timestamp');
  if (!signature || !timestamp) return fail('missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp');
  const window = withinWindow(Date.parse(timestamp), now);
  if (!window.ok) return window;
  return sameDigest(hmac(secret, timestamp, req.body), fromBase64(signature.trim())) ? { ok: true } : fail('wrong Zendesk webhook signature');
}

/**
 * The URI as HubSpot signs it: the full URL with these percent-escapes decoded
 * (HubSpot's v3 rule): %3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 ' %28 ( %29 ) %2A * %2C , %3B ;
 */
export function hubspotUri(url: string): string {
  const decoded: Record<string, string> = { '3A': ':', '2F': '/', '3F': '?', '40': '@', '21': '!', '24': '$', '27': "'", '28': '(', '29': ')', '2A': '*', '2C': ',', '3B': ';' };
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (_m, hex: string) => decoded[hex.toUpperCase()]!);
}

/**
 * HubSpot v3: `X-HubSpot-Signature-v3` = base64(HMAC-SHA256(secret, method + uri + body + timestamp)) with
 * `X-HubSpot-Request-Timestamp` (epoch ms); a timestamp more than 5 minutes off is refused.
 */
export function verifyHubspotV3(secret: string, req: SignedRequest, now: number): Verdict {
  const signature = req.header('x-hubspot-signature-v3');
  const timestamp = req.header('x-hubspot-request-timestamp');
  if (!signature || !timestamp) return fail('missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp');
  const window = withinWindow(/^\d+$/.test(timestamp) ? Number(timestamp) : NaN, now);
  if (!window.ok) return window;
  const expected = hmac(secret, req.method.toUpperCase(), hubspotUri(req.url), req.body, timestamp);
  return sameDigest(expected, fromBase64(signature.trim())) ? { ok: true } : fail('wrong HubSpot v3 signature');
}

/** Generic: `X-OpsWall-Signature: sha256=<hex>` = HMAC-SHA256(secret, raw body). No timestamp, so no replay window. */
export function verifyHmacSha256(secret: string, req: SignedRequest): Verdict {
  const header = req.header('x-opswall-signature');
  if (!header) return fail('missing X-OpsWall-Signature');
  const hex = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim())?.[1];
  if (!hex) return fail('X-OpsWall-Signature must be "sha256=<64 hex digits>"');
  return sameDigest(hmac(secret, req.body), Buffer.from(hex, 'hex')) ? { ok: true } : fail('wrong X-OpsWall-Signature');
}

export function verifySignature(scheme: SignatureScheme, secret: string, req: SignedRequest, now: number): Verdict {
  if (scheme === 'zendesk') return verifyZendesk(secret, req, now);
  if (scheme === 'hubspot-v3') return verifyHubspotV3(secret, req, now);
  return verifyHmacSha256(secret, req);
}
