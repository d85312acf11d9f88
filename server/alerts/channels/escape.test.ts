import { describe, expect, it } from 'vitest';
import { defang, feishuEscape, htmlEscape, slackEscape } from './escape';

describe('defang (WeCom, DingTalk)', () => {
  it('turns tag brackets into their full-width twins', () => {
    expect(defang('<img src=x onerror=alert(1)>')).toBe('＜img src=x onerror=alert(1)＞');
    expect(defang('<font color="info">x</font> <@all>')).toBe('＜font color="info"＞x＜/font＞ ＜@all＞');
  });
  it('breaks link, emphasis, code and entity syntax', () => {
    expect(defang('[click](https://evil.example)')).toBe('［click］(https://evil.example)');
    expect(defang('**bold** `code` ~~gone~~ a\\b &lt;')).toBe('＊＊bold＊＊ ｀code｀ ～～gone～～ a＼b ＆lt;');
  });
  it('leaves Chinese and ordinary punctuation alone', () => {
    expect(defang('工单 #4711（紧急）: a_b, 50% done!')).toBe('工单 #4711（紧急）: a_b, 50% done!');
  });
});

describe('feishuEscape', () => {
  it('writes markup characters as numeric entities, as Feishu documents', () => {
    expect(feishuEscape('<b>*x*</b>')).toBe('&#60;b&#62;&#42;x&#42;&#60;/b&#62;');
    expect(feishuEscape('[a](http://x)')).toBe('&#91;a&#93;&#40;http://x&#41;');
    expect(feishuEscape('~~s~~ `c` _i_ \\')).toBe('&#126;&#126;s&#126;&#126; &#96;c&#96; &#95;i&#95; &#92;');
  });
  it('escapes & first, so a typed entity stays text', () => expect(feishuEscape('&#60;')).toBe('&#38;#60;'));
  it('leaves Chinese alone', () => expect(feishuEscape('工单已超时')).toBe('工单已超时'));
});

describe('slackEscape', () => {
  it('escapes the three characters Slack reserves, so no link or mention can be made', () => {
    expect(slackEscape('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  });
});

describe('htmlEscape', () => {
  it('escapes text and attribute characters', () => {
    expect(htmlEscape(`<img src=x onerror="a('1')"> & 工单`)).toBe('&lt;img src=x onerror=&quot;a(&#39;1&#39;)&quot;&gt; &amp; 工单');
  });
});
