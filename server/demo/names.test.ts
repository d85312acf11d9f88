import { describe, expect, it } from 'vitest';
import { ALL_SUBJECTS, LEAD_SOURCES, leadSourceOf, PRODUCT_LINES, productLineOf, subjectHasProductLine } from './names';

describe('product lines', () => {
  it('every subject the company writes has its product line in the table, not a guess from the group', () => {
    expect(ALL_SUBJECTS.length).toBeGreaterThan(30);
    for (const subject of ALL_SUBJECTS) expect(subjectHasProductLine(subject), subject).toBe(true);
  });

  it('reads the subject first, then the group', () => {
    // From the table: a gateway that reports nothing is a device; a failed export is software; whatever the group.
    expect(productLineOf('网关数据不上报', 'L1')).toBe('设备');
    expect(productLineOf('报表导出失败', '物流')).toBe('软件');
    // A subject the table does not know: billing and logistics groups keep their own line, second line is software.
    expect(productLineOf('其他问题', '账务')).toBe('账务');
    expect(productLineOf('其他问题', 'L2')).toBe('软件');
    expect(productLineOf(undefined, 'L1')).toBe('设备');
    expect(new Set(ALL_SUBJECTS.map((s) => productLineOf(s, undefined)))).toEqual(new Set(PRODUCT_LINES));
  });
});

describe('lead sources', () => {
  it('a deal id gives one of the standard picklist values by its FNV-1a hash modulo 100', () => {
    // Buckets by weight: Web [0, 30), Phone Inquiry [30, 50), Partner Referral [50, 75), Purchased List [75, 85), Other [85, 100).
    // FNV-1a (32 bits) worked out apart from the code: D-5000 → 782474607, mod 100 = 7 → Web; D-5001 → 765696988 → 88 → Other;
    // D-5002 → 816029845 → 45 → Phone Inquiry; D-5006 → 748919369 → 69 → Partner Referral; D-5011 → 2845871481 → 81 → Purchased List.
    expect(['D-5000', 'D-5001', 'D-5002', 'D-5006', 'D-5011'].map(leadSourceOf))
      .toEqual(['Web', 'Other', 'Phone Inquiry', 'Partner Referral', 'Purchased List']);
  });

  it('spreads a thousand deals near the weights', () => {
    const counts = new Map<string, number>();
    for (let n = 5000; n < 6000; n++) counts.set(leadSourceOf(`D-${n}`), (counts.get(leadSourceOf(`D-${n}`)) ?? 0) + 1);
    // Each within 5 points of its weight (in %): a hash spreads consecutive ids, it does not copy the weights exactly.
    for (const [source, weight] of LEAD_SOURCES) expect(Math.abs(counts.get(source)! / 10 - weight), source).toBeLessThan(5);
  });
});
