import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenSchema } from '../../server/protocol';
import { localizeScreen } from './screen-words';

const screen = screenSchema.parse({
  id: 's', title: '运营总览', description: '今日数字',
  canvas: { width: 1920, height: 1080 },
  widgets: {
    orders: { type: 'kpi', title: '今日订单', options: { unit: '单', goodWhen: 'up' } },
    flow: { type: 'flow-paths', title: '流程', options: { steps: { won: '赢单', shipped: '发货' }, showBreaks: true } },
    clock: { type: 'clock', title: '时间' },
  },
  layout: { wall: { columns: 2, rows: 2, items: [] } },
  locales: {
    en: {
      title: 'Operations overview',
      widgets: { orders: { title: 'Orders today', options: { unit: 'orders' } }, flow: { options: { steps: { won: 'Won' } } }, clock: 'Time' },
    },
  },
});

describe('localizeScreen', () => {
  it('takes the title and the widget words the file gives for the language, the file\'s own words elsewhere', () => {
    const en = localizeScreen(screen, 'en');
    expect(en.title).toBe('Operations overview');
    expect(en.description).toBe('今日数字'); // not given in English
    expect(en.widgets.orders).toMatchObject({ title: 'Orders today', options: { unit: 'orders', goodWhen: 'up' } });
    expect(en.widgets.clock?.title).toBe('Time');
    // Option words replace the option whole: a step left out of the English steps shows its id, not its Chinese name.
    expect(en.widgets.flow).toMatchObject({ title: '流程', options: { steps: { won: 'Won' }, showBreaks: true } });
    expect(en.layout).toBe(screen.layout);
  });
  it('leaves a screen without words for the language as it is', () => {
    expect(localizeScreen(screen, 'zh-CN')).toBe(screen);
  });
});

describe('the shipped screens in English', () => {
  const dir = new URL('../../screens/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
  const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  /** Every string in a value, with where it is. */
  const strings = (v: unknown, at: string): [string, string][] => (typeof v === 'string' ? [[at, v]]
    : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => strings(x, `${at}.${k}`)) : []);

  it.each(files)('%s: title, widget titles and option words have no Chinese left', (file) => {
    const screen = localizeScreen(screenSchema.parse(JSON.parse(readFileSync(new URL(file, dir), 'utf8'))), 'en');
    const words = [['title', screen.title] as [string, string], ...Object.entries(screen.widgets).flatMap(([name, w]) =>
      [...strings(w.title, `${name}.title`), ...strings(w.options, `${name}.options`)])];
    expect(words.filter(([, text]) => CJK.test(text))).toEqual([]);
  });
});
