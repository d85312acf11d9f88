/**
 * The account keys as the customer map compares them (docs/customers.md § Keys). Each function gives undefined
 * when nothing is left to compare: an empty or placeholder value never joins two accounts.
 */

/** Spaces (any, full-width too) and dashes of any width. */
const SPACES_DASHES = /[\s\p{Pd}\u2212]/gu;

/**
 * A tax id: full-width characters made half-width (NFKC), spaces and dashes removed, upper-cased. An 18-character
 * 统一社会信用代码 is then compared as it is written (no check digit arithmetic, no old organisation-code
 * derivation): `9111 0108-MA01 abcd 2x` and `91110108MA01ABCD2X` are the same. Every tax id has digits: a value
 * without one, or with only zeros, is a placeholder ("N/A", "无", "-", "0000") and no tax id, so thousands of accounts
 * "without" one never become one customer.
 */
export function normaliseTaxId(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const key = raw.normalize('NFKC').replace(SPACES_DASHES, '').toUpperCase();
  return /\p{Nd}/u.test(key) && !/^0+$/.test(key) ? key : undefined;
}

/** An external id: NFKC and trimmed, otherwise exact (another system's id, case and all); "-" or "/" is none. */
export function normaliseExternalId(raw: string | undefined): string | undefined {
  const key = raw?.normalize('NFKC').trim();
  return key && /[\p{L}\p{N}]/u.test(key) ? key : undefined;
}

/**
 * Legal-form words at the end of a Latin-script name, after it is case-folded and cut at spaces and punctuation:
 * `Huaxin Technology Co., Ltd.` → huaxin technology. Only whole words, and only at the end.
 */
const LATIN_FORMS = new Set([
  'co', 'company', 'corp', 'corporation', 'inc', 'incorporated', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc',
  'gmbh', 'ag', 'kg', 'sa', 'bv', 'nv', 'pte', 'pty',
]);

/**
 * Legal-form endings of a Chinese name, longest first: 华信科技股份有限公司 → 华信科技. `公司` alone too, but never out of
 * `分公司`: a branch (华信科技北京分公司) stays apart from its head office.
 */
const CJK_FORMS = ['股份有限公司', '有限责任公司', '有限公司', '公司'];

/** Cut points: spaces, punctuation and symbols of every script (full-width ones are made half-width first). */
const SEPARATORS = /[\s\p{P}\p{S}]+/u;

/** Names shorter than this after normalising ("A", "华") are too weak to join two accounts. */
const MIN_NAME_LENGTH = 2;

/**
 * A company name as the `name` key compares it: NFKC (full-width letters, digits and brackets made half-width),
 * case-folded, cut at spaces, punctuation and symbols, legal-form words stripped from the end (`Co., Ltd.`,
 * `Inc.`, `GmbH`, 有限公司, 股份有限公司...), then joined with nothing between: 华信科技有限公司 and 华信科技 are both
 * 华信科技 (docs/customers.md lists the cases). A region in the name is kept (华信科技（北京）有限公司 → 华信科技北京,
 * not 华信科技). When stripping would leave too little, the name is kept whole.
 */
export function normaliseName(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const words = raw.normalize('NFKC').toLowerCase().split(SEPARATORS).filter(Boolean);
  const whole = words.join('');
  while (words.length > 1 && LATIN_FORMS.has(words[words.length - 1]!)) words.pop();
  let key = words.join('');
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const form of CJK_FORMS) {
      if (!key.endsWith(form) || key.length - form.length < MIN_NAME_LENGTH) continue;
      if (form === '公司' && key.endsWith('分公司')) continue;
      key = key.slice(0, -form.length);
      stripped = true;
      break;
    }
  }
  if (key.length < MIN_NAME_LENGTH) key = whole;
  return key.length >= MIN_NAME_LENGTH ? key : undefined;
}
