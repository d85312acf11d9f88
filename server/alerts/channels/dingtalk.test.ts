import { describe, expect, it } from 'vitest';
import { createDingtalkChannel, DINGTALK_BODY_BYTES, dingtalkConfigSchema, dingtalkMessage, dingtalkSign, dingtalkSignedUrl } from './dingtalk';
import { batchOf, breachAlert, fakeFetch, manyBreaches, resolvedAtRisk, sendFailure } from './fixtures';
import { noticeView } from './view';

const ZH = { timezone: 'Asia/Shanghai', language: 'zh-CN' } as const;
const NO_AT = { at_mobiles: [], at_user_ids: [], at_all: false };

describe('DingTalk signing (the worked example of the reference: secret SECtest123, 1700000000000 ms)', () => {
  it('signs timestamp + "\\n" + secret with the secret as the HMAC key', () => {
    expect(dingtalkSign('SECtest123', 1_700_000_000_000)).toBe('w3RMHXzixTMdzr8OHJUmVLS4IoPJVdu+Ut1LE48MePE=');
  });
  it('adds timestamp and the once URL-encoded sign to the webhook URL', () => {
    const url = dingtalkSignedUrl(new URL('https://oapi.dingtalk.com/robot/send?access_token=XXX'), 'SECtest123', 1_700_000_000_000);
    expect(url.href).toBe('https://oapi.dingtalk.com/robot/send?access_token=XXX&timestamp=1700000000000&sign=w3RMHXzixTMdzr8OHJUmVLS4IoPJVdu%2BUt1LE48MePE%3D');
  });
});

describe('dingtalkMessage', () => {
  it('is a markdown message with a title, a heading and two-space line breaks', () => {
    expect(dingtalkMessage(noticeView(batchOf([breachAlert()]), ZH), NO_AT)).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: '【告警】1 条 · L1, SLA 已超时',
        text: '#### 【告警】1 条 · L1, SLA 已超时\n\n'
          + '**[打印机卡纸 ＜img src=x onerror=alert(1)＞](https://desk.example.com/tickets/4711)** · zd #4711  \n  '
          + 'SLA 已超时 · first_reply_time  \n  '
          + '优先级：高 · 到期：2025-03-10 12:30 +08:00 · 已超时：1h 05m · 处理人：li.wei · 处理组：L1',
      },
      at: { atMobiles: [], atUserIds: [], isAtAll: false },
    });
  });
  it('puts the security keyword in title and text, and @-mentions only while firing', () => {
    const o = { keyword: '告警通知', at_mobiles: ['13800001111'], at_user_ids: ['u1'], at_all: true };
    const firing = dingtalkMessage(noticeView(batchOf([breachAlert()]), ZH), o);
    expect(firing.markdown.title).toBe('告警通知 【告警】1 条 · L1, SLA 已超时');
    expect(firing.markdown.text.startsWith('#### 告警通知 【告警】')).toBe(true);
    expect(firing.markdown.text.endsWith('\n\n@13800001111 @u1')).toBe(true);
    expect(firing.at).toEqual({ atMobiles: ['13800001111'], atUserIds: ['u1'], isAtAll: true });
    const resolved = dingtalkMessage(noticeView(batchOf([resolvedAtRisk()]), ZH), o);
    expect(resolved.at).toEqual({ isAtAll: false });
    expect(resolved.markdown.text).not.toContain('@13800001111');
  });
  it('keeps the whole body under 20000 bytes, cutting whole alerts', () => {
    const body = dingtalkMessage(noticeView(batchOf(manyBreaches(150)), ZH), NO_AT);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(DINGTALK_BODY_BYTES);
    const more = /……还有 (\d+) 条未列出$/.exec(body.markdown.text);
    const shown = body.markdown.text.split('\n\n').length - 2; // minus the heading and the "more" line
    expect(shown + Number(more![1])).toBe(150);
    expect(shown).toBeGreaterThan(10);
  });
});

describe('dingtalk channel', () => {
  const config = dingtalkConfigSchema.parse({ id: 'dd', kind: 'dingtalk', url_env: 'DD_URL', secret_env: 'DD_SECRET' });
  const env = { DD_URL: 'https://oapi.dingtalk.com/robot/send?access_token=tok123', DD_SECRET: 'SECtest123' };
  const channel = (f: typeof fetch) => createDingtalkChannel(config, { env, timezone: 'Asia/Shanghai', fetch: f, now: () => 1_700_000_000_000 });

  it('signs each request at the time of sending', async () => {
    const vendor = fakeFetch({ body: '{"errcode":0,"errmsg":"ok"}' });
    await channel(vendor.fetch).send(batchOf([breachAlert()]));
    expect(vendor.calls[0]!.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=tok123&timestamp=1700000000000&sign=w3RMHXzixTMdzr8OHJUmVLS4IoPJVdu%2BUt1LE48MePE%3D');
  });
  it.each([
    [130101, 'send too fast, exceed 20 times per minute', true], [-1, '系统繁忙', true],
    [310000, 'sign not match', false], [310000, 'keywords not in content', false], [300005, 'token is not exist', false], [460101, 'message too long', false],
  ])('reads errcode %i (%s) in an HTTP 200 answer: retryable %s', async (errcode, errmsg, retryable) => {
    const err = await sendFailure(() => channel(fakeFetch({ body: JSON.stringify({ errcode, errmsg }) }).fetch).send(batchOf([breachAlert()])));
    expect(err).toMatchObject({ retryable, code: errcode });
    expect(err!.message).toContain(errmsg);
    expect(err!.message).not.toContain('tok123');
  });
  it('needs its secret variable when signing is configured', () => {
    expect(() => createDingtalkChannel(config, { env: { DD_URL: env.DD_URL }, timezone: 'UTC' })).toThrow('environment variable DD_SECRET is not set');
  });
});
