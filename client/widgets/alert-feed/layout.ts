import { textWidthEm } from '../fit-text';

/**
 * Measures of a feed row in em of the feed's font `f` (px): badges and tags are drawn at 0.8 em but never below
 * 14 px, the countdown at 1.1 em.
 */
const GAP = 0.6;
const small = (f: number) => Math.max(0.8, 14 / f);
const BADGE = (text: string, f: number) => (textWidthEm(text) + 0.9) * small(f) + 0.5;
const DUE = (text: string) => Math.max(4.6, textWidthEm(text) * 1.1);
const TAG = (text: string, f: number) => textWidthEm(text) * small(f) + GAP;
/** A subject keeps at least this many em beside the fixed parts before a tag may take room from it. */
const SUBJECT_MIN_EM = 8;
/** Room for a few em of subject beside the fixed parts of a one-line row. */
const SUBJECT_SHORT_EM = 4;

export interface FeedRowParts { kind: string; id?: string | undefined; due: string; acked: boolean; tags: readonly string[] }

/**
 * The parts of a row's first line that are never cut (badge, id unless it moves to the second line, countdown, ✓),
 * with the gaps and the row's border and padding, in em.
 */
export function fixedEm(row: FeedRowParts, f: number, withId = true, withBadge = true): number {
  return (withBadge ? BADGE(row.kind, f) : 0.5) + (withId && row.id ? textWidthEm(`#${row.id}`) + GAP : 0) + (row.acked ? 1 + GAP : 0) + DUE(row.due) + GAP + 0.6 + 0.3;
}

/**
 * The tags a row shows: in order, as many as fit whole beside the fixed parts, leaving the subject its minimum
 * on a one-line row (on a two-line row the subject has its own line).
 */
export function tagsThatFit(row: FeedRowParts, width: number, f: number, twoLine: boolean, withId = true): string[] {
  let room = width / f - fixedEm(row, f, withId) - (twoLine ? 0 : SUBJECT_MIN_EM + GAP);
  const shown: string[] = [];
  for (const tag of row.tags) {
    if (TAG(tag, f) > room) break;
    room -= TAG(tag, f);
    shown.push(tag);
  }
  return shown;
}

export interface FeedLayout {
  fontSize: number;
  /** The subject on a second line of its own. */
  twoLine: boolean;
  /** The id moved to the second line, beside the subject. */
  idBelow: boolean;
  /** The kind's badge drawn; without it the row's border colour (and its title) say the kind. */
  badge: boolean;
}

/**
 * How a feed lays its rows out in `width` px. One line per row; two lines (the subject on its own) when `roomy`
 * (every alert fits in two-line rows). In a box too narrow for a row's fixed parts even at `min`, two lines with
 * the id moved beside the subject; narrower still, the badge gives way to the row's border colour. The font is the
 * size the row height asks for (`wanted`), made smaller (not below `min`) until every row's first line fits, since
 * badges, ids and countdowns are never cut.
 */
export function feedLayout(wanted: number, width: number, rows: readonly FeedRowParts[], roomy: boolean, min = 14): FeedLayout {
  const fits = (f: number, withId: boolean, badge: boolean, subjectEm: number) =>
    rows.every((r) => (fixedEm(r, f, withId, badge) + subjectEm) * f <= width);
  const idBelow = !fits(min, true, true, SUBJECT_SHORT_EM);
  const badge = !idBelow || fits(min, false, true, 0);
  const twoLine = roomy || idBelow;
  let f = Math.max(min, wanted);
  while (f > min && !fits(f, !idBelow, badge, twoLine ? 0 : SUBJECT_SHORT_EM)) f--;
  return { fontSize: f, twoLine, idBelow, badge };
}
