import { describe, expect, it } from 'vitest';
import { batchOf, breachAlert, fakeFetch, manyBreaches, resolvedAtRisk, sendFailure } from './fixtures';
import { noticeView } from './view';
import { createWecomChannel, WECOM_MARKDOWN_BYTES, wecomConfigSchema, wecomMessage } from './wecom';

const ZH = { timezone: 'Asia/Shanghai', language: 'zh-CN' } as const;
const KEY_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-secret';

describe('wecomMessage', () => {
  it('is a markdown message: coloured header, linked ticket, facts, user text defanged', () => {
    const msg = wecomMessage(noticeView(batchOf([breachAlert()]), ZH), []);
    expect(msg).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: '### <font color="warning">【告警】1 条 · L1, SLA 已超时</font>\n\n'
          + '**[打印机卡纸 ＜img src=x onerror=alert(1)＞](https://desk.example.com/tickets/4711)** · zd #4711\n'
          + 'SLA 已超时 · first_reply_time\n'
          + '优先级：高 · 到期：2025-03-10 12:30 +08:00 · 已超时：1h 05m · 处理人：li.wei · 处理组：L1',
      },
    });
  });
  it('marks a resolved alert green and breaks its link syntax', () => {
    const { content } = wecomMessage(noticeView(batchOf([resolvedAtRisk()]), ZH), ['zhangsan']).markdown;
    expect(content.startsWith('### <font color="info">【已恢复】1 条 · L1, SLA 已超时</font>\n\n**VPN ［login］(https://evil.example) fails** · zd #4712\n')).toBe(true);
    expect(content).not.toContain('<@zhangsan>'); // nobody is paged for a resolve
  });
  it('mentions users while alerts fire', () => {
    expect(wecomMessage(noticeView(batchOf([breachAlert()]), ZH), ['zhangsan', 'li.wei']).markdown.content.endsWith('\n\n<@zhangsan> <@li.wei>')).toBe(true);
  });
  it('stays within 4096 UTF-8 bytes by cutting whole alerts and saying how many', () => {
    const { content } = wecomMessage(noticeView(batchOf(manyBreaches(40)), ZH), []).markdown;
    const blocks = content.split('\n\n').slice(1); // after the header
    const more = /^……还有 (\d+) 条未列出$/.exec(blocks.at(-1)!);
    expect(more).not.toBeNull();
    const shown = blocks.length - 1;
    expect(shown + Number(more![1])).toBe(40);
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_MARKDOWN_BYTES);
    // One more alert of the same size would not have fitted.
    expect(Buffer.byteLength(content) + Buffer.byteLength(blocks[0]!) + 2).toBeGreaterThan(WECOM_MARKDOWN_BYTES);
    expect(blocks.slice(0, shown).every((b) => b.startsWith('**[工单'))).toBe(true);
  });
});

describe('wecom channel', () => {
  const config = wecomConfigSchema.parse({ id: 'ops-wecom', kind: 'wecom', url_env: 'WECOM_URL' });
  const channel = (f: typeof fetch) => createWecomChannel(config, { env: { WECOM_URL: KEY_URL }, timezone: 'Asia/Shanghai', fetch: f });

  it('posts UTF-8 JSON to the key URL and takes errcode 0 as success', async () => {
    const vendor = fakeFetch({ body: '{"errcode":0,"errmsg":"ok"}' });
    expect(await sendFailure(() => channel(vendor.fetch).send(batchOf([breachAlert()])))).toBeUndefined();
    expect(vendor.calls[0]!.url).toBe(KEY_URL);
    expect(vendor.calls[0]!.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(vendor.calls[0]!.body).markdown.content).toContain('打印机卡纸');
  });
  it.each([
    [45009, true, 60_000], [-1, true, undefined], [93000, false, undefined], [40058, false, undefined], [44004, false, undefined],
  ])('reads errcode %i in an HTTP 200 answer: retryable %s', async (errcode, retryable, wait) => {
    const vendor = fakeFetch({ body: JSON.stringify({ errcode, errmsg: 'hint: [x], from ip: 1.2.3.4' }) });
    const err = await sendFailure(() => channel(vendor.fetch).send(batchOf([breachAlert()])));
    expect(err).toMatchObject({ name: 'ChannelError', retryable, code: errcode, retryAfterMs: wait });
    expect(err!.message).not.toContain('secret');
  });
  it('retries an answer that is not WeCom JSON, and a 502', async () => {
    expect(await sendFailure(() => channel(fakeFetch({ body: '<html>gateway</html>' }).fetch).send(batchOf([breachAlert()])))).toMatchObject({ retryable: true });
    expect(await sendFailure(() => channel(fakeFetch({ status: 502 }).fetch).send(batchOf([breachAlert()])))).toMatchObject({ retryable: true, code: 502 });
  });
  it('refuses to start without its variable, naming it', () => {
    expect(() => createWecomChannel(config, { env: {}, timezone: 'UTC' })).toThrow('wecom "ops-wecom": environment variable WECOM_URL is not set');
  });
});
