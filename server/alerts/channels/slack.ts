import { z } from 'zod';
import { channelBase, jsonChannel, secretUrl, urlEnv, type ChannelDeps } from './base';
import { slackEscape } from './escape';
import { channelName, checkHttp, excerpt } from './http';
import { ChannelError, type Channel } from './types';
import { clean, type AlertView, type NoticeView } from './view';

/** Slack incoming webhook: Block Kit blocks with a text fallback for notifications. */
export const slackConfigSchema = z.object({
  ...channelBase,
  kind: z.literal('slack'),
  /** The incoming webhook URL (`https://hooks.slack.com/services/T…/B…/…`): the URL is the credential. */
  url_env: urlEnv,
}).strict();
export type SlackConfig = z.output<typeof slackConfigSchema>;

/** Slack takes at most 50 blocks a message and 150 characters in a header. */
export const SLACK_MAX_BLOCKS = 50;
const HEADER_MAX = 150;

/** The title (a link to the ticket) in mrkdwn; the facts as plain_text fields, which Slack never formats. */
function section(a: AlertView, view: NoticeView) {
  const title = a.url ? `<${a.url}|${slackEscape(a.title)}>` : slackEscape(a.title);
  const rest = [...(a.ref ? [a.ref] : []), ...a.marks].map((t) => ` · ${slackEscape(t)}`).join('');
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: `*${title}*${rest}${a.what ? `\n${slackEscape(a.what)}` : ''}` },
    ...(a.facts.length ? { fields: a.facts.map((f) => ({ type: 'plain_text', text: `${f.label}${view.words.colon}${f.value}`, emoji: false })) } : {}),
  };
}

export function slackMessage(view: NoticeView) {
  // The header block and, when alerts are cut, the "and N more" line take two of the 50 blocks.
  const shown = view.alerts.length <= SLACK_MAX_BLOCKS - 1 ? view.alerts.length : SLACK_MAX_BLOCKS - 2;
  const more = view.alerts.length - shown;
  return {
    text: slackEscape(view.header),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clean(view.header, HEADER_MAX), emoji: true } },
      ...view.alerts.slice(0, shown).map((a) => section(a, view)),
      ...(more > 0 ? [{ type: 'context', elements: [{ type: 'plain_text', text: view.words.more(more) }] }] : []),
    ],
  };
}

export function createSlackChannel(config: SlackConfig, deps: ChannelDeps): Channel {
  const url = secretUrl(deps.env, config.url_env, channelName('slack', config.id));
  return jsonChannel({
    kind: 'slack', config, deps,
    message: (view) => ({ url, body: slackMessage(view) }),
    // Success is HTTP 200 with the plain-text body "ok"; errors are plain-text codes (invalid_payload, no_team, …).
    check: (who, answer, now) => {
      checkHttp(who, answer, now);
      if (answer.text.trim() !== 'ok') throw new ChannelError(`${who}: unexpected answer: ${excerpt(answer.text)}`, false, answer.status);
    },
  });
}
