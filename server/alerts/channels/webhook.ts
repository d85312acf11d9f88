import { z } from 'zod';
import { envVarName } from '../../fields';
import { channelBase, jsonChannel, secret, secretUrl, type ChannelDeps } from './base';
import { channelName, checkHttp } from './http';
import type { AlertNotice, Channel, NotificationBatch } from './types';

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name');

/** A generic webhook receiving Prometheus Alertmanager's webhook payload (version "4"). */
export const webhookConfigSchema = z.object({
  ...channelBase,
  kind: z.literal('webhook'),
  /** The receiver's URL, when it holds no secret; else `url_env`. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  url_env: envVarName.optional(),
  /** Sent as `Authorization: Bearer <token>`. */
  bearer_token_env: envVarName.optional(),
  /** Extra headers: plain values here, secret ones by the name of their variable. */
  headers: z.record(headerName, z.string()).default({}),
  headers_env: z.record(headerName, envVarName).default({}),
  /** At most this many alerts a message, the rest counted in `truncatedAlerts` (0: all). */
  max_alerts: z.number().int().min(0).default(0),
}).strict().refine((c) => (c.url === undefined) !== (c.url_env === undefined), { message: 'give exactly one of url and url_env', path: ['url'] });
export type WebhookConfig = z.output<typeof webhookConfigSchema>;

/** Alertmanager's `endsAt` for an alert still firing (Go's zero time). */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The name/value pairs every record shares, as Alertmanager's commonLabels and commonAnnotations. */
function common(records: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = records;
  return Object.fromEntries(Object.entries(first ?? {}).filter(([k, v]) => rest.every((r) => r[k] === v)));
}

function amAlert(a: AlertNotice, batch: NotificationBatch) {
  return {
    status: a.status, labels: a.labels,
    // What Alertmanager has no field for travels as annotations (strings, as all annotations are).
    annotations: { ...a.annotations, ...(a.acknowledged ? { acknowledged: 'true' } : {}), ...(a.late_s !== undefined ? { late_s: String(a.late_s) } : {}), ...(a.unconfirmed ? { unconfirmed: 'true' } : {}) },
    startsAt: a.starts_at, endsAt: a.status === 'resolved' && a.ends_at ? a.ends_at : ZERO_TIME,
    generatorURL: a.url ?? batch.external_url, fingerprint: a.fingerprint,
  };
}

/** Alertmanager's webhook message: truncation first, then status and the common labels of what is sent (as webhook.go does). */
export function alertmanagerMessage(batch: NotificationBatch, maxAlerts: number) {
  const alerts = maxAlerts > 0 ? batch.alerts.slice(0, maxAlerts) : batch.alerts;
  const sent = alerts.map((a) => amAlert(a, batch));
  return {
    receiver: batch.receiver, status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved', alerts: sent,
    groupLabels: batch.group_labels, commonLabels: common(sent.map((a) => a.labels)), commonAnnotations: common(sent.map((a) => a.annotations)),
    externalURL: batch.external_url, version: '4', groupKey: batch.group_key, truncatedAlerts: batch.alerts.length - alerts.length,
  };
}

export function createWebhookChannel(config: WebhookConfig, deps: ChannelDeps): Channel {
  const who = channelName('webhook', config.id);
  const url = config.url_env ? secretUrl(deps.env, config.url_env, who) : new URL(config.url!);
  // Lower-case names, so that a configured header and the bearer token cannot both be sent.
  const headers = Object.fromEntries(Object.entries(config.headers).map(([name, value]) => [name.toLowerCase(), value]));
  for (const [name, env] of Object.entries(config.headers_env)) headers[name.toLowerCase()] = secret(deps.env, env, who);
  if (config.bearer_token_env) headers.authorization = `Bearer ${secret(deps.env, config.bearer_token_env, who)}`;
  return jsonChannel({
    kind: 'webhook', config, deps,
    message: (_view, batch) => ({ url, body: alertmanagerMessage(batch, config.max_alerts), headers }),
    // 2xx is success, 429 and 5xx are retried, any other status is permanent (as Alertmanager's retrier).
    check: checkHttp,
  });
}
