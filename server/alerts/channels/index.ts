/**
 * Notification channels of the alerts room: one file per vendor (webhook, wecom, dingtalk, feishu, slack, teams,
 * email), the config schema that picks one by `kind`, and the delivery that queues, times out and retries sends.
 */
export { channelConfigSchema, createChannel, type ChannelConfig, type ChannelDeps, type ChannelKind } from './config';
export { createDelivery, DEFAULT_RETRY, type Delivery, type DeliveryOptions, type Outcome, type OutcomeInfo, type RetryPolicy } from './delivery';
export { ChannelError, type AlertNotice, type Channel, type NotificationBatch } from './types';
export { dingtalkSign } from './dingtalk';
export { feishuSign } from './feishu';
