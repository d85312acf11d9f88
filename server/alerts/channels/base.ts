import { z } from 'zod';
import { duration } from '../../fields';
import { parseDuration } from '../../protocol';
import { envVarName } from '../../fields';
import { channelName, postJson, type Fetch, type HttpAnswer } from './http';
import type { Channel, NotificationBatch } from './types';
import { noticeView, type NoticeView } from './view';
import { LANGUAGES, type Language } from './words';


/** The fields every channel has. Secrets are never in the file: only the names of the variables that hold them. */
export const channelBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "-" and "_"'),
  /** Also notify when alerts resolve (Alertmanager's default). */
  send_resolved: z.boolean().default(true),
  /** How long one send may take. */
  timeout: duration.default('10s'),
  /** The words of the message. */
  language: z.enum(LANGUAGES).default('zh-CN'),
};

/** A webhook URL held in an environment variable: for the chat bots the URL itself is the credential. */
export const urlEnv = envVarName;

export interface ChannelDeps {
  env: NodeJS.ProcessEnv;
  /** The hub's IANA zone: due times are shown in it. */
  timezone: string;
  fetch?: Fetch;
  /** The clock, for signatures and Retry-After dates. */
  now?: () => number;
}

type Base = { id: string; timeout: string };

/** A channel's common parts: its name in messages, the timeout, the fetch and the clock. */
export function basics(kind: string, config: Base, deps: ChannelDeps) {
  return {
    who: channelName(kind, config.id), timeoutMs: parseDuration(config.timeout),
    fetch: deps.fetch ?? fetch, now: deps.now ?? Date.now,
  };
}

/** The value of the variable the config names; a missing one is an error naming the variable (never the value). */
export function secret(env: NodeJS.ProcessEnv, name: string, who: string): string {
  const value = env[name];
  if (!value) throw new Error(`${who}: environment variable ${name} is not set`);
  return value;
}

/** A webhook URL from the environment, checked to be http(s) without repeating it in the error. */
export function secretUrl(env: NodeJS.ProcessEnv, name: string, who: string): URL {
  const text = secret(env, name, who);
  let url: URL;
  try { url = new URL(text); } catch { throw new Error(`${who}: environment variable ${name} does not hold a URL`); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${who}: environment variable ${name} must hold an http(s) URL`);
  return url;
}

export interface JsonChannelSpec {
  kind: string;
  config: Base & { language: Language };
  deps: ChannelDeps;
  /** The message for a batch, and where it goes (DingTalk signs the URL per request). */
  message(view: NoticeView, batch: NotificationBatch, now: number): { url: URL; body: unknown; headers?: Record<string, string> };
  /** Throws the ChannelError the answer means; returns when the vendor took the message. */
  check(who: string, answer: HttpAnswer, now: number): void;
}

/** A channel that POSTs one JSON message per batch: every webhook-style vendor. */
export function jsonChannel(spec: JsonChannelSpec): Channel {
  const { kind, config, deps } = spec;
  const b = basics(kind, config, deps);
  return {
    id: config.id, kind, timeoutMs: b.timeoutMs,
    async send(batch, signal) {
      const now = b.now();
      const view = noticeView(batch, { timezone: deps.timezone, language: config.language });
      const { url, body, headers } = spec.message(view, batch, now);
      const answer = await postJson(b.fetch, url, body, { who: b.who, ...(signal ? { signal } : {}), ...(headers ? { headers } : {}) });
      spec.check(b.who, answer, b.now());
    },
  };
}

/**
 * The security settings DingTalk and Feishu bots share: the webhook, a signing secret when signing is on,
 * and a custom keyword the bot requires in every message.
 */
export const securedBotFields = {
  /** The bot's webhook URL: its token or hook id is the credential. */
  url_env: urlEnv,
  /** The signing secret (加签 / 签名校验), when the bot has signing on. */
  secret_env: envVarName.optional(),
  /** The bot's custom keyword (自定义关键词): put in the title of every message. */
  keyword: z.string().min(1).max(50).optional(),
};

/** A secured bot's secrets, read now: the webhook URL and, with signing on, the secret. */
export function securedBotSecrets(kind: string, config: { id: string; url_env: string; secret_env?: string | undefined }, env: NodeJS.ProcessEnv) {
  const who = channelName(kind, config.id);
  return { url: secretUrl(env, config.url_env, who), signing: config.secret_env ? secret(env, config.secret_env, who) : undefined };
}

/** The title with the bot's keyword in front, unless the title already holds it. */
export const withKeyword = (title: string, keyword: string | undefined): string =>
  (keyword && !title.includes(keyword) ? `${keyword} ${title}` : title);
