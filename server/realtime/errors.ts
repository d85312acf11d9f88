import type { z } from 'zod';

/** A refused socket request, as its ack carries it: what, where (a dotted path into the body) and what was expected. */
export interface SocketError { code: string; message: string; path?: string }

type Issue = z.core.$ZodIssue;

const pathOf = (path: readonly PropertyKey[]) => path.map(String).join('.');
/** zod words its messages "Invalid input: expected …": the expectation is what helps. */
const words = (message: string) => message.replace(/^Invalid input: /, '');

/** The one issue that says most: inside a union, the branch that got furthest (its issue has the longest path). */
function deepest(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const branches = issue.errors.map((branch) => branch.map(deepest));
  // Every branch refused the same value for its type: "expected string or number, received boolean".
  const alike = branches.every((b) => b.length === 1 && b[0]!.code === 'invalid_type' && pathOf(b[0]!.path) === '');
  if (alike) {
    const expected = [...new Set(branches.map((b) => (b[0] as z.core.$ZodIssueInvalidType).expected))].join(' or ');
    const received = /received (\w+)/.exec(branches[0]![0]!.message)?.[1] ?? 'something else';
    return { ...issue, code: 'custom', message: `expected ${expected}, received ${received}`, path: issue.path } as Issue;
  }
  let best: Issue | undefined;
  for (const branch of branches) {
    for (const found of branch) {
      const nested = { ...found, path: [...issue.path, ...found.path] } as Issue;
      if (!best || nested.path.length > best.path.length) best = nested;
    }
  }
  return best ?? issue;
}

/** A zod issue as one line naming its place: `metrics.0.params.x: expected string or number, received boolean`. */
export function describeIssue(issue: Issue): { path: string; message: string } {
  const found = deepest(issue);
  if (found.code === 'unrecognized_keys') {
    const path = pathOf([...found.path, found.keys[0] ?? '']);
    return { path, message: `${path}: unknown field${found.keys.length > 1 ? `s ${found.keys.map((k) => `"${k}"`).join(', ')}` : ''}, not expected here` };
  }
  const path = pathOf(found.path);
  return { path, message: `${path || '(body)'}: ${words(found.message)}` };
}

/**
 * A `subscribe` or `unsubscribe` body that fails its schema, as an ack error. A body that names neither
 * `screen` nor `metrics` is told the two shapes; one that names either is told its first fault, by path.
 */
export function badSubscribeBody(event: string, body: unknown, error: z.ZodError): SocketError {
  const shapes = 'expected { screen: "<id>" } or { metrics: [{ id, params }] } (1 to 200 metrics)';
  const keys = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : undefined;
  const named = keys?.filter((k) => k === 'screen' || k === 'metrics') ?? [];
  if (!keys || named.length !== 1) {
    const got = keys ? (keys.length ? `an object with ${keys.map((k) => `"${k}"`).join(', ')}` : 'an empty object')
      : body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`;
    return { code: 'bad_request', message: `${event}: ${shapes}, got ${got}`, path: '' };
  }
  // The branch of the shape the body chose: its issues only (not "screen: expected string" for a metrics body).
  let issues = error.issues;
  const union = issues.length === 1 && issues[0]!.code === 'invalid_union' && issues[0]!.path.length === 0 ? issues[0] : undefined;
  if (union) issues = union.errors[named[0] === 'screen' ? 0 : 1] ?? issues;
  const { path, message } = describeIssue(issues[0]!);
  return { code: 'bad_request', message: `${event}: ${message}`, path };
}
