import { z } from 'zod';
import type { ChannelDeps } from './base';
import { createDingtalkChannel, dingtalkConfigSchema } from './dingtalk';
import { createEmailChannel, emailConfigSchema } from './email';
import { createFeishuChannel, feishuConfigSchema } from './feishu';
import { createSlackChannel, slackConfigSchema } from './slack';
import { createTeamsChannel, teamsConfigSchema } from './teams';
import type { Channel } from './types';
import { createWebhookChannel, webhookConfigSchema } from './webhook';
import { createWecomChannel, wecomConfigSchema } from './wecom';

/** One entry of `alerts.channels` in the config file, by `kind`. Secrets are named by environment variable only. */
export const channelConfigSchema = z.discriminatedUnion('kind', [
  webhookConfigSchema, wecomConfigSchema, dingtalkConfigSchema, feishuConfigSchema, slackConfigSchema, teamsConfigSchema, emailConfigSchema,
]);
export type ChannelConfig = z.output<typeof channelConfigSchema>;
export type ChannelKind = ChannelConfig['kind'];

export type { ChannelDeps };

/**
 * The channel a config entry describes, its secrets read from `deps.env` now: a missing variable is an error
 * naming the channel and the variable, so a bad deployment stops at start rather than at the first alert.
 */
export function createChannel(config: ChannelConfig, deps: ChannelDeps): Channel {
  switch (config.kind) {
    case 'webhook': return createWebhookChannel(config, deps);
    case 'wecom': return createWecomChannel(config, deps);
    case 'dingtalk': return createDingtalkChannel(config, deps);
    case 'feishu': return createFeishuChannel(config, deps);
    case 'slack': return createSlackChannel(config, deps);
    case 'teams': return createTeamsChannel(config, deps);
    case 'email': return createEmailChannel(config, deps);
  }
}
