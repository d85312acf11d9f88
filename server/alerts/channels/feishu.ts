import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { channelBase, jsonChannel, securedBotFields, securedBotSecrets, withKeyword, type ChannelDeps } from './base';
import { feishuEscape } from './escape';
import { fitAlerts, jsonBytes } from './fit';
import { checkVerdict, type Verdict } from './http';
import { markdownAlert, type MarkdownStyle } from './markdown';
import type { Channel } from './types';
import type { AlertView, NoticeView } from './view';

/** Feishu / Lark custom bot: an interactive card (markdown) or a rich-text post per batch, signed when a secret is set. */
export const feishuConfigSchema = z.object({
  ...channelBase,
  kind: z.literal('feishu'),
  /** url_env: `…/open-apis/bot/v2/hook/<id>`; secret_env; keyword. */
  ...securedBotFields,
  format: z.enum(['card', 'post']).default('card'),
}).strict();
export type FeishuConfig = z.output<typeof feishuConfigSchema>;

/** The whole request body must stay within 20 KB (code 9499 beyond). */
export const FEISHU_BODY_BYTES = 20_000;

/** 11232: throttled (5 a second, 100 a minute). 19021 (sign), 19022 (IP), 19024 (keyword), 9499 (bad body) are permanent. */
const RETRY: Record<number, number> = { 11232: 0 };

const STYLE: MarkdownStyle = { escape: feishuEscape, lineBreak: '\n' };

/** 签名校验: base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty)), timestamp in seconds. */
export function feishuSign(secretKey: string, timestampS: number): string {
  return createHmac('sha256', `${timestampS}\n${secretKey}`).update('').digest('base64');
}

/** `code` is the answer's verdict; older answers carry only `StatusCode`. */
const feishuVerdict = (b: Record<string, unknown>): Verdict => {
  const code = typeof b.code === 'number' ? b.code : typeof b.StatusCode === 'number' ? b.StatusCode : undefined;
  const msg = typeof b.msg === 'string' ? b.msg : typeof b.StatusMessage === 'string' ? b.StatusMessage : undefined;
  return { code, msg };
};

function cardBody(view: NoticeView, title: string, shown: number) {
  const more = view.alerts.length - shown;
  const alerts = view.alerts.slice(0, shown).flatMap((a, i) => [...(i ? [{ tag: 'hr' }] : []), { tag: 'markdown', content: markdownAlert(a, view, STYLE) }]);
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: title }, template: view.status === 'firing' ? 'red' : 'green' },
      elements: [...alerts, ...(more > 0 ? [{ tag: 'note', elements: [{ tag: 'plain_text', content: view.words.more(more) }] }] : [])],
    },
  };
}

/** A post's text elements are shown as they are: nothing to escape. */
function postParagraphs(a: AlertView, view: NoticeView) {
  const head = a.url ? { tag: 'a', text: a.title, href: a.url } : { tag: 'text', text: a.title };
  const rest = [...(a.ref ? [a.ref] : []), ...a.marks].map((t) => ` · ${t}`).join('');
  const facts = a.facts.map((f) => `${f.label}${view.words.colon}${f.value}`).join(' · ');
  return [
    [head, ...(rest ? [{ tag: 'text', text: rest }] : [])],
    ...(a.what ? [[{ tag: 'text', text: a.what }]] : []),
    ...(facts ? [[{ tag: 'text', text: facts }]] : []),
  ];
}

function postBody(view: NoticeView, title: string, shown: number, language: string) {
  const more = view.alerts.length - shown;
  const content = view.alerts.slice(0, shown).flatMap((a, i) => [...(i ? [[{ tag: 'text', text: '' }]] : []), ...postParagraphs(a, view)]);
  if (more > 0) content.push([{ tag: 'text', text: view.words.more(more) }]);
  return { msg_type: 'post', content: { post: { [language === 'en' ? 'en_us' : 'zh_cn']: { title, content } } } };
}

/** The message, with `timestamp` and `sign` first when signing is on (they count toward the size limit). */
export function feishuMessage(view: NoticeView, o: { format: 'card' | 'post'; keyword?: string | undefined; language: string }, auth?: { timestamp: string; sign: string }) {
  const title = withKeyword(view.header, o.keyword);
  return fitAlerts(view.alerts.length, FEISHU_BODY_BYTES, (k) => ({
    ...auth, ...(o.format === 'card' ? cardBody(view, title, k) : postBody(view, title, k, o.language)),
  }), jsonBytes);
}

export function createFeishuChannel(config: FeishuConfig, deps: ChannelDeps): Channel {
  const { url, signing } = securedBotSecrets('feishu', config, deps.env);
  return jsonChannel({
    kind: 'feishu', config, deps,
    message: (view, _batch, now) => {
      const ts = Math.floor(now / 1000);
      const auth = signing ? { timestamp: String(ts), sign: feishuSign(signing, ts) } : undefined;
      return { url, body: feishuMessage(view, config, auth) };
    },
    check: (name, answer, now) => checkVerdict(name, answer, feishuVerdict, RETRY, now),
  });
}
