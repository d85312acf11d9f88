import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { MetricRef } from '../protocol';
import { screenFiles, validateScreen } from './load';
import { validatePlaylist } from './playlists';
import { WIDGET_OPTION_SCHEMAS } from './widget-option-schemas';

// A catalogue of one metric, `orders.count`, taking only `window`; and two widget types.
const checkMetric = (ref: MetricRef) => {
  if (ref.id !== 'orders.count') throw Object.assign(new Error(`unknown metric "${ref.id}"`), { path: 'id' });
  const extra = Object.keys(ref.params ?? {}).find((k) => k !== 'window');
  if (extra) throw Object.assign(new Error(`orders.count: params: unknown param "${extra}"`), { path: `params.${extra}` });
};
const widgets = new Map<string, z.ZodType>([
  ['kpi', z.strictObject({ unit: z.string().default('') })],
  ['text', z.strictObject({ text: z.string() })],
]);
const checks = { checkMetric, widgets };

/** A screen file as an editor would write it; lines numbered in the comments of each test. */
function screenText(widgetsJson: string, items = '{ "widget": "a", "x": 0, "y": 0, "w": 4, "h": 2 }'): string {
  return [
    '{', //                                                         1
    '  "id": "s",', //                                               2
    '  "title": "S",', //                                            3
    '  "canvas": { "width": 1920, "height": 1080 },', //             4
    '  "widgets": {', //                                             5
    widgetsJson, //                                                  6
    '  },', //                                                       7
    '  "layout": { "wall": { "columns": 12, "rows": 6, "items": [', // 8
    `    ${items}`, //                                               9
    '  ] } }', //                                                    10
    '}', //                                                          11
  ].join('\n');
}

