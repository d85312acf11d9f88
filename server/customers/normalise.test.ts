import { describe, expect, it } from 'vitest';
import { normaliseExternalId, normaliseName, normaliseTaxId } from './normalise';

describe('the name key', () => {
  // Worked by hand from docs/customers.md § Names: NFKC, lower case, cut at spaces/punctuation/symbols, legal-form
  // words dropped from the end, Chinese legal-form endings dropped, joined with nothing between.
  it.each([
    ['华信科技有限公司', '华信科技'],
    ['华信科技', '华信科技'],
    ['华信科技股份有限公司', '华信科技'],
    ['华信科技有限责任公司', '华信科技'],
    ['华信科技公司', '华信科技'],
    // Full-width letters and the ideographic space (U+3000) become ASCII under NFKC, then lower case.
    ['　ＨＵＡＸＩＮ　Ｔｅｃｈ　', 'huaxintech'],
    ['Huaxin Tech Co., Ltd.', 'huaxintech'], // words huaxin tech co ltd → ltd, co dropped
    ['HUAXIN TECH INC', 'huaxintech'],
    ['huaxin-tech, limited', 'huaxintech'],
    ['Müller GmbH & Co. KG', 'müller'], // müller gmbh co kg → kg, co, gmbh dropped ("&" is punctuation)
    // A region in brackets is kept: （北京） → (北京) under NFKC, a cut point, then 有限公司 dropped.
    ['华信科技（北京）有限公司', '华信科技北京'],
    // A branch stays apart from its head office: 公司 is not dropped out of 分公司.
    ['华信科技北京分公司', '华信科技北京分公司'],
    // A legal-form word that is the whole name stays: there is nothing else to compare.
    ['Limited', 'limited'],
  ])('%s → %s', (raw, key) => {
    expect(normaliseName(raw)).toBe(key);
  });

  it('gives names of the same company written differently one key, and other companies another', () => {
    expect(normaliseName('华信科技有限公司')).toBe(normaliseName('华信科技'));
    expect(normaliseName('Huaxin Tech Co., Ltd.')).toBe(normaliseName('ＨＵＡＸＩＮ ＴＥＣＨ'));
    expect(normaliseName('华信科技（上海）有限公司')).not.toBe(normaliseName('华信科技（北京）有限公司'));
    expect(normaliseName('华信科技')).not.toBe(normaliseName('华信集团')); // 集团 is not a legal form
  });

  it('has no key for an empty, one-letter or punctuation-only name', () => {
    expect(normaliseName(undefined)).toBeUndefined();
    expect(normaliseName('')).toBeUndefined();
    expect(normaliseName(' — ')).toBeUndefined();
    expect(normaliseName('A')).toBeUndefined();
    expect(normaliseName('A Ltd.')).toBe('altd'); // "a" is too short a key, so the name is kept whole
  });
});

describe('the tax id key', () => {
  it('drops spaces and dashes of any width and upper-cases; a 统一社会信用代码 is then compared as written', () => {
    expect(normaliseTaxId('9111 0108-MA01 abcd 2x')).toBe('91110108MA01ABCD2X');
    expect(normaliseTaxId('９１１１０１０８ＭＡ０１ＡＢＣＤ２Ｘ')).toBe('91110108MA01ABCD2X'); // full-width → NFKC
    expect(normaliseTaxId('91110108－MA01ABCD2X')).toBe('91110108MA01ABCD2X'); // full-width hyphen
    expect(normaliseTaxId('DE 123 456 789')).toBe('DE123456789');
  });

  it('has no key for placeholders', () => {
    expect(normaliseTaxId(undefined)).toBeUndefined();
    expect(normaliseTaxId(' - ')).toBeUndefined();
    expect(normaliseTaxId('N/A')).toBeUndefined(); // no digit: no tax id has none
    expect(normaliseTaxId('无')).toBeUndefined();
    expect(normaliseTaxId('0000')).toBeUndefined();
    expect(normaliseTaxId('')).toBeUndefined();
  });
});

describe('the external id key', () => {
  it('is trimmed, otherwise exact', () => {
    expect(normaliseExternalId(' 0015g00000AbCdE ')).toBe('0015g00000AbCdE');
    expect(normaliseExternalId('   ')).toBeUndefined();
    expect(normaliseExternalId(' - ')).toBeUndefined();
    expect(normaliseExternalId('42')).toBe('42');
  });
});
