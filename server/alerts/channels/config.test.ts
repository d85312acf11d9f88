import { describe, expect, it } from 'vitest';
import { channelConfigSchema, createChannel } from './config';

const deps = (env: NodeJS.ProcessEnv = {}) => ({ env, timezone: 'Asia/Shanghai' });

describe('channelConfigSchema', () => {
  it('picks the kind and fills the defaults', () => {
    expect(channelConfigSchema.parse({ id: 'ops-wecom', kind: 'wecom', url_env: 'WECOM_URL' }))
      .toEqual({ id: 'ops-wecom', kind: 'wecom', url_env: 'WECOM_URL', send_resolved: true, timeout: '10s', language: 'zh-CN', mention: [] });
    expect(channelConfigSchema.parse({ id: 'f', kind: 'feishu', url_env: 'F', timeout: '3s', send_resolved: false }))
      .toMatchObject({ format: 'card', timeout: '3s', send_resolved: false });
  });
  it('has no place for a secret itself, only for the name of its variable', () => {
    expect(channelConfigSchema.safeParse({ id: 'w', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }).success).toBe(false);
    expect(channelConfigSchema.safeParse({ id: 'd', kind: 'dingtalk', url_env: 'D', secret: 'SEC123' }).success).toBe(false);
    expect(channelConfigSchema.safeParse({ id: 'd', kind: 'dingtalk', url_env: 'https://oapi.dingtalk.com/robot/send' }).success).toBe(false);
  });
  it('rejects an unknown kind, a bad id and a bad timeout', () => {
    expect(channelConfigSchema.safeParse({ id: 'x', kind: 'pager', url_env: 'X' }).success).toBe(false);
    expect(channelConfigSchema.safeParse({ id: 'Bad Id', kind: 'slack', url_env: 'X' }).success).toBe(false);
    const bad = channelConfigSchema.safeParse({ id: 'x', kind: 'slack', url_env: 'X', timeout: 'soon' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toEqual(['timeout']);
  });
});

describe('createChannel', () => {
  it.each([
    [{ id: 'a', kind: 'webhook', url: 'https://receiver.example/x' }, {}],
    [{ id: 'b', kind: 'wecom', url_env: 'U' }, { U: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }],
    [{ id: 'c', kind: 'dingtalk', url_env: 'U', secret_env: 'S' }, { U: 'https://oapi.dingtalk.com/robot/send?access_token=t', S: 'SECx' }],
    [{ id: 'd', kind: 'feishu', url_env: 'U' }, { U: 'https://open.feishu.cn/open-apis/bot/v2/hook/h' }],
    [{ id: 'e', kind: 'slack', url_env: 'U' }, { U: 'https://hooks.slack.com/services/T/B/x' }],
    [{ id: 'f', kind: 'teams', url_env: 'U' }, { U: 'https://example.logic.azure.com/workflows/x' }],
    [{ id: 'g', kind: 'email', host: '127.0.0.1', from: 'a@example.com', to: ['b@example.com'], timeout: '5s' }, {}],
  ])('makes a %o channel', (raw, env) => {
    const config = channelConfigSchema.parse(raw);
    const channel = createChannel(config, deps(env));
    expect([channel.id, channel.kind, channel.timeoutMs]).toEqual([config.id, config.kind, config.kind === 'email' ? 5000 : 10_000]);
  });
  it('names the missing variable', () => {
    expect(() => createChannel(channelConfigSchema.parse({ id: 's', kind: 'slack', url_env: 'SLACK_URL' }), deps()))
      .toThrow('slack "s": environment variable SLACK_URL is not set');
  });
  it('refuses a variable that holds no http(s) URL, without repeating its value', () => {
    const config = channelConfigSchema.parse({ id: 's', kind: 'slack', url_env: 'SLACK_URL' });
    expect(() => createChannel(config, deps({ SLACK_URL: 'hooks.slack.com/secret-part' }))).toThrow(/^slack "s": environment variable SLACK_URL does not hold a URL$/);
    expect(() => createChannel(config, deps({ SLACK_URL: 'file:///secret-part' }))).toThrow(/^slack "s": environment variable SLACK_URL must hold an http\(s\) URL$/);
  });
});
