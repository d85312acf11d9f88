import nodemailer, { type NodemailerError } from 'nodemailer';
import { z } from 'zod';
import { envVarName } from '../../fields';
import { basics, channelBase, secret, type ChannelDeps } from './base';
import { htmlEscape } from './escape';
import { excerpt } from './http';
import { ChannelError, type Channel } from './types';
import { noticeView, type AlertView, type NoticeView } from './view';

/** E-mail over SMTP (nodemailer): a subject, a plain-text body and an HTML body. */
export const emailConfigSchema = z.object({
  ...channelBase,
  kind: z.literal('email'),
  host: z.string().min(1),
  /** Default 465 with `secure`, else 587. */
  port: z.number().int().min(1).max(65535).optional(),
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send unless the server upgrades to TLS (STARTTLS). */
  require_tls: z.boolean().default(false),
  user_env: envVarName.optional(),
  password_env: envVarName.optional(),
  /** `alerts@example.com` or `"OpsWall" <alerts@example.com>`. */
  from: z.string().min(3).max(320),
  to: z.array(z.email()).min(1).max(100),
  subject_prefix: z.string().max(50).optional(),
}).strict().refine((c) => (c.user_env === undefined) === (c.password_env === undefined), { message: 'give both user_env and password_env, or neither', path: ['user_env'] });
export type EmailConfig = z.output<typeof emailConfigSchema>;

function textAlert(a: AlertView, view: NoticeView): string {
  const head = [a.title, ...(a.ref ? [a.ref] : []), ...a.marks].join(' · ');
  const facts = a.facts.map((f) => `  ${f.label}${view.words.colon}${f.value}`);
  return [head, ...(a.what ? [`  ${a.what}`] : []), ...facts, ...(a.url ? [`  ${a.url}`] : [])].join('\n');
}

function htmlAlert(a: AlertView): string {
  const title = a.url ? `<a href="${htmlEscape(a.url)}">${htmlEscape(a.title)}</a>` : htmlEscape(a.title);
  const rest = [...(a.ref ? [a.ref] : []), ...a.marks].map((t) => ` · ${htmlEscape(t)}`).join('');
  const rows = a.facts.map((f) => `<tr><th align="left">${htmlEscape(f.label)}</th><td>${htmlEscape(f.value)}</td></tr>`).join('');
  return `<h3>${title}<small>${rest}</small></h3>${a.what ? `<p>${htmlEscape(a.what)}</p>` : ''}${rows ? `<table>${rows}</table>` : ''}`;
}

export function emailMessage(view: NoticeView, prefix = '') {
  return {
    subject: `${prefix}${view.header}`,
    text: [view.header, ...view.alerts.map((a) => textAlert(a, view))].join('\n\n'),
    html: `<!DOCTYPE html><html><body><h2>${htmlEscape(view.header)}</h2>${view.alerts.map(htmlAlert).join('<hr>')}</body></html>`,
  };
}

/** SMTP 4xx and dropped connections are worth a retry; 5xx replies, bad credentials and bad addresses are not. */
function emailError(who: string, err: unknown, aborted: boolean): ChannelError {
  if (aborted) return new ChannelError(`${who}: no answer in time (aborted)`, true, 'timeout');
  const e = err as NodemailerError;
  const permanent = e.permanent === true || (['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE', 'EMESSAGE'].includes(e.code ?? '') && e.permanent !== false);
  const reply = e.responseCode ? ` ${e.responseCode}` : '';
  return new ChannelError(`${who}: ${e.code ?? 'error'}${reply}: ${excerpt(e.response ?? e.message ?? String(err))}`, !permanent, e.responseCode ?? e.code);
}

export function createEmailChannel(config: EmailConfig, deps: ChannelDeps): Channel {
  const b = basics('email', config, deps);
  const auth = config.user_env && config.password_env
    ? { user: secret(deps.env, config.user_env, b.who), pass: secret(deps.env, config.password_env, b.who) } : undefined;
  const transport = nodemailer.createTransport({
    host: config.host, ...(config.port ? { port: config.port } : {}), secure: config.secure, requireTLS: config.require_tls,
    ...(auth ? { auth } : {}),
    connectionTimeout: b.timeoutMs, greetingTimeout: b.timeoutMs, socketTimeout: b.timeoutMs,
  });
  return {
    id: config.id, kind: 'email', timeoutMs: b.timeoutMs,
    async send(batch, signal) {
      const view = noticeView(batch, { timezone: deps.timezone, language: config.language });
      try {
        await transport.sendMail({ from: config.from, to: config.to, ...emailMessage(view, config.subject_prefix), ...(signal ? { signal } : {}) });
      } catch (err) {
        throw emailError(b.who, err, signal?.aborted ?? false);
      }
    },
    close: () => transport.close(),
  };
}
