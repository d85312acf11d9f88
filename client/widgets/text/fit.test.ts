import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import { textFontSize } from './fit';
import { textSampleOptions } from './sample';
import Widget from './Widget.vue';

describe('textFontSize', () => {
  it('a short title as large as its kind allows', () => expect(textFontSize('值班', { width: 800, height: 200 }, 'title')).toEqual({ fontSize: 96, lineHeight: 1.2 }));
  it('a title limited by the width', () => {
    // 10 CJK characters = 10 em on one line; 90 % of 500 px = 450 px → 45 px (two lines would need 108 px of height at 45)
    expect(textFontSize('一二三四五六七八九十', { width: 500, height: 60 }, 'title').fontSize).toBe(45);
  });
  it('body text wraps and shrinks until its lines fit the height', () => {
    // 40 CJK em in 270 px (90 % of 300): at 28 px 5 lines · 42 px = 210 > 120; at 18 px ⌈720/270⌉ = 3 lines · 27 = 81 ≤ 120,
    // at 20 px 3 lines · 30 = 90 ≤ 120, at 21 px ⌈840/270⌉ = 4 lines · 31.5 = 126 > 120 → 20
    expect(textFontSize('字'.repeat(40), { width: 300, height: 120 }, 'body').fontSize).toBe(20);
  });
  it('never below the floor', () => expect(textFontSize('字'.repeat(2000), { width: 100, height: 50 }, 'body').fontSize).toBe(14));
});

describe('text widget', () => {
  it('shows markup as text', async () => {
    const html = await renderToString(createSSRApp({ render: () => h(Widget, { options: textSampleOptions, value: undefined, size: { width: 600, height: 200 }, now: 0, stale: false }) }));
    expect(html).toContain('&lt;b&gt;不是 HTML&lt;/b&gt;');
    expect(html).not.toContain('<b>');
  });
});
