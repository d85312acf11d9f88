import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hubspotUri, verifyHmacSha256, verifyHubspotV3, verifyZendesk, type SignedRequest } from './webhook-signature';

// The reference gives no worked examples for these schemes: expected values come from the documented formulas.
const NOW = Date.parse('2025-03-14T10:00:00Z');
const request = (body: string, headers: Record<string, string>, url = 'https://wall.example.com/api/ingest/hs'): SignedRequest =>
  ({ header: (n) => headers[n.toLowerCase()], body: Buffer.from(body), method: 'POST', url });

describe('verifyZendesk', () => {
  const body = '{"type":"zen:event-type:ticket.created"}';
  const sign = (ts: string, secret = 's3cret') => createHmac('sha256', secret).update(ts + body).digest('base64');
  it('accepts base64(HMAC(secret, timestamp + body)) within 5 minutes either way', () => {
    for (const ts of ['2025-03-14T10:00:00Z', '2025-03-14T09:55:30Z', '2025-03-14T10:04:59Z']) {
      expect(verifyZendesk('s3cret', request(body, { 'x-zendesk-webhook-signature': sign(ts), 'x-zendesk-webhook-signature-timestamp': ts }), NOW)).toEqual({ ok: true });
    }
  });
  it('refuses a stale timestamp, a wrong secret, a different timestamp, and missing headers', () => {
    const stale = '2025-03-14T09:54:59Z';
    expect(verifyZendesk('s3cret', request(body, { 'x-zendesk-webhook-signature': sign(stale), 'x-zendesk-webhook-signature-timestamp': stale }), NOW))
      .toMatchObject({ ok: false, reason: expect.stringMatching(/stale/) });
    const ts = '2025-03-14T10:00:00Z';
    expect(verifyZendesk('s3cret', request(body, { 'x-zendesk-webhook-signature': sign(ts, 'other'), 'x-zendesk-webhook-signature-timestamp': ts }), NOW).ok).toBe(false);
    expect(verifyZendesk('s3cret', request(body, { 'x-zendesk-webhook-signature': sign(ts), 'x-zendesk-webhook-signature-timestamp': '2025-03-14T10:00:01Z' }), NOW).ok).toBe(false);
    expect(verifyZendesk('s3cret', request(body, {}), NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/missing/) });
  });
});

describe('verifyHubspotV3', () => {
  const body = '[{"objectId":1,"subscriptionType":"deal.propertyChange"}]';
  const url = 'https://wall.example.com/api/ingest/hs?x=a%3Ab';
  const sign = (ts: string) => createHmac('sha256', 'client-secret').update(`POSThttps://wall.example.com/api/ingest/hs?x=a:b${body}${ts}`).digest('base64');
  it('signs method + URI (HubSpot\'s escapes decoded) + body + timestamp', () => {
    const ts = String(NOW - 60_000);
    expect(verifyHubspotV3('client-secret', request(body, { 'x-hubspot-signature-v3': sign(ts), 'x-hubspot-request-timestamp': ts }, url), NOW)).toEqual({ ok: true });
  });
  it('refuses a timestamp over 5 minutes old, and a non-numeric one', () => {
    const ts = String(NOW - 300_001);
    expect(verifyHubspotV3('client-secret', request(body, { 'x-hubspot-signature-v3': sign(ts), 'x-hubspot-request-timestamp': ts }, url), NOW))
      .toMatchObject({ ok: false, reason: expect.stringMatching(/stale/) });
    expect(verifyHubspotV3('client-secret', request(body, { 'x-hubspot-signature-v3': sign('x'), 'x-hubspot-request-timestamp': 'x' }, url), NOW).ok).toBe(false);
  });
  it('decodes exactly the listed escapes', () => {
    expect(hubspotUri('https://h/p?a=%3a%2F%3F%40%21%24%27%28%29%2A%2C%3B&b=%20%26')).toBe("https://h/p?a=:/?@!$'()*,;&b=%20%26");
  });
});

describe('verifyHmacSha256', () => {
  const body = '{"records":[]}';
  const hex = createHmac('sha256', 'k').update(body).digest('hex');
  it('accepts sha256=<hex> of the raw body, in either case', () => {
    expect(verifyHmacSha256('k', request(body, { 'x-opswall-signature': `sha256=${hex}` }))).toEqual({ ok: true });
    expect(verifyHmacSha256('k', request(body, { 'x-opswall-signature': `sha256=${hex.toUpperCase()}` }))).toEqual({ ok: true });
  });
  it('refuses another body, a malformed header and none', () => {
    expect(verifyHmacSha256('k', request(`${body} `, { 'x-opswall-signature': `sha256=${hex}` })).ok).toBe(false);
    expect(verifyHmacSha256('k', request(body, { 'x-opswall-signature': hex })).ok).toBe(false);
    expect(verifyHmacSha256('k', request(body, {})).ok).toBe(false);
  });
});
