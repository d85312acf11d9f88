import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import type { MetricValue, SourceHealth } from '../../server/protocol';
import { getJson, startTestHub } from '../support/hub';

// Signatures are computed here from the vendors' documented formulas, not with the hub's code.
const ZD = { env: 'OPSWALL_TEST_ZENDESK_SECRET', secret: 'zd-signing-secret' };
const HS = { env: 'OPSWALL_TEST_HUBSPOT_SECRET', secret: 'hs-client-secret' };
const GEN = { env: 'OPSWALL_TEST_HMAC_SECRET', secret: 'generic-secret' };
let hub: Hub;

beforeAll(async () => {
  for (const s of [ZD, HS, GEN]) process.env[s.env] = s.secret;
  hub = await startTestHub({ config: {
    timezone: 'Asia/Shanghai',
    sources: [
      { id: 'zd', kind: 'push', format: 'zendesk', signature: { secret_env: ZD.env, scheme: 'zendesk' } },
      { id: 'hs', kind: 'push', format: 'hubspot', signature: { secret_env: HS.env, scheme: 'hubspot-v3' } },
      { id: 'gen', kind: 'push', signature: { secret_env: GEN.env, scheme: 'hmac-sha256' } },
    ],
  } });
});
afterAll(async () => { await hub?.close(); for (const s of [ZD, HS, GEN]) delete process.env[s.env]; });

