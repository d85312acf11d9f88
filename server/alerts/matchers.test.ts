import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { matcherSchema, silenceRequestSchema, type Alert, type Matcher } from '../protocol';
import { compileMatcher, compileMatchers, MatcherError } from './matchers';
import { Router } from './routing';
import { SilenceBook } from './silences';

const m = (name: string, op: Matcher['op'], value: string): Matcher => ({ name, op, value });
const test = (matcher: Matcher, fields: Record<string, string>) => compileMatcher(matcher)(fields);

describe('matchers on RE2 (issue 12 §5: a silence pattern must not freeze the hub)', () => {
  it('(.*.*)*Z, which backtracks exponentially in JavaScript, answers at once on 16 to 30 characters without a Z', () => {
    const evil = compileMatcher(m('title', '=~', '(.*.*)*Z'));
    // JavaScript's RegExp took 30 s here on 16 characters, and doubles with each more.
    for (const n of [16, 20, 25, 30]) expect(evil({ title: 'a'.repeat(n) })).toBe(false);
    expect(evil({ title: `${'a'.repeat(29)}Z` })).toBe(true);
    expect(evil({ title: 'Z' })).toBe(true);
    expect(evil({ title: 'aZb' })).toBe(false); // anchored: the Z must be last
  });

  it('1,000 evaluations of (.*.*)*Z on 64 characters finish (JavaScript backtracks exponentially: it would never end)', { timeout: 10_000 }, () => {
    const evil = compileMatcher(m('title', '=~', '(.*.*)*Z'));
    const negated = compileMatcher(m('title', '!~', '(.*.*)*Z'));
    let matched = 0;
    let notMatched = 0;
    for (let i = 0; i < 1_000; i++) {
      const title = `${'x'.repeat(60)}${String(i).padStart(4, '0')}`; // 64 characters, never ending in Z
      expect(title).toHaveLength(64);
      if (evil({ title })) matched++;
      if (negated({ title })) notMatched++;
    }
    expect([matched, notMatched]).toEqual([0, 1_000]);
  });

  it('the whole value must match: a.* does not match "ba", a|b does not match "ab"', () => {
    expect(test(m('group', '=~', 'a.*'), { group: 'ba' })).toBe(false);
    expect(test(m('group', '=~', 'a.*'), { group: 'abc' })).toBe(true);
    expect(test(m('group', '=~', 'a|b'), { group: 'ab' })).toBe(false);
    expect(test(m('group', '=~', 'a|b'), { group: 'b' })).toBe(true);
    expect(test(m('group', '=~', 'L1'), { group: 'xL1x' })).toBe(false);
  });

  it('a value cannot break out of the anchoring: "a)|(b" is refused as unbalanced, not read as ^(?:a)|(b)$', () => {
    expect(() => compileMatcher(m('group', '=~', 'a)|(b'))).toThrow(MatcherError);
    expect(() => compileMatcher(m('group', '=~', 'a)|(b'))).toThrow('"a)|(b" is not an RE2 regular expression: unexpected ): `a)|(b`');
  });

  it('!~ is the negation of =~', () => {
    expect(test(m('group', '!~', 'L.*'), { group: 'L1' })).toBe(false);
    expect(test(m('group', '!~', 'L.*'), { group: 'VIP' })).toBe(true);
    expect(test(m('group', '!~', 'L.*'), { group: 'xL1' })).toBe(true); // anchored too
  });

  it('a missing field reads as the empty string', () => {
    expect(test(m('group', '=~', '.*'), {})).toBe(true);
    expect(test(m('group', '=~', '.+'), {})).toBe(false);
    expect(test(m('group', '!~', '.+'), {})).toBe(true);
    expect(test(m('group', '=~', ''), {})).toBe(true);
    expect(test(m('group', '!=', 'VIP'), {})).toBe(true);
    expect(test(m('group', '=', ''), {})).toBe(true);
  });

  it('Unicode: matched by code point, so 服务.* matches 服务台 and . is one emoji', () => {
    expect(test(m('title', '=~', '服务.*'), { title: '服务台' })).toBe(true);
    expect(test(m('title', '=~', '服务.'), { title: '服务台' })).toBe(true);
    expect(test(m('title', '=~', '服务'), { title: '服务台' })).toBe(false);
    expect(test(m('title', '=~', '.'), { title: '😀' })).toBe(true); // two UTF-16 units, one character
    expect(test(m('title', '=~', '..'), { title: '😀' })).toBe(false);
    expect(test(m('title', '=~', '\\p{Han}+'), { title: '工单' })).toBe(true);
    expect(test(m('title', '=~', '(?i)vip.*'), { title: 'VIP 客户' })).toBe(true);
  });

  it('RE2 (Alertmanager) semantics where JavaScript differs: . stops at a newline unless (?s)', () => {
    expect(test(m('title', '=~', 'a.*'), { title: 'a\nb' })).toBe(false);
    expect(test(m('title', '=~', '(?s)a.*'), { title: 'a\nb' })).toBe(true);
  });

  it('on patterns both engines read alike, the answer is the one an anchored JavaScript RegExp gives', () => {
    const patterns = ['L\\d+', '(VIP|L1)', '[a-c]*x?', 'a.*b', '.*(error|fail).*', '[^ ]+ [^ ]+', ''];
    fc.assert(fc.property(fc.constantFrom(...patterns), fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', 'L', '1', '2', ' ', 'VIP', 'error', 'fail') }), (p, s) => {
      expect(test(m('f', '=~', p), { f: s })).toBe(new RegExp(`^(?:${p})$`, 'u').test(s));
    }), { numRuns: 500 });
  });

  it('compileMatchers: all must hold; none is everything', () => {
    const both = compileMatchers([m('group', '=', 'L1'), m('title', '=~', '.*退款.*')]);
    expect(both({ group: 'L1', title: '客户要求退款' })).toBe(true);
    expect(both({ group: 'L2', title: '客户要求退款' })).toBe(false);
    expect(compileMatchers([])({})).toBe(true);
  });
});

