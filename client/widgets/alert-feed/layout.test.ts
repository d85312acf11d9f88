import { describe, expect, it } from 'vitest';
import { feedLayout, tagsThatFit, type FeedRowParts } from './layout';

// Badge 已超时, id #50516 and countdown -5:43:15 are never cut; the subject gives way.
const row: FeedRowParts = { kind: '已超时', id: '50516', due: '-5:43:15', acked: false, tags: ['首次响应', 'L1'] };

describe('alert feed layout', () => {
  it('a wide panel: one line at the wanted size, with its tags', () => {
    // fixed parts at 22 px: badge (3 + 0.9) × 0.8 + 0.5 = 3.62, id 3.7 + 0.6, countdown 4.34 × 1.1 = 4.774, gaps and
    // padding 1.5: 14.194 em; with 4 em of subject 18.194 em × 22 = 400 px ≤ 800
    expect(feedLayout(22, 800, [row], false)).toEqual({ fontSize: 22, twoLine: false, idBelow: false, badge: true });
    // room for tags: 800 / 22 − 14.194 − 8.6 = 13.57 em; 首次响应 3.8 em, L1 1.816 em
    expect(tagsThatFit(row, 800, 22, false)).toEqual(['首次响应', 'L1']);
  });

  it('a narrower panel: a smaller font rather than a cut badge, and no tags', () => {
    // at 17 px the badge is drawn at 14 px (0.8235 em): 18.286 em × 17 = 311 > 300; at 16 px 18.487 em × 16 = 296
    expect(feedLayout(22, 300, [row], false).fontSize).toBe(16);
    expect(tagsThatFit(row, 300, 16, false)).toEqual([]);
  });

  it('a panel too narrow for the fixed parts at 14 px: the id moves to the subject line; narrower, the badge goes', () => {
    // badge 4.4 + id 4.3 + countdown 4.774 + 1.5 + 4 = 18.974 em × 14 = 266 > 150; badge and countdown alone 149.4 ≤ 150
    expect(feedLayout(22, 150, [row], false)).toEqual({ fontSize: 14, twoLine: true, idBelow: true, badge: true });
    // countdown alone 0.5 + 4.774 + 1.5 = 6.774 em: 17 px (115 px) fits 120, 18 px (122 px) does not
    expect(feedLayout(22, 120, [row], false)).toEqual({ fontSize: 17, twoLine: true, idBelow: true, badge: false });
  });

  it('a roomy panel gives the subject a line of its own, the id stays on the first', () => {
    expect(feedLayout(22, 800, [row], true)).toEqual({ fontSize: 22, twoLine: true, idBelow: false, badge: true });
  });
});