describe('validateScreen: every problem with its line, column and JSON path', () => {
  it('a valid file', () => {
    const entry = validateScreen('/x/s.json', screenText('    "a": { "type": "kpi", "metric": { "id": "orders.count" } }'), checks);
    expect(entry.valid).toBe(true);
    expect(entry.definition?.widgets.a?.type).toBe('kpi');
  });

  it('JSON syntax: where the parser stopped', () => {
    // Line 6 is `    "a": { "type": "kpi" ,, }`: the second comma is at column 27 (col 20-24 "kpi", 25 space, 26 the first comma).
    const entry = validateScreen('/x/s.json', screenText('    "a": { "type": "kpi" ,, }'), checks);
    expect(entry.valid).toBe(false);
    expect(entry.problems).toEqual([{ path: '', line: 6, column: 27, message: 'not valid JSON: property name expected' }]);
    expect(entry.error).toBe('s.json:6:27 (root): not valid JSON: property name expected');
  });

  it('an unknown property: at its key', () => {
    // `    "a": { "type": "kpi", "colour": 1 }`: "kpi" is columns 20-24, the comma 25, a space 26: "colour" starts at column 27.
    const entry = validateScreen('/x/s.json', screenText('    "a": { "type": "kpi", "colour": 1 }'), checks);
    expect(entry.problems).toEqual([{ path: 'widgets.a.colour', line: 6, column: 27, message: 'unknown property "colour"' }]);
  });

  it('an unknown widget type, options the type does not take, an unknown metric, a param the metric does not take', () => {
    const text = screenText([
      '    "a": { "type": "kpi", "options": { "unit": 5 } },', //                      line 6
      '    "b": { "type": "bar" },', //                                                line 7
      '    "c": { "type": "text", "options": { "text": "x", "size": 3 } },', //       line 8
      '    "d": { "type": "kpi", "metric": { "id": "orders.nope" } },', //            line 9
      '    "e": { "type": "kpi", "metric": { "id": "orders.count", "params": { "status": "new" } } }', // line 10
    ].join('\n'), ['a', 'b', 'c', 'd', 'e'].map((w, i) => `{ "widget": "${w}", "x": ${2 * i}, "y": 0, "w": 2, "h": 2 }`).join(', '));
    const entry = validateScreen('/x/s.json', text, checks);
    expect(entry.problems?.map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual([
      '6:40 widgets.a.options.unit', //  "options" 27-35, ":" 36, "{" 38: "unit" at column 40
      '7:12 widgets.b.type', //          "type" at column 12
      '8:54 widgets.c.options.size', //  "options" 28-36, "text" 41-46, "x" 49-51: "size" at column 54
      '9:39 widgets.d.metric.id', //     "metric" 27-34, "{" 37: "id" at column 39
      '10:73 widgets.e.metric.params.status', // "orders.count" 45-58, "params" 61-68, "{" 71: "status" at 73
    ]);
    expect(entry.problems![1]!.message).toBe('unknown widget type "bar"; known: kpi, text');
    expect(entry.problems![3]!.message).toBe('unknown metric "orders.nope"');
    expect(entry.error!.split('\n')[1]).toBe('s.json:7:12 widgets.b.type: unknown widget type "bar"; known: kpi, text');
  });

  it('the layout: a missing widget, and an item outside the grid', () => {
    // Line 9: `    { "widget": "zz", "x": 10, "y": 0, "w": 4, "h": 7 }`; 10 + 4 = 14 > 12 columns, 0 + 7 = 7 > 6 rows.
    // "widget" at 7; "x" 23-25, 10 at 28-29, "y" 32-34, 0 at 37: "w" at 40, 4 at 45: "h" at 48.
    const entry = validateScreen('/x/s.json', screenText('    "a": { "type": "kpi" }', '{ "widget": "zz", "x": 10, "y": 0, "w": 4, "h": 7 }'), checks);
    expect(entry.problems).toEqual([
      { path: 'layout.wall.items[0].widget', line: 9, column: 7, message: 'no widget "zz" in widgets' },
      { path: 'layout.wall.items[0].w', line: 9, column: 40, message: 'x + w = 14 is outside the 12 columns of the grid' },
      { path: 'layout.wall.items[0].h', line: 9, column: 48, message: 'y + h = 7 is outside the 6 rows of the grid' },
      // "a" is defined but never placed (the item names "zz"): line 6, its key at column 5.
      { path: 'widgets.a', line: 6, column: 5, message: 'widget "a" is not placed: expected an item in layout.wall.items with "widget": "a", or no such widget' },
    ]);
  });

  it('a drill-through link: its scheme, its braces, its target, its type', () => {
    const text = screenText([
      '    "a": { "type": "kpi", "link": "javascript:alert(1)" },', //                             line 6
      '    "b": { "type": "kpi", "link": { "url": "/t/{id", "target": "_top" } },', //             line 7
      '    "c": { "type": "kpi", "link": 5 },', //                                                 line 8
      '    "d": { "type": "kpi", "link": { "url": "https://acme.zendesk.com/agent/tickets/{ticket_id}", "target": "_self" } }', // line 9
    ].join('\n'));
    const entry = validateScreen('/x/s.json', text, checks);
    // "link" at column 27 on every line; on line 7 "url" at 37, "/t/{id" 44-51, "target" at 54.
    expect(entry.problems).toEqual([
      { path: 'widgets.a.link', line: 6, column: 27, message: 'a link must start with http://, https:// or a path /… (this one starts with "javascript:")' },
      { path: 'widgets.b.link.url', line: 7, column: 37, message: 'unbalanced "{" at character 4: placeholders are written {name}' },
      { path: 'widgets.b.link.target', line: 7, column: 54, message: 'Invalid option: expected one of "_blank"|"_self"' },
      { path: 'widgets.c.link', line: 8, column: 27, message: 'expected string or object' },
    ]);
    expect(entry.error!.split('\n')[0]).toBe('s.json:6:27 widgets.a.link: a link must start with http://, https:// or a path /… (this one starts with "javascript:")');
  });

  it('the id must be the file name', () => {
    const entry = validateScreen('/x/other.json', screenText('    "a": { "type": "kpi" }'), checks);
    expect(entry.problems).toEqual([{ path: 'id', line: 2, column: 3, message: '"s" must equal the file name "other"' }]);
  });
});

describe('validatePlaylist', () => {
  const exists = (id: string) => id === 'one' || id === 'two';
  it('a valid playlist, with defaults', () => {
    const entry = validatePlaylist('/p/wall.json', '{ "id": "wall", "title": "W", "screens": [{ "screen": "one" }, { "screen": "two", "dwell": "2m" }] }', exists);
    expect(entry.valid).toBe(true);
    expect(entry.definition).toEqual({ id: 'wall', title: 'W', hold_on_critical: false, screens: [{ screen: 'one', dwell: '30s' }, { screen: 'two', dwell: '2m' }] });
  });
  it('a missing screen and a bad dwell, each where it is written', () => {
    const text = '{\n  "id": "wall", "title": "W",\n  "screens": [\n    { "screen": "one", "dwell": "0s" },\n    { "screen": "three" }\n  ]\n}';
    const entry = validatePlaylist('/p/wall.json', text, exists);
    expect(entry.problems).toEqual([{ path: 'screens[0].dwell', line: 4, column: 24, message: 'at least "1s"' }]);
    const missing = validatePlaylist('/p/wall.json', text.replace('"0s"', '"5s"'), exists);
    expect(missing.problems).toEqual([{ path: 'screens[1].screen', line: 5, column: 7, message: 'no screen "three" in the screens folder' }]);
    expect(missing.error).toBe('playlists/wall.json:5:7 screens[1].screen: no screen "three" in the screens folder');
  });
});

describe('the shipped playlists', () => {
  it('are valid and name shipped screens', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../screens/', import.meta.url);
    const screens = new Set(readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).map((f) => f.slice(0, -5)));
    const files = readdirSync(new URL('playlists/', dir)).filter((f) => f.endsWith('.json'));
    expect(files).toContain('control-room.json');
    for (const f of files) {
      const entry = validatePlaylist(`/x/${f}`, readFileSync(new URL(`playlists/${f}`, dir), 'utf8'), (id) => screens.has(id));
      expect(entry.error).toBeUndefined();
    }
  });
});

