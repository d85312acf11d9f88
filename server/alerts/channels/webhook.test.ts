import { describe, expect, it } from 'vitest';
import { batchOf, breachAlert, fakeFetch, resolvedAtRisk, sendFailure } from './fixtures';
import { alertmanagerMessage, createWebhookChannel, webhookConfigSchema } from './webhook';

const firing = breachAlert({ acknowledged: true });
const resolved = resolvedAtRisk();

describe('alertmanagerMessage (Alertmanager webhook payload, version 4)', () => {
  it('carries the group, the common labels and every alert, in webhook.go field order', () => {
    const msg = alertmanagerMessage(batchOf([firing, resolved]), 0);
    expect(msg).toEqual({
      receiver: 'ops', status: 'firing',
      alerts: [
        {
          status: 'firing', labels: firing.labels,
          annotations: { ...firing.annotations, acknowledged: 'true', late_s: '3900' },
          startsAt: '2025-03-10T04:31:00Z', endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'https://desk.example.com/tickets/4711', fingerprint: 'f4711',
        },
        {
          status: 'resolved', labels: resolved.labels, annotations: resolved.annotations,
          startsAt: '2025-03-10T05:00:00Z', endsAt: '2025-03-10T05:20:00Z',
          generatorURL: 'https://wall.example.com', fingerprint: 'f4712',
        },
      ],
      groupLabels: { group: 'L1', kind: 'breach' },
      commonLabels: { source: 'zd', metric: 'first_reply_time', cycle: '1' },
      commonAnnotations: { group: 'L1' },
      externalURL: 'https://wall.example.com', version: '4', groupKey: '{}/0:{group="L1", kind="breach"}', truncatedAlerts: 0,
    });
    expect(Object.keys(msg)).toEqual(['receiver', 'status', 'alerts', 'groupLabels', 'commonLabels', 'commonAnnotations', 'externalURL', 'version', 'groupKey', 'truncatedAlerts']);
    expect(Object.keys(msg.alerts[0]!)).toEqual(['status', 'labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint']);
  });
  it('truncates to max_alerts first, then derives status and common labels from what is sent', () => {
    const msg = alertmanagerMessage(batchOf([resolved, firing]), 1);
    expect([msg.alerts.length, msg.truncatedAlerts, msg.status]).toEqual([1, 1, 'resolved']);
    expect(msg.commonLabels).toEqual(resolved.labels);
  });
});

describe('webhook config', () => {
  it('takes exactly one of url and url_env', () => {
    expect(webhookConfigSchema.safeParse({ id: 'w', kind: 'webhook' }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ id: 'w', kind: 'webhook', url: 'https://a.example/h', url_env: 'H' }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ id: 'w', kind: 'webhook', url: 'ftp://a.example/h' }).success).toBe(false);
    expect(webhookConfigSchema.parse({ id: 'w', kind: 'webhook', url: 'https://a.example/h' })).toMatchObject({ max_alerts: 0, headers: {}, send_resolved: true, timeout: '10s' });
  });
});

describe('webhook channel', () => {
  const config = webhookConfigSchema.parse({
    id: 'hook', kind: 'webhook', url: 'https://receiver.example/alerts', bearer_token_env: 'HOOK_TOKEN',
    headers: { 'X-Team': 'ops', Authorization: 'replaced by the token' }, headers_env: { 'X-Api-Key': 'HOOK_KEY' },
  });
  const env = { HOOK_TOKEN: 'tok-secret', HOOK_KEY: 'key-secret' };

  it('posts JSON with the bearer token and the extra headers', async () => {
    const vendor = fakeFetch({ status: 200 });
    await createWebhookChannel(config, { env, timezone: 'UTC', fetch: vendor.fetch }).send(batchOf([firing]));
    const { headers, body, url } = vendor.calls[0]!;
    expect(url).toBe('https://receiver.example/alerts');
    expect([headers.get('authorization'), headers.get('x-team'), headers.get('x-api-key')]).toEqual(['Bearer tok-secret', 'ops', 'key-secret']);
    expect(JSON.parse(body).version).toBe('4');
  });
  it.each([[500, true], [503, true], [429, true], [400, false], [401, false], [404, false]])('HTTP %i is retryable: %s', async (status, retryable) => {
    const err = await sendFailure(() => createWebhookChannel(config, { env, timezone: 'UTC', fetch: fakeFetch({ status }).fetch }).send(batchOf([firing])));
    expect(err).toMatchObject({ retryable, code: status });
  });
  it('says which variable is missing, never the secrets', () => {
    expect(() => createWebhookChannel(config, { env: { HOOK_TOKEN: 'tok-secret' }, timezone: 'UTC' })).toThrow('webhook "hook": environment variable HOOK_KEY is not set');
  });
});
