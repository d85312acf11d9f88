import { z } from 'zod';

/**
 * Drill-through: a widget's link to the record behind an item, e.g. `https://acme.zendesk.com/agent/tickets/{ticket_id}`.
 * The hub checks a template's syntax and scheme; the wall fills it (client/widgets/link.ts) and checks the result again.
 */
export const LINK_TARGETS = ['_blank', '_self'] as const;
export type LinkTarget = (typeof LINK_TARGETS)[number];

/** `{name}`: lower-case letters and `_`. */
export const PLACEHOLDER = /\{([a-z_]+)\}/g;
/** A template names its scheme itself, so no filled-in value can choose one; `/…` (not `//`) stays on the hub. */
const SAFE_START = /^(https?:\/\/|\/(?![/\\]))/i;

/** What is wrong with a link template, or null: its start, then the first brace that is not part of a `{name}`. */
export function linkTemplateProblem(template: string): string | null {
  if (!SAFE_START.test(template)) {
    const start = /^\s*[a-z][a-z0-9+.-]*:/i.exec(template)?.[0] ?? template.slice(0, 12);
    return `a link must start with http://, https:// or a path /… (this one starts with "${start}")`;
  }
  // Valid placeholders blanked out, so what is left of a brace is an error, at its own index.
  const blanked = template.replace(PLACEHOLDER, (m) => ' '.repeat(m.length));
  const bad = /\{[^{}]*\}/.exec(blanked);
  if (bad) return `placeholder "${bad[0]}" at character ${bad.index + 1} is not allowed: names are lower-case letters and _, e.g. {ticket_id}`;
  const stray = /[{}]/.exec(blanked);
  return stray === null
    ? null
    : `unbalanced "${stray[0]}" at character ${stray.index + 1}: placeholders are written {name}`;
}

const template = z.string().min(1).superRefine((text, ctx) => {
  const problem = linkTemplateProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A template, or `{ url, target }` where target is `_blank` (a new tab, the default) or `_self`. */
export const linkSchema = z.union([template, z.object({ url: template, target: z.enum(LINK_TARGETS).optional() }).strict()])
  .describe('Drill-through: an http(s) URL or a /path with {field} placeholders filled from the item clicked; or { url, target: "_blank" | "_self" }.');
export type WidgetLink = z.output<typeof linkSchema>;

/** The link as `{ url, target }`, or undefined without one. */
export function normalizeLink(link: WidgetLink | undefined): { url: string; target: LinkTarget } | undefined {
  if (link === undefined) return undefined;
  return typeof link === 'string' ? { url: link, target: '_blank' } : { url: link.url, target: link.target ?? '_blank' };
}