describe('validateScreen: the wall\'s layout places every widget once, in cells of its own', () => {
  const two = '    "a": { "type": "text", "options": { "text": "A" } },\n    "b": { "type": "text", "options": { "text": "B" } }';
  it('two widgets in the same cells: an error at the later item', () => {
    // Lines 6–7 hold the widgets, so the items are on line 10: four spaces, the 49 characters of a's item (columns
    // 5–53), ", " (54–55): b's item opens at column 56.
    const items = '{ "widget": "a", "x": 0, "y": 0, "w": 4, "h": 2 }, { "widget": "b", "x": 3, "y": 1, "w": 2, "h": 2 }';
    const entry = validateScreen('/x/s.json', screenText(two, items), checks);
    // a covers columns 0–3, rows 0–1; b columns 3–4, rows 1–2: they share column 3 of row 1.
    expect(entry.problems).toEqual([{ path: 'layout.wall.items[1]', line: 10, column: 56,
      message: '"b" (x 3, y 1, 2×2) overlaps items[0] "a" (x 0, y 0, 4×2); expected cells of its own' }]);
  });

  it('side by side is no overlap; a widget never placed is an error at the widget', () => {
    const besideItems = '{ "widget": "a", "x": 0, "y": 0, "w": 4, "h": 2 }, { "widget": "b", "x": 4, "y": 0, "w": 2, "h": 2 }';
    expect(validateScreen('/x/s.json', screenText(two, besideItems), checks).valid).toBe(true);
    const entry = validateScreen('/x/s.json', screenText(two), checks);
    // Line 7 of the file (the widgets text is two lines): `    "b": {` with the key at column 5.
    expect(entry.problems).toEqual([{ path: 'widgets.b', line: 7, column: 5,
      message: 'widget "b" is not placed: expected an item in layout.wall.items with "widget": "b", or no such widget' }]);
    expect(entry.error).toBe('s.json:7:5 widgets.b: widget "b" is not placed: expected an item in layout.wall.items with "widget": "b", or no such widget');
  });
});

