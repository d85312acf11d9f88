import { RE2JS, RE2JSException } from 're2js';

/**
 * Regular expressions of matchers (`=~`, `!~`) are RE2's, as in Alertmanager (Go's regexp): no
 * backreferences, no lookaround, and matching in time linear in the input whatever the pattern. They run on
 * re2js, a pure-JavaScript port of RE2, never on JavaScript's backtracking RegExp.
 */

/** A matcher pattern RE2 refuses: the message says which pattern and why. */
export class MatcherError extends Error {
  constructor(readonly pattern: string, readonly reason: string) {
    super(`${quote(pattern)} is not an RE2 regular expression: ${reason}`);
    this.name = 'MatcherError';
  }
}

const quote = (s: string) => JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}…` : s);

/**
 * Compiles a pattern for full matching (`matches` holds only when the whole input matches, so `a.*` does
 * not match `ba`). The pattern is compiled on its own, not pasted into `^(?:…)$`, so a value such as
 * `a)|(b` cannot break out of the anchoring: it is refused as unbalanced. Strings are matched by code
 * point (`.` is one character of `服务台` or one emoji); `.` does not match a newline unless `(?s)`.
 */
export function compileRegex(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (err) {
    if (err instanceof RE2JSException) throw new MatcherError(pattern, err.message.replace(/^error parsing regexp: /, ''));
    throw err;
  }
}

/** Why RE2 refuses `pattern` (the message of a MatcherError), or undefined when it is a valid RE2 expression. */
export function regexProblem(pattern: string): string | undefined {
  try {
    compileRegex(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof MatcherError) return err.message;
    throw err;
  }
}