describe('a pattern RE2 refuses is refused where it enters', () => {
  const refused: [string, string][] = [
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?!a).*', 'invalid or unsupported Perl syntax: `(?!`'],
    ['(?<=a)b', 'invalid named capture: `(?<=a)b`'],
    ['a++', 'invalid nested repetition operator: `++`'],
    ['(', 'missing closing ): `(`'],
  ];

  it.each(refused)('matcherSchema: %s, with the pattern and the reason, at "value"', (pattern, reason) => {
    for (const op of ['=~', '!~'] as const) {
      const parsed = matcherSchema.safeParse({ name: 'title', op, value: pattern });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['value', `${JSON.stringify(pattern)} is not an RE2 regular expression: ${reason}`]]);
    }
  });

  it('an equality matcher is not a pattern: "(?=a)" is a plain value for = and !=', () => {
    expect(matcherSchema.safeParse({ name: 'title', op: '=', value: '(?=a)' }).success).toBe(true);
    expect(matcherSchema.safeParse({ name: 'title', op: '!=', value: '(a)\\1' }).success).toBe(true);
  });

  it('RE2 syntax that JavaScript lacks is accepted: (?P<name>…), \\z, [[:alpha:]], (?i)', () => {
    for (const value of ['(?P<team>L\\d)', 'x\\z', '[[:alpha:]]+', '(?i)vip', '(.*.*)*Z']) {
      expect(matcherSchema.safeParse({ name: 'title', op: '=~', value }).success, value).toBe(true);
    }
  });

  it('POST /api/silences body: the issue is at matchers.1.value', () => {
    const parsed = silenceRequestSchema.safeParse({
      matchers: [{ name: 'group', op: '=', value: 'L1' }, { name: 'title', op: '=~', value: '(?=a)' }], duration: '1h', created_by: 'li.wei' });
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['matchers.1.value', '"(?=a)" is not an RE2 regular expression: invalid or unsupported Perl syntax: `(?=`']]);
  });

  it('a config route with such a matcher loads; the route is disabled with an error naming it, and its alerts go on to the next route', () => {
    const config = (value: string) => parseConfig({
      sources: [{ id: 'zd', kind: 'push' }],
      alerts: {
        channels: [{ id: 'ops', kind: 'webhook', url: 'http://127.0.0.1:9/hook' }, { id: 'all', kind: 'webhook', url: 'http://127.0.0.1:9/all' }],
        routes: [{ receivers: ['ops'], match: [{ name: 'source', op: '=', value: 'zd' }, { name: 'group', op: '=~', value }] }, { receivers: ['all'] }],
      },
    }, 'opswall.json');
    expect(config('L\\d+').alerts.routes[0]!.match[1]).toEqual({ name: 'group', op: '=~', value: 'L\\d+' });
    const bad = config('(L1)\\1');
    const problems: [string, string][] = [];
    const router = new Router(bad.alerts.routes, ['ops', 'all'], {}, (path, err) => problems.push([path, err.message]));
    expect(problems).toEqual([['alerts.routes[0].match[1].value', '"(L1)\\\\1" is not an RE2 regular expression: invalid escape sequence: `\\1`']]);
    const alert = { alert_key: 'k', version: 1, state: 'firing', acknowledged: false, labels: { kind: 'breach', source: 'zd' }, annotations: { group: 'L1' } } as Alert;
    const at = Date.parse('2025-03-10T10:00:00Z');
    router.observe(alert, at);
    expect(router.flush(at + 60_000, () => false).map((n) => n.receivers)).toEqual([['all']]); // after the 30 s group wait
  });
});

describe('SilenceBook loading stored silences', () => {
  const spec = (id: string, matchers: Matcher[]) => ({ id, matchers, starts_at: '2025-03-10T09:00:00.000Z', ends_at: '2025-03-10T11:00:00.000Z', created_by: 'li.wei', comment: '' });
  const now = Date.parse('2025-03-10T10:00:00Z');

  it('leaves out one whose pattern RE2 refuses, hands it over, and keeps the others', () => {
    const rejected: [string, string, string][] = [];
    const book = new SilenceBook([
      spec('a', [m('group', '=', 'L1')]),
      spec('b', [m('group', '=', 'L2'), m('title', '=~', '(.)\\1')]),
      spec('c', [m('title', '=~', '.*退款')]),
    ], (s, err) => rejected.push([s.id, err.pattern, err.message]));
    expect(rejected).toEqual([['b', '(.)\\1', '"(.)\\\\1" is not an RE2 regular expression: invalid escape sequence: `\\1`']]);
    expect(book.list(now).map((s) => s.id)).toEqual(['a', 'c']);
    expect(book.matching({ group: 'L1', title: '要求退款' }, now)).toEqual(['a', 'c']);
    expect(book.matching({ group: 'L2', title: 'aa' }, now)).toEqual([]);
  });

  it('without a handler, it throws', () => {
    expect(() => new SilenceBook([spec('b', [m('title', '=~', '(?=x)')])])).toThrow(MatcherError);
  });
});
