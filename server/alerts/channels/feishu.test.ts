import { describe, expect, it } from 'vitest';
import { dingtalkSign } from './dingtalk';
import { createFeishuChannel, FEISHU_BODY_BYTES, feishuConfigSchema, feishuMessage, feishuSign } from './feishu';
import { batchOf, breachAlert, fakeFetch, manyBreaches, resolvedAtRisk, sendFailure } from './fixtures';
import { noticeView } from './view';

const ZH = { timezone: 'Asia/Shanghai', language: 'zh-CN' } as const;
const CARD = { format: 'card', language: 'zh-CN' } as const;
type Card = { header: unknown; elements: { tag: string; elements?: { content: string }[] }[] };
const cardOf = (body: object) => (body as { card: Card }).card;

describe('Feishu signing (the worked examples of the reference)', () => {
  it('uses timestamp + "\\n" + secret as the HMAC key over an empty message', () => {
    expect(feishuSign('SECtest123', 1_700_000_000)).toBe('eHRRCyLH7Z4IJQSJlfwertHZThRUYVu2hTUH02xPXYU=');
    expect(feishuSign('demo', 1_599_360_473)).toBe('l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=');
  });
  it('differs from the DingTalk scheme, the classic 19021 mistake', () => {
    expect(dingtalkSign('SECtest123', 1_700_000_000)).toBe('7fCUxQL00TYiw2wM/5r2AGdFYNyPxJOB3cKbGE1L6IY=');
    expect(feishuSign('SECtest123', 1_700_000_000)).not.toBe(dingtalkSign('SECtest123', 1_700_000_000));
  });
});

describe('feishuMessage', () => {
  it('is an interactive card: red header, one markdown element per alert, user text as entities', () => {
    const body = feishuMessage(noticeView(batchOf([breachAlert()]), ZH), CARD, { timestamp: '1700000000', sign: 'S' });
    expect(body).toEqual({
      timestamp: '1700000000', sign: 'S', msg_type: 'interactive',
      card: {
        config: { wide_screen_mode: true },
        header: { title: { tag: 'plain_text', content: '【告警】1 条 · L1, SLA 已超时' }, template: 'red' },
        elements: [{
          tag: 'markdown',
          content: '**[打印机卡纸 &#60;img src=x onerror=alert&#40;1&#41;&#62;](https://desk.example.com/tickets/4711)** · zd #4711\n'
            + 'SLA 已超时 · first&#95;reply&#95;time\n'
            + '优先级：高 · 到期：2025-03-10 12:30 +08:00 · 已超时：1h 05m · 处理人：li.wei · 处理组：L1',
        }],
      },
    });
    expect(Object.keys(body).slice(0, 2)).toEqual(['timestamp', 'sign']);
  });
  it('separates alerts by a rule and a green header when resolved; keyword in the title', () => {
    const body = feishuMessage(noticeView(batchOf([resolvedAtRisk(), resolvedAtRisk({ alert_key: 'b' })]), ZH), { ...CARD, keyword: 'OpsWall' });
    expect(cardOf(body).header).toEqual({ title: { tag: 'plain_text', content: 'OpsWall 【已恢复】2 条 · L1, SLA 已超时' }, template: 'green' });
    expect(cardOf(body).elements.map((e) => e.tag)).toEqual(['markdown', 'hr', 'markdown']);
    expect('timestamp' in body).toBe(false);
  });
  it('writes a post as plain text elements, which Feishu never reads as markup', () => {
    const body = feishuMessage(noticeView(batchOf([breachAlert()]), ZH), { format: 'post', language: 'zh-CN' });
    expect(body).toEqual({
      msg_type: 'post',
      content: { post: { zh_cn: {
        title: '【告警】1 条 · L1, SLA 已超时',
        content: [
          [{ tag: 'a', text: '打印机卡纸 <img src=x onerror=alert(1)>', href: 'https://desk.example.com/tickets/4711' }, { tag: 'text', text: ' · zd #4711' }],
          [{ tag: 'text', text: 'SLA 已超时 · first_reply_time' }],
          [{ tag: 'text', text: '优先级：高 · 到期：2025-03-10 12:30 +08:00 · 已超时：1h 05m · 处理人：li.wei · 处理组：L1' }],
        ],
      } } },
    });
  });
  it('keeps the body, signature included, within 20 KB and notes the alerts left out', () => {
    const body = feishuMessage(noticeView(batchOf(manyBreaches(150)), ZH), CARD, { timestamp: '1700000000', sign: 'x'.repeat(44) });
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(FEISHU_BODY_BYTES);
    const { elements } = cardOf(body);
    const note = elements.at(-1)!;
    expect(note.tag).toBe('note');
    const shown = elements.filter((e) => e.tag === 'markdown').length;
    expect(shown + Number(/还有 (\d+) 条/.exec(note.elements![0]!.content)![1])).toBe(150);
  });
});

describe('feishu channel', () => {
  const config = feishuConfigSchema.parse({ id: 'fs', kind: 'feishu', url_env: 'FS_URL', secret_env: 'FS_SECRET' });
  const env = { FS_URL: 'https://open.feishu.cn/open-apis/bot/v2/hook/hook-id-secret', FS_SECRET: 'SECtest123' };
  const channel = (f: typeof fetch) => createFeishuChannel(config, { env, timezone: 'Asia/Shanghai', fetch: f, now: () => 1_700_000_000_123 });

  it('signs the body with the time in seconds', async () => {
    const vendor = fakeFetch({ body: '{"code":0,"msg":"success","data":{},"Extra":null,"StatusCode":0,"StatusMessage":"success"}' });
    await channel(vendor.fetch).send(batchOf([breachAlert()]));
    const sent = JSON.parse(vendor.calls[0]!.body);
    expect([sent.timestamp, sent.sign]).toEqual(['1700000000', 'eHRRCyLH7Z4IJQSJlfwertHZThRUYVu2hTUH02xPXYU=']);
  });
  it('takes the legacy StatusCode answer as success', async () => {
    expect(await sendFailure(() => channel(fakeFetch({ body: '{"Extra":null,"StatusCode":0,"StatusMessage":"success"}' }).fetch).send(batchOf([breachAlert()])))).toBeUndefined();
  });
  it.each([
    [11232, 'frequency limited', true], [19021, 'sign match fail or timestamp is not within one hour from current time', false],
    [19022, 'Ip Not Allowed', false], [19024, 'Key Words Not Found', false], [9499, 'Bad Request', false],
  ])('reads code %i (%s) in an HTTP 200 answer: retryable %s', async (code, msg, retryable) => {
    const err = await sendFailure(() => channel(fakeFetch({ body: JSON.stringify({ code, msg, data: {} }) }).fetch).send(batchOf([breachAlert()])));
    expect(err).toMatchObject({ retryable, code });
    expect(err!.message).not.toContain('hook-id-secret');
  });
  it('fails for good on an unknown hook (HTTP 404)', async () => {
    const err = await sendFailure(() => channel(fakeFetch({ status: 404, body: '{"code":99991201,"msg":"resource not find"}' }).fetch).send(batchOf([breachAlert()])));
    expect(err).toMatchObject({ retryable: false, code: 404 });
  });
});
