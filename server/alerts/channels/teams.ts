import { z } from 'zod';
import { channelBase, jsonChannel, secretUrl, urlEnv, type ChannelDeps } from './base';
import { fitAlerts, jsonBytes } from './fit';
import { channelName, checkHttp } from './http';
import type { Channel } from './types';
import type { AlertView, NoticeView } from './view';

/** Microsoft Teams through a Workflows webhook: an Adaptive Card 1.2, as Alertmanager's msteamsv2 sends. */
export const teamsConfigSchema = z.object({
  ...channelBase,
  kind: z.literal('teams'),
  /** The Workflows "When a Teams webhook request is received" URL: its signature parameter is the credential. */
  url_env: urlEnv,
}).strict();
export type TeamsConfig = z.output<typeof teamsConfigSchema>;

/** Teams refuses messages over 28672 bytes. */
export const TEAMS_BODY_BYTES = 28_672;

type Run = { type: 'TextRun'; text: string; weight?: string; size?: string; color?: string; isSubtle?: boolean; selectAction?: { type: 'Action.OpenUrl'; url: string } };

/** Text runs are never read as markdown, so user text needs no escaping. */
const line = (inlines: Run[], separator = false) => ({ type: 'RichTextBlock', ...(separator ? { separator: true } : {}), inlines });
const run = (text: string, more: Omit<Run, 'type' | 'text'> = {}): Run => ({ type: 'TextRun', text, ...more });

function alertBlocks(a: AlertView, view: NoticeView) {
  const title = run(a.title, { weight: 'Bolder', ...(a.url ? { selectAction: { type: 'Action.OpenUrl', url: a.url } } : {}) });
  const rest = [...(a.ref ? [a.ref] : []), ...a.marks].map((t) => ` · ${t}`).join('');
  const facts = a.facts.map((f) => `${f.label}${view.words.colon}${f.value}`).join(' · ');
  return [
    line([title, ...(rest ? [run(rest)] : [])], true),
    ...(a.what ? [line([run(a.what, { isSubtle: true })])] : []),
    ...(facts ? [line([run(facts)])] : []),
  ];
}

export function teamsMessage(view: NoticeView) {
  return fitAlerts(view.alerts.length, TEAMS_BODY_BYTES, (k) => {
    const more = view.alerts.length - k;
    return {
      type: 'message',
      attachments: [{
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.2',
          body: [
            line([run(view.header, { weight: 'Bolder', size: 'Medium', color: view.status === 'firing' ? 'Attention' : 'Good' })]),
            ...view.alerts.slice(0, k).flatMap((a) => alertBlocks(a, view)),
            ...(more > 0 ? [line([run(view.words.more(more), { isSubtle: true })], true)] : []),
          ],
          msteams: { width: 'full' },
        },
      }],
    };
  }, jsonBytes);
}

export function createTeamsChannel(config: TeamsConfig, deps: ChannelDeps): Channel {
  const url = secretUrl(deps.env, config.url_env, channelName('teams', config.id));
  return jsonChannel({
    kind: 'teams', config, deps,
    message: (view) => ({ url, body: teamsMessage(view) }),
    // Workflows answers 202 Accepted; a failing flow shows only in its run history.
    check: checkHttp,
  });
}
