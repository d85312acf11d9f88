import type { Matcher } from '../protocol';

/**
 * Alertmanager's matchers: `=`, `!=`, and the anchored regular expressions `=~`, `!~`. A missing field
 * reads as the empty string, so `group!=VIP` matches an alert without a group.
 */
export function compileMatcher(m: Matcher): (fields: Readonly<Record<string, string>>) => boolean {
  if (m.op === '=' || m.op === '!=') {
    const equal = m.op === '=';
    return (f) => ((f[m.name] ?? '') === m.value) === equal;
  }
  const re = new RegExp(`^(?:${m.value})$`, 'u');
  const wanted = m.op === '=~';
  return (f) => re.test(f[m.name] ?? '') === wanted;
}

/** All matchers hold (an empty list matches everything). */
export function compileMatchers(ms: readonly Matcher[]): (fields: Readonly<Record<string, string>>) => boolean {
  const compiled = ms.map(compileMatcher);
  return (f) => compiled.every((c) => c(f));
}
