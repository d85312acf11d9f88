import { z } from 'zod';
import { channelBase, jsonChannel, secretUrl, urlEnv, type ChannelDeps } from './base';
import { defang } from './escape';
import { fitAlerts, utf8Bytes } from './fit';
import { channelName, checkVerdict, errcodeVerdict } from './http';
import { markdownAlerts, type MarkdownStyle } from './markdown';
import type { Channel } from './types';
import type { NoticeView } from './view';

/** WeCom (企业微信) group robot: one `markdown` message per batch. */
export const wecomConfigSchema = z.object({
  ...channelBase,
  kind: z.literal('wecom'),
  /** The robot's webhook URL (`…/cgi-bin/webhook/send?key=…`): the key is the credential. */
  url_env: urlEnv,
  /** WeCom user ids to @-mention (`<@userid>`) while alerts fire. */
  mention: z.array(z.string().regex(/^[A-Za-z0-9_.@-]+$/, 'a WeCom user id')).max(20).default([]),
}).strict();
export type WecomConfig = z.output<typeof wecomConfigSchema>;

/** `markdown.content` is at most 4096 bytes of UTF-8 (errcode 40058 beyond). */
export const WECOM_MARKDOWN_BYTES = 4096;

/** 45009: over 20 messages a minute for this robot; -1: system busy. Every other code is permanent (93000 bad key, 40058 too long, …). */
const RETRY: Record<number, number> = { 45009: 60_000, [-1]: 0 };

const STYLE: MarkdownStyle = { escape: defang, lineBreak: '\n' };

export function wecomMessage(view: NoticeView, mention: readonly string[]) {
  const color = view.status === 'firing' ? 'warning' : 'info';
  const tail = view.status === 'firing' && mention.length ? `\n\n${mention.map((u) => `<@${u}>`).join(' ')}` : '';
  const content = fitAlerts(view.alerts.length, WECOM_MARKDOWN_BYTES,
    (k) => `### <font color="${color}">${defang(view.header)}</font>\n\n${markdownAlerts(view, k, STYLE)}${tail}`, utf8Bytes);
  return { msgtype: 'markdown', markdown: { content } };
}

export function createWecomChannel(config: WecomConfig, deps: ChannelDeps): Channel {
  const url = secretUrl(deps.env, config.url_env, channelName('wecom', config.id));
  return jsonChannel({
    kind: 'wecom', config, deps,
    message: (view) => ({ url, body: wecomMessage(view, config.mention) }),
    check: (who, answer, now) => checkVerdict(who, answer, errcodeVerdict, RETRY, now),
  });
}
