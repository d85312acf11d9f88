import type { AlertView, NoticeView } from './view';

/** How one vendor's markdown differs: its escape for user text and its line break. */
export interface MarkdownStyle {
  escape(text: string): string;
  /** WeCom and Feishu break on "\n"; DingTalk wants two spaces around it. */
  lineBreak: string;
}

/** One alert: the title (linked to the ticket) with its reference and marks; what happened; the facts. */
export function markdownAlert(a: AlertView, view: NoticeView, s: MarkdownStyle): string {
  const title = a.url ? `[${s.escape(a.title)}](${a.url})` : s.escape(a.title);
  const head = [`**${title}**`, ...(a.ref ? [s.escape(a.ref)] : []), ...a.marks.map(s.escape)].join(' · ');
  const facts = a.facts.map((f) => `${f.label}${view.words.colon}${s.escape(f.value)}`).join(' · ');
  return [head, ...(a.what ? [s.escape(a.what)] : []), ...(facts ? [facts] : [])].join(s.lineBreak);
}

/** The first `shown` alerts, a blank line apart, and a last line saying how many were left out. */
export function markdownAlerts(view: NoticeView, shown: number, s: MarkdownStyle): string {
  const more = view.alerts.length - shown;
  const blocks = view.alerts.slice(0, shown).map((a) => markdownAlert(a, view, s));
  return [...blocks, ...(more > 0 ? [view.words.more(more)] : [])].join('\n\n');
}
