import { textWidthEm } from '../widgets/fit-text';

export interface HeaderFit { titleSize: number; sideSize: number; date: string }

/**
 * Sizes for the screen header's three columns on a canvas `width` wide: the status and the clock stay whole on the
 * right (the side font gives way first, then the title), and the date takes the longest of its `dates` forms
 * (longest first) that fits its column, or none.
 */
export function fitHeader(o: { width: number; height: number; pad: number; title: string; dates: readonly string[]; right: string[] }): HeaderFit {
  let sideSize = Math.max(16, Math.round(o.height * 0.22));
  let titleSize = Math.round(o.height * 0.46);
  // The title: 0.16 em of letter spacing and 1 em of padding each side. The right column: its parts, 1.2 em apart,
  // the status's dot, and the clock drawn at 1.15 em.
  const titleEm = textWidthEm(o.title) * 1.16 + 2;
  const rightEm = o.right.reduce((em, part, i) => em + textWidthEm(part) * (i === o.right.length - 1 ? 1.15 : 1) + (i > 0 ? 1.2 : 0.9), 0);
  const inner = o.width - 2 * o.pad;
  // The grid is 1fr auto 1fr: each side gets half of what the title leaves.
  const side = () => (inner - titleEm * titleSize) / 2;
  if (side() < rightEm * sideSize) titleSize = Math.max(sideSize, Math.floor((inner - 2 * rightEm * sideSize) / titleEm));
  if (side() < rightEm * sideSize) sideSize = Math.max(12, Math.floor(side() / rightEm));
  const date = o.dates.find((d) => textWidthEm(d) * sideSize <= side() - 0.5 * sideSize) ?? '';
  return { titleSize, sideSize, date };
}