describe('validateScreen: a screen\'s words in another language (locales)', () => {
  /** A screen of one KPI "a", with `localesJson` (lines 10 on) as its `locales`. */
  const withLocales = (localesJson: string) => [
    '{', //                                                                   1
    '  "id": "s",', //                                                         2
    '  "title": "今日",', //                                                   3
    '  "canvas": { "width": 1920, "height": 1080 },', //                       4
    '  "widgets": {', //                                                       5
    '    "a": { "type": "kpi", "title": "今日订单", "options": { "unit": "单" } }', // 6
    '  },', //                                                                 7
    '  "layout": { "wall": { "columns": 12, "rows": 6, "items": [ { "widget": "a", "x": 0, "y": 0, "w": 4, "h": 2 } ] } },', // 8
    '  "locales": {', //                                                       9
    localesJson,
    '  }',
    '}',
  ].join('\n');

  it('titles and option words by widget name are accepted and kept', () => {
    const entry = validateScreen('/x/s.json', withLocales('    "en": { "title": "Today", "widgets": { "a": { "title": "Orders today", "options": { "unit": "orders" } } } }'), checks);
    expect(entry.error).toBeUndefined();
    expect(entry.definition?.locales?.en).toEqual({ title: 'Today', widgets: { a: { title: 'Orders today', options: { unit: 'orders' } } } });
  });

  it('words for a widget the screen does not have, a language the wall does not speak: each where it is written', () => {
    const entry = validateScreen('/x/s.json', withLocales([
      '    "en": { "widgets": {', //      line 10
      '      "a": "Orders today",', //     line 11
      '      "b": "Typo"', //              line 12: the key "b" at column 7
      '    } },', //                       line 13
      '    "fr": { "title": "Vue" }', //   line 14: the key "fr" at column 5
    ].join('\n')), checks);
    expect(entry.problems).toEqual([
      { path: 'locales.fr', line: 14, column: 5, message: 'unknown property "fr"' },
    ]);
    // The schema fails first (an unknown language); without it, the unknown widget is reported.
    const typo = validateScreen('/x/s.json', withLocales('    "en": { "widgets": {\n      "a": "Orders today",\n      "b": "Typo"\n    } }'), checks);
    expect(typo.problems).toEqual([{ path: 'locales.en.widgets.b', line: 12, column: 7, message: 'no widget "b" in widgets; known: a' }]);
    expect(typo.error).toBe('s.json:12:7 locales.en.widgets.b: no widget "b" in widgets; known: a');
  });

  it('option words the widget type does not take, and options that are not words', () => {
    // Line 10: `    "en": { "widgets": { "a": { "options": { "colour": "red" } } } }`: "colour" opens at column 46
    // (4 spaces, "en" 5-8, ": { " 9-12, "widgets" 13-21, ": { " 22-25, "a" 26-28, ": { " 29-32, "options" 33-41, ": { " 42-45).
    const unknown = validateScreen('/x/s.json', withLocales('    "en": { "widgets": { "a": { "options": { "colour": "red" } } } }'), checks);
    expect(unknown.problems).toEqual([{ path: 'locales.en.widgets.a.options.colour', line: 10, column: 46, message: 'unknown property "colour"' }]);
    // A number is the same in every language: not a word. "unit" at column 46 too.
    const number = validateScreen('/x/s.json', withLocales('    "en": { "widgets": { "a": { "options": { "unit": 5 } } } }'), checks);
    expect(number.problems).toEqual([{ path: 'locales.en.widgets.a.options.unit', line: 10, column: 46, message: 'expected string or record' }]);
  });
});

describe('the shipped screens', () => {
  it('are valid with their English words, checked against the real widget options', () => {
    const dir = new URL('../../screens/', import.meta.url).pathname;
    const real = { checkMetric: () => undefined, widgets: new Map<string, z.ZodType>(Object.entries(WIDGET_OPTION_SCHEMAS)) };
    const files = screenFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const entry = validateScreen(`${dir}${f}`, readFileSync(`${dir}${f}`, 'utf8'), real);
      expect(entry.error, f).toBeUndefined();
      // Words for every widget: a widget added later without an English title is caught here.
      expect(Object.keys(entry.definition!.locales?.en?.widgets ?? {}).sort(), f).toEqual(Object.keys(entry.definition!.widgets).sort());
    }
  });
});
