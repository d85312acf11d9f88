import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';

/** One thing wrong with a hand-edited JSON file (a screen, a playlist, the config…), where an editor can jump to it (1-based line and column). */
export interface FileProblem {
  /** JSON path such as `widgets.orders.metric.params.window`; empty for the whole file. */
  path: string;
  line: number;
  column: number;
  message: string;
}

export type JsonPath = readonly (string | number)[];

/** `['widgets', 'a', 'items', 0]` → `widgets.a.items[0]`. */
export function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** `file:line:column path: message`, the form editors and terminals turn into a link. */
export function formatProblem(file: string, p: FileProblem): string {
  return `${file}:${p.line}:${p.column} ${p.path || '(root)'}: ${p.message}`;
}

/**
 * A parsed JSON text that can say where a JSON path is written. JSON.parse gives neither a tree nor
 * positions; jsonc-parser (VS Code's JSON parser) gives both, and its own syntax errors with offsets.
 */
export interface LocatedJson {
  value: unknown;
  /** Syntax errors; when there are any, `value` is not to be trusted. */
  syntax: FileProblem[];
  /** The problem at `path`: at the property's key when it is one, else the nearest enclosing node that exists. */
  at(path: JsonPath, message: string): FileProblem;
}

export function locateJson(text: string): LocatedJson {
  const starts = lineStarts(text);
  const position = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // The first syntax error only: the ones after it are mostly its echoes.
  const syntax = errors.slice(0, 1).map((e) => ({ path: '', ...position(e.offset), message: `not valid JSON: ${describeParseError(e)}` }));
  const value = syntax.length === 0 ? safeParse(text) : undefined;
  return {
    value,
    syntax,
    at(path, message) {
      const node = tree && nearest(tree, path);
      const offset = node ? (node.parent?.type === 'property' ? node.parent.offset : node.offset) : 0;
      return { path: pathText(path), ...position(offset), message };
    },
  };
}

function nearest(tree: Node, path: JsonPath): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, [...path.slice(0, n)]);
    if (node) return node;
  }
  return tree;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** `PropertyNameExpected` → `property name expected`. */
function describeParseError(e: ParseError): string {
  return printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function safeParse(text: string): unknown {
  try { return JSON.parse(text) as unknown; } catch { return undefined; }
}

/** The problems of a zod parse, each placed in the file; unknown keys are placed at the key itself. */
export function zodProblems(json: LocatedJson, issues: readonly z.core.$ZodIssue[], prefix: readonly (string | number)[] = []): FileProblem[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => json.at([...path, key], `unknown property "${key}"`));
    }
    if (issue.code === 'invalid_union') return unionProblems(json, issue, path);
    return [json.at(path, issue.message)];
  });
}

/**
 * zod says only "Invalid input" when no option of a union fits. When the value has the type of one option
 * (a `link` object with a bad `target`), that option's own problems say more; else name the types expected.
 */
function unionProblems(json: LocatedJson, issue: z.core.$ZodIssueInvalidUnion, path: (string | number)[]): FileProblem[] {
  const wrongType = (errs: readonly z.core.$ZodIssue[]) => errs.every((e) => e.code === 'invalid_type' && e.path.length === 0);
  const near = issue.errors.filter((errs) => !wrongType(errs));
  if (near.length === 1) return zodProblems(json, near[0]!, path);
  const expected = issue.errors.flatMap((errs) => errs.flatMap((e) => (e.code === 'invalid_type' && e.path.length === 0 ? [e.expected] : [])));
  return [json.at(path, expected.length > 0 && near.length === 0 ? `expected ${expected.join(' or ')}` : issue.message)];
}
