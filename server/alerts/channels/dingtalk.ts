import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { channelBase, jsonChannel, securedBotFields, securedBotSecrets, withKeyword, type ChannelDeps } from './base';
import { defang } from './escape';
import { fitAlerts, jsonBytes } from './fit';
import { checkVerdict, errcodeVerdict } from './http';
import { markdownAlerts, type MarkdownStyle } from './markdown';
import type { Channel } from './types';
import type { NoticeView } from './view';

/** DingTalk (钉钉) custom robot: one `markdown` message per batch; keyword, IP and signing security all work. */
export const dingtalkConfigSchema = z.object({
  ...channelBase,
  kind: z.literal('dingtalk'),
  /** url_env: `…/robot/send?access_token=…`; secret_env: the `SEC…` secret; keyword. */
  ...securedBotFields,
  /** Mobiles and user ids to @-mention while alerts fire, or everyone. */
  at_mobiles: z.array(z.string().regex(/^\+?[0-9-]{5,20}$/, 'a mobile number')).max(20).default([]),
  at_user_ids: z.array(z.string().regex(/^[A-Za-z0-9_.@-]+$/, 'a DingTalk user id')).max(20).default([]),
  at_all: z.boolean().default(false),
}).strict();
export type DingtalkConfig = z.output<typeof dingtalkConfigSchema>;

/** The whole body must stay under 20000 bytes (errcode 460101 beyond). */
export const DINGTALK_BODY_BYTES = 20_000;

/** 130101: over 20 messages a minute (throttled for a while); -1: system busy. 310000 (sign, keyword, IP), 300005 (token), 460101 (size) are permanent. */
const RETRY: Record<number, number> = { 130101: 60_000, [-1]: 0 };

/** DingTalk's markdown guide asks for two spaces on each side of "\n" to break a line. */
const STYLE: MarkdownStyle = { escape: defang, lineBreak: '  \n  ' };

/** 加签: base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), timestamp in milliseconds. */
export function dingtalkSign(secretKey: string, timestampMs: number): string {
  return createHmac('sha256', secretKey).update(`${timestampMs}\n${secretKey}`).digest('base64');
}

/** The webhook URL with `timestamp` and `sign`; URLSearchParams does the single URL-encoding of the base64. */
export function dingtalkSignedUrl(webhook: URL, secretKey: string, timestampMs: number): URL {
  const url = new URL(webhook);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingtalkSign(secretKey, timestampMs));
  return url;
}

type Mentions = Pick<DingtalkConfig, 'keyword' | 'at_mobiles' | 'at_user_ids' | 'at_all'>;

export function dingtalkMessage(view: NoticeView, o: Mentions) {
  const title = withKeyword(view.header, o.keyword);
  const firing = view.status === 'firing';
  // An @ shows only when the mobile or user id also stands in the text.
  const ats = firing ? [...o.at_mobiles, ...o.at_user_ids].map((m) => `@${m}`).join(' ') : '';
  const at = firing ? { atMobiles: o.at_mobiles, atUserIds: o.at_user_ids, isAtAll: o.at_all } : { isAtAll: false };
  return fitAlerts(view.alerts.length, DINGTALK_BODY_BYTES, (k) => ({
    msgtype: 'markdown',
    markdown: { title, text: `#### ${withKeyword(defang(view.header), o.keyword)}\n\n${markdownAlerts(view, k, STYLE)}${ats ? `\n\n${ats}` : ''}` },
    at,
  }), jsonBytes);
}

export function createDingtalkChannel(config: DingtalkConfig, deps: ChannelDeps): Channel {
  const { url, signing } = securedBotSecrets('dingtalk', config, deps.env);
  return jsonChannel({
    kind: 'dingtalk', config, deps,
    message: (view, _batch, now) => ({ url: signing ? dingtalkSignedUrl(url, signing, now) : url, body: dingtalkMessage(view, config) }),
    check: (name, answer, now) => checkVerdict(name, answer, errcodeVerdict, RETRY, now),
  });
}
