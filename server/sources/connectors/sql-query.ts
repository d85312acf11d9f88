import { z } from 'zod';

/** The SQL dialects the `sql` connector reads. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Comments, string literals and quoted names: what the shape checks must not look into. PostgreSQL adds
 * dollar-quoted strings (`$tag$ … $tag$`) and E'…' escapes; SQLite adds `name` and [name].
 */
const SKIPPED: Record<SqlDialect, RegExp> = {
  sqlite: /--[^\n]*|\/\*[\s\S]*?(\*\/|$)|'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]/g,
  postgres: /--[^\n]*|\/\*[\s\S]*?(\*\/|$)|[eE]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\2\$/g,
};

/** The statement text with comments, literals and quoted names blanked out. */
export function bareSql(sql: string, dialect: SqlDialect): string {
  return sql.replace(SKIPPED[dialect], ' ');
}

const WATERMARK = /(^|[^:\w]):watermark\b/g;

/**
 * A bind parameter other than `:watermark`: SQLite's `:name @name $name ?N`, PostgreSQL's `$N` (its `?` is a
 * jsonb operator, not a parameter).
 */
function otherParameter(bare: string, dialect: SqlDialect): string | undefined {
  const rest = bare.replace(WATERMARK, '$1');
  const pattern = dialect === 'sqlite' ? /(^|[^:\w])([:@$][A-Za-z_]\w*|\?\d*)/ : /(^|[^:\w])(\$\d+|:[A-Za-z_]\w*)/;
  return pattern.exec(rest)?.[2];
}

/** The config's `query`: one SELECT (or WITH … SELECT) using `:watermark` and no other parameter. */
export const sqlQuery = (dialect: SqlDialect) => z.string().min(1).superRefine((sql, ctx) => {
  const bare = bareSql(sql, dialect).replace(/[\s;]+$/, '');
  const other = otherParameter(bare, dialect);
  const problem = !/^\s*(select|with)\b/i.test(bare) ? 'must be a single SELECT (or WITH … SELECT) statement'
    : bare.includes(';') ? 'must be a single statement: no ";" inside'
      : !new RegExp(WATERMARK.source).test(bare) ? 'must use the named parameter :watermark (e.g. "WHERE updated >= :watermark")'
        : other ? `may use no parameter but :watermark (found ${other})` : undefined;
  if (problem) ctx.addIssue({ code: 'custom', message: `query ${problem}` });
});

/** The query without a trailing semicolon, ready to be wrapped as a subquery. */
export const innerQuery = (sql: string) => sql.trim().replace(/[\s;]+$/, '');

/**
 * PostgreSQL numbers its parameters: every `:watermark` outside comments and literals becomes `$1`. The
 * value is always bound, never written into the text.
 */
export function numberedWatermark(sql: string): string {
  let out = '';
  let last = 0;
  for (const skipped of sql.matchAll(SKIPPED.postgres)) {
    out += sql.slice(last, skipped.index).replace(WATERMARK, '$1$$1') + skipped[0];
    last = skipped.index + skipped[0].length;
  }
  return out + sql.slice(last).replace(WATERMARK, '$1$$1');
}

/** A quoted identifier (a result column name) for either dialect. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