const hmac = (secret: string, data: string) => createHmac('sha256', secret).update(data, 'utf8');
const records = async (id: string) => (await getJson<SourceHealth[]>(`${hub.url}/api/sources`)).body.find((s) => s.id === id)!.records;
const metric = async (path: string) => ((await getJson<MetricValue>(`${hub.url}/api/metrics/${path}`)).body.value as { value: number }).value;
const post = (source: string, body: string, headers: Record<string, string>) =>
  fetch(`${hub.url}/api/ingest/${source}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function expect401(res: Response, message?: RegExp) {
  expect(res.status).toBe(401);
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe('bad_signature');
  if (message) expect(error.message).toMatch(message);
}

describe('Zendesk webhook (format zendesk, scheme zendesk)', () => {
  /** X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(secret, timestamp + body)). */
  const zendeskHeaders = (body: string, at = new Date(), secret = ZD.secret) => {
    const timestamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { 'x-zendesk-webhook-signature': hmac(secret, timestamp + body).digest('base64'), 'x-zendesk-webhook-signature-timestamp': timestamp };
  };
  let serial = 0;
  const event = () => {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const id = String(35_000 + ++serial);
    return JSON.stringify({
      type: 'zen:event-type:ticket.status_changed', account_id: 88888888, id: `01HN-${id}`, time: now,
      zendesk_event_version: '2022-11-06', subject: `zen:ticket:${id}`,
      detail: { id, status: 'Open', priority: 'HIGH', subject: 'Printer on fire', created_at: now, updated_at: now, group_id: '0', via: { channel: 'web' } },
      event: { current: 'OPEN', previous: 'NEW' },
    });
  };

  it('a correctly signed ticket event is stored and counts as open', async () => {
    const [stored, open] = [await records('zd'), await metric('tickets.open')];
    const body = event();
    const res = await post('zd', body, zendeskHeaders(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await records('zd')).toBe(stored + 1);
    expect(await metric('tickets.open')).toBe(open + 1);
  });

  it('a tampered body, a wrong secret, a stale timestamp or no signature: 401, nothing stored', async () => {
    const stored = await records('zd');
    const body = event();
    await expect401(await post('zd', body.replace('Printer on fire', 'Printer fine'), zendeskHeaders(body)), /wrong Zendesk/);
    await expect401(await post('zd', body, zendeskHeaders(body, new Date(), 'not-the-secret')));
    await expect401(await post('zd', body, zendeskHeaders(body, new Date(Date.now() - 6 * 60_000))), /stale/);
    await expect401(await post('zd', body, {}), /missing/);
    expect(await records('zd')).toBe(stored);
  });
});

describe('HubSpot webhook (format hubspot, scheme hubspot-v3)', () => {
  const uri = () => `${hub.url}/api/ingest/hs`;
  /** X-HubSpot-Signature-v3 = base64(HMAC-SHA256(secret, method + uri + body + timestamp)), timestamp in epoch ms. */
  const hubspotHeaders = (body: string, at = Date.now(), secret = HS.secret) => ({
    'x-hubspot-signature-v3': hmac(secret, `POST${uri()}${body}${at}`).digest('base64'), 'x-hubspot-request-timestamp': String(at),
  });
  const change = (objectId: number, propertyName: string, propertyValue: string, occurredAt = Date.now()) => ({
    eventId: Math.floor(Math.random() * 1e9), subscriptionId: 1, portalId: 62515, appId: 54321, occurredAt,
    subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId, propertyName, propertyValue, changeSource: 'CRM',
  });

  it('a signed canonical seed, then signed property changes update the known deal; the rest is rejected by index', async () => {
    const created = new Date(Date.now() - 60_000).toISOString();
    const seed = JSON.stringify({ records: [{ type: 'deal', id: '5001', stage: 'qualified', amount: 1000, created_at: created, updated_at: created }] });
    const seeded = await post('hs', seed, hubspotHeaders(seed));
    expect(seeded.status).toBe(200);
    expect(await seeded.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await metric('deals.pipeline_value')).toBe(1000);

    const t = Date.now();
    const events = JSON.stringify([
      change(5001, 'amount', '2500', t), change(5001, 'dealstage', 'contractsent', t + 1),
      change(9999, 'amount', '1', t), change(5001, 'hs_priority', 'high', t),
    ]);
    const res = await post('hs', events, hubspotHeaders(events));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { accepted: number; rejected: { index: number; error: string }[] };
    expect(answer.accepted).toBe(2);
    expect(answer.rejected.map((r) => r.index)).toEqual([2, 3]);
    expect(answer.rejected[0]!.error).toMatch(/deal 9999 is not stored/);
    expect(answer.rejected[1]!.error).toMatch(/hs_priority/);
    expect(await metric('deals.pipeline_value')).toBe(2500);
    expect(await metric('deals.pipeline_value?weighted=true')).toBe(2500 * 0.75); // negotiation
    expect(await records('hs')).toBe(1);
  });

  it('a tampered body, a wrong secret, a stale timestamp or no signature: 401, nothing stored', async () => {
    const before = await metric('deals.pipeline_value');
    const body = JSON.stringify([change(5001, 'amount', '9000')]);
    await expect401(await post('hs', body.replace('9000', '9999'), hubspotHeaders(body)), /wrong HubSpot/);
    await expect401(await post('hs', body, hubspotHeaders(body, Date.now(), 'not-the-secret')));
    await expect401(await post('hs', body, hubspotHeaders(body, Date.now() - 6 * 60_000)), /stale/);
    await expect401(await post('hs', body, {}), /missing/);
    expect(await metric('deals.pipeline_value')).toBe(before);
  });
});

describe('generic signed push (format canonical, scheme hmac-sha256)', () => {
  /** X-OpsWall-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>. */
  const signed = (body: string, secret = GEN.secret) => ({ 'x-opswall-signature': `sha256=${hmac(secret, body).digest('hex')}` });
  const now = new Date().toISOString();
  const body = JSON.stringify({ records: [{ type: 'order', id: 'G-1', status: 'new', amount: 42, created_at: now, updated_at: now }] });

  it('a signed batch is stored', async () => {
    const res = await post('gen', body, signed(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await records('gen')).toBe(1);
  });

  it('the signature covers the raw bytes: the same JSON re-spaced, a wrong secret or no header is 401', async () => {
    const respaced = JSON.stringify(JSON.parse(body.replace('G-1', 'G-2')), null, 2);
    await expect401(await post('gen', respaced, signed(body.replace('G-1', 'G-2'))), /wrong/);
    await expect401(await post('gen', body, signed(body, 'not-the-secret')));
    await expect401(await post('gen', body, {}), /missing/);
    expect(await records('gen')).toBe(1);
  });
});
