/**
 * Escapers for user text (ticket subjects, names, group labels) in each vendor's markup, so a subject such as
 * `<img src=x onerror=…>` or `[click](https://evil)` shows as text and never as markup.
 */

/**
 * WeCom and DingTalk markdown: neither vendor documents an escape (no backslash, no entities), so the ASCII
 * characters that make tags (`<font>`, `<@user>`), links, emphasis, code and entities become their full-width
 * twins (U+FF01…U+FF5E): a reader sees the same sign, the renderer no markup. User text never starts a line,
 * so line-start markup (`#`, `>`, `-`, `1.`) cannot arise and those characters stay as they are.
 */
export function defang(text: string): string {
  return text.replace(/[<>[\]*`~\\&]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/**
 * Feishu card markdown: the documented escape is the HTML numeric entity (`&#60;` for `<`, `&#42;` for `*`, …;
 * open.feishu.cn "Markdown" component, 特殊字符转义), here for what makes tags, links, emphasis and code, and
 * `&` itself so that an entity typed in the text stays text. As above, user text never starts a line.
 */
export function feishuEscape(text: string): string {
  return text.replace(/[&<>*_~`[\]()\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Slack mrkdwn: Slack asks for `&`, `<` and `>` as entities; nothing else can make a link or a mention. */
export function slackEscape(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text and attribute values (the e-mail body). */
export function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!);
}
