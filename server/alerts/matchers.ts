import type { Matcher } from '../protocol';
import { compileRegex, MatcherError } from '../protocol';

export { MatcherError };

/**
 * Alertmanager's matchers: `=`, `!=`, and the regular expressions `=~`, `!~` in RE2 syntax, anchored (the
 * whole value must match). A missing field reads as the empty string, so `group!=VIP` matches an alert
 * without a group.
 *
 * The expressions run on RE2 (re2js): matching takes time linear in the value's length whatever the
 * pattern, so a silence such as `(.*.*)*Z` cannot freeze the hub as a backtracking engine would. A pattern
 * RE2 does not accept (a backreference, a lookaround) throws a MatcherError naming it.
 */
export function compileMatcher(m: Matcher): (fields: Readonly<Record<string, string>>) => boolean {
  if (m.op === '=' || m.op === '!=') {
    const equal = m.op === '=';
    return (f) => ((f[m.name] ?? '') === m.value) === equal;
  }
  const re = compileRegex(m.value);
  const wanted = m.op === '=~';
  return (f) => re.matches(f[m.name] ?? '') === wanted;
}

/** All matchers hold (an empty list matches everything). Throws a MatcherError for the first pattern RE2 refuses. */
export function compileMatchers(ms: readonly Matcher[]): (fields: Readonly<Record<string, string>>) => boolean {
  const compiled = ms.map(compileMatcher);
  return (f) => compiled.every((c) => c(f));
}
