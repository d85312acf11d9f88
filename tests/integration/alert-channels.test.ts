import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { channelConfigSchema, createChannel, createDelivery, type Delivery, type Outcome, type OutcomeInfo } from '../../server/alerts/channels';
import { batchOf, breachAlert, resolvedAtRisk, ruleAlert } from '../../server/alerts/channels/fixtures';
import type { NotificationBatch } from '../../server/alerts/channels/types';
import { startFakeVendor } from '../support/fake-vendor';

/**
 * Each vendor played by a real HTTP (or SMTP) server on 127.0.0.1, answering as the vendor does: the Chinese bots
 * with HTTP 200 and an error code in the body, Slack with plain text, Teams with 202. The channels are built from
 * config entries as the hub builds them and sent through the real delivery (queues, timeouts, retries).
 */

interface Seen { method: string; url: string; headers: IncomingHttpHeaders; body: string; at: number }
interface Reply { status?: number; body?: string; headers?: Record<string, string> }

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** A vendor endpoint: records each request and answers `reply(request, n)` (n from 1). */
async function startBot(reply: (seen: Seen, n: number) => Reply) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      seen.push(s);
      const r = reply(s, seen.length);
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers }).end(r.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Channels built from config entries and a delivery around them that records every outcome. */
function deliver(entries: unknown[], env: NodeJS.ProcessEnv, now?: () => number) {
  const outcomes: { channel: string; outcome: Outcome; info: OutcomeInfo; at: number }[] = [];
  const channels = entries.map((e) => createChannel(channelConfigSchema.parse(e), { env, timezone: 'Asia/Shanghai', ...(now ? { now } : {}) }));
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const delivery: Delivery = createDelivery({
    channels, log: silent, retry: { attempts: 3, baseMs: 10, maxMs: 50 },
    onOutcome: (channel, outcome, info) => outcomes.push({ channel, outcome, info, at: Date.now() }),
  });
  cleanups.push(() => delivery.close());
  return { delivery, outcomes, summary: () => outcomes.map((o) => `${o.channel} ${o.outcome} ${o.info.attempt}`) };
}

const to = (receiver: string, b: NotificationBatch) => ({ ...b, receiver });

describe('webhook (Alertmanager payload)', () => {
  it('posts version 4 with max_alerts truncation, the bearer token and extra headers', async () => {
    const bot = await startBot(() => ({ status: 200 }));
    const { delivery, summary } = deliver([{
      id: 'hook', kind: 'webhook', url: `${bot.url}/alerts`, max_alerts: 1, bearer_token_env: 'HOOK_TOKEN', headers: { 'X-Team': 'ops' },
    }], { HOOK_TOKEN: 'tok-1' });
    delivery.deliver(to('hook', batchOf([breachAlert(), resolvedAtRisk()])));
    await delivery.idle();
    expect(summary()).toEqual(['hook sent 1']);
    const [req] = bot.seen;
    expect([req!.method, req!.url, req!.headers.authorization, req!.headers['x-team'], req!.headers['content-type']])
      .toEqual(['POST', '/alerts', 'Bearer tok-1', 'ops', 'application/json; charset=utf-8']);
    expect(JSON.parse(req!.body)).toEqual({
      receiver: 'hook', status: 'firing',
      alerts: [{
        status: 'firing',
        labels: { source: 'zd', ticket_id: '4711', metric: 'first_reply_time', cycle: '1', kind: 'breach' },
        annotations: { priority: 'high', group: 'L1', assignee: 'li.wei', due_at: '2025-03-10T04:30:00Z', title: '打印机卡纸 <img src=x onerror=alert(1)>', late_s: '3900' },
        startsAt: '2025-03-10T04:31:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'https://desk.example.com/tickets/4711', fingerprint: 'f4711',
      }],
      groupLabels: { group: 'L1', kind: 'breach' },
      commonLabels: { source: 'zd', ticket_id: '4711', metric: 'first_reply_time', cycle: '1', kind: 'breach' },
      commonAnnotations: { priority: 'high', group: 'L1', assignee: 'li.wei', due_at: '2025-03-10T04:30:00Z', title: '打印机卡纸 <img src=x onerror=alert(1)>', late_s: '3900' },
      externalURL: 'https://wall.example.com', version: '4', groupKey: '{}/0:{group="L1", kind="breach"}', truncatedAlerts: 1,
    });
  });

  it('retries 503 and 429 (after its Retry-After), then succeeds', async () => {
    const vendor = await startFakeVendor();
    cleanups.push(() => vendor.close());
    vendor.faults.push({ kind: 'status', status: 503 }, { kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const { delivery, summary } = deliver([{ id: 'hook', kind: 'webhook', url: `${vendor.url}/hook` }], {});
    delivery.deliver(to('hook', batchOf([breachAlert()])));
    await delivery.idle();
    expect(summary()).toEqual(['hook retry 1', 'hook retry 2', 'hook sent 3']);
    expect(vendor.requests.map((r) => r.status)).toEqual([503, 429, 200]);
    expect(vendor.requests[2]!.at - vendor.requests[1]!.at).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a 400', async () => {
    const vendor = await startFakeVendor();
    cleanups.push(() => vendor.close());
    vendor.faults.push({ kind: 'status', status: 400 });
    const { delivery, summary } = deliver([{ id: 'hook', kind: 'webhook', url: `${vendor.url}/hook` }], {});
    delivery.deliver(to('hook', batchOf([breachAlert()])));
    await delivery.idle();
    expect(summary()).toEqual(['hook failed 1']);
    expect(vendor.requests).toHaveLength(1);
  });
});

describe('WeCom group robot', () => {
  const entry = { id: 'wc', kind: 'wecom', url_env: 'WECOM_URL' };

  it('posts the markdown message to the key URL; errcode -1 is retried', async () => {
    const bot = await startBot((_s, n) => ({ body: n === 1 ? '{"errcode":-1,"errmsg":"system busy"}' : '{"errcode":0,"errmsg":"ok"}' }));
    const { delivery, summary } = deliver([entry], { WECOM_URL: `${bot.url}/cgi-bin/webhook/send?key=693a91f6-key` });
    delivery.deliver(to('wc', batchOf([ruleAlert()], { group_labels: { group: 'ops' } })));
    await delivery.idle();
    expect(summary()).toEqual(['wc retry 1', 'wc sent 2']);
    expect(bot.seen[1]!.url).toBe('/cgi-bin/webhook/send?key=693a91f6-key');
    expect(JSON.parse(bot.seen[1]!.body)).toEqual({
      msgtype: 'markdown',
      markdown: { content: '### <font color="warning">【告警】1 条 · ops</font>\n\n**orders.stuck ＞ 20** · 规则 orders-stuck · 已认领\n规则告警\n级别：严重 · 当前值：25 · 处理组：ops' },
    });
  });

  it('waits a minute on errcode 45009 (20 messages a minute) and never retries 93000', async () => {
    const bot = await startBot((s) => ({ body: s.url.includes('key=busy') ? '{"errcode":45009,"errmsg":"api freq out of limit"}' : '{"errcode":93000,"errmsg":"invalid webhook url"}' }));
    const { delivery, outcomes } = deliver([entry, { ...entry, id: 'wc2', url_env: 'WECOM_BAD' }],
      { WECOM_URL: `${bot.url}/cgi-bin/webhook/send?key=busy`, WECOM_BAD: `${bot.url}/cgi-bin/webhook/send?key=revoked` });
    delivery.deliver(to('wc', batchOf([breachAlert()])));
    delivery.deliver(to('wc2', batchOf([breachAlert()])));
    for (let i = 0; i < 100 && outcomes.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(outcomes.map((o) => [o.channel, o.outcome, o.info.code, o.info.retryInMs]).sort())
      .toEqual([['wc', 'retry', 45009, 60_000], ['wc2', 'failed', 93000, undefined]]);
    expect(bot.seen).toHaveLength(2);
  });
});

describe('DingTalk custom robot', () => {
  const SECRET = 'SEC0123456789abcdef';
  /** Plays DingTalk: checks the signature with the secret and the keyword, as the robot's security settings do. */
  const dingtalk = (onValid: () => Reply = () => ({ body: '{"errcode":0,"errmsg":"ok"}' })) => (s: Seen): Reply => {
    const q = new URL(s.url, 'http://x').searchParams;
    const ts = Number(q.get('timestamp'));
    const expected = createHmac('sha256', SECRET).update(`${ts}\n${SECRET}`).digest('base64');
    if (q.get('sign') !== expected || Math.abs(Date.now() - ts) > 3_600_000) return { body: '{"errcode":310000,"errmsg":"sign not match"}' };
    if (!JSON.parse(s.body).markdown.text.includes('OpsWall')) return { body: '{"errcode":310000,"errmsg":"keywords not in content"}' };
    return onValid();
  };
  const entry = { id: 'dd', kind: 'dingtalk', url_env: 'DD_URL', secret_env: 'DD_SECRET', keyword: 'OpsWall', at_mobiles: ['13800001111'] };

  it('signs the URL so the robot verifies it, with the keyword and the @ in the message', async () => {
    const bot = await startBot(dingtalk());
    const { delivery, summary } = deliver([entry], { DD_URL: `${bot.url}/robot/send?access_token=tok`, DD_SECRET: SECRET });
    delivery.deliver(to('dd', batchOf([breachAlert()])));
    await delivery.idle();
    expect(summary()).toEqual(['dd sent 1']);
    expect(bot.seen[0]!.url).toMatch(/^\/robot\/send\?access_token=tok&timestamp=\d{13}&sign=[A-Za-z0-9%]+$/);
    const body = JSON.parse(bot.seen[0]!.body);
    expect(body.markdown.title).toBe('OpsWall 【告警】1 条 · L1, SLA 已超时');
    expect(body.at).toEqual({ atMobiles: ['13800001111'], atUserIds: [], isAtAll: false });
  });

  it('fails for good when the robot refuses the signature', async () => {
    const bot = await startBot(dingtalk());
    const { delivery, outcomes } = deliver([entry], { DD_URL: `${bot.url}/robot/send?access_token=tok`, DD_SECRET: 'SECwrong' });
    delivery.deliver(to('dd', batchOf([breachAlert()])));
    await delivery.idle();
    expect(outcomes.map((o) => [o.outcome, o.info.code, o.info.error])).toEqual([['failed', 310000, 'dingtalk "dd": error 310000 sign not match']]);
    expect(bot.seen).toHaveLength(1);
  });

  it('sends the documented query string for the worked example, and backs off on 130101', async () => {
    const bot = await startBot(() => ({ body: '{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}' }));
    const { delivery, outcomes } = deliver([{ ...entry, keyword: undefined }],
      { DD_URL: `${bot.url}/robot/send?access_token=XXX`, DD_SECRET: 'SECtest123' }, () => 1_700_000_000_000);
    delivery.deliver(to('dd', batchOf([breachAlert()])));
    for (let i = 0; i < 100 && outcomes.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
    expect(bot.seen[0]!.url).toBe('/robot/send?access_token=XXX&timestamp=1700000000000&sign=w3RMHXzixTMdzr8OHJUmVLS4IoPJVdu%2BUt1LE48MePE%3D');
    expect(outcomes.map((o) => [o.outcome, o.info.code, o.info.retryInMs])).toEqual([['retry', 130101, 60_000]]);
  });
});

describe('Feishu custom bot', () => {
  const SECRET = 'feishu-secret-1';
  const SUCCESS = '{"code":0,"msg":"success","data":{},"Extra":null,"StatusCode":0,"StatusMessage":"success"}';
  /** Plays Feishu: checks `timestamp` and `sign` in the body (key = timestamp + "\n" + secret, empty message). */
  const feishu = (onValid: (n: number) => Reply) => (s: Seen, n: number): Reply => {
    const body = JSON.parse(s.body);
    const expected = createHmac('sha256', `${body.timestamp}\n${SECRET}`).update('').digest('base64');
    if (body.sign !== expected || Math.abs(Date.now() / 1000 - Number(body.timestamp)) > 3600) {
      return { body: '{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}' };
    }
    return onValid(n);
  };

  it('sends a signed post; 11232 (throttled) is retried', async () => {
    const bot = await startBot(feishu((n) => ({ body: n === 1 ? '{"code":11232,"msg":"frequency limited","data":{}}' : SUCCESS })));
    const { delivery, summary } = deliver([{ id: 'fs', kind: 'feishu', url_env: 'FS_URL', secret_env: 'FS_SECRET', format: 'post', language: 'en' }],
      { FS_URL: `${bot.url}/open-apis/bot/v2/hook/abc`, FS_SECRET: SECRET });
    delivery.deliver(to('fs', batchOf([resolvedAtRisk()], { group_labels: { group: 'L1', kind: 'at_risk' } })));
    await delivery.idle();
    expect(summary()).toEqual(['fs retry 1', 'fs sent 2']);
    const { timestamp, sign, ...message } = JSON.parse(bot.seen[1]!.body);
    expect([typeof timestamp, typeof sign]).toEqual(['string', 'string']);
    expect(message).toEqual({
      msg_type: 'post',
      content: { post: { en_us: {
        title: '[RESOLVED] 1 alert · L1, SLA at risk',
        content: [
          [{ tag: 'text', text: 'VPN [login](https://evil.example) fails' }, { tag: 'text', text: ' · zd #4712' }],
          [{ tag: 'text', text: 'SLA at risk · first_reply_time' }],
          [{ tag: 'text', text: 'Priority: normal · Due: 2025-03-10 14:00 +08:00 · Group: L1' }],
        ],
      } } },
    });
  });

  it('fails for good on 19021 when the secret is wrong', async () => {
    const bot = await startBot(feishu(() => ({ body: SUCCESS })));
    const { delivery, summary } = deliver([{ id: 'fs', kind: 'feishu', url_env: 'FS_URL', secret_env: 'FS_SECRET' }],
      { FS_URL: `${bot.url}/open-apis/bot/v2/hook/abc`, FS_SECRET: 'not-the-secret' });
    delivery.deliver(to('fs', batchOf([breachAlert()])));
    await delivery.idle();
    expect(summary()).toEqual(['fs failed 1']);
    expect(JSON.parse(bot.seen[0]!.body).card.header.template).toBe('red');
  });
});

describe('Slack and Teams', () => {
  it('Slack: waits out a 429 Retry-After, then takes "ok"; 404 no_team is permanent', async () => {
    const bot = await startBot((s, n): Reply => (s.url === '/services/T/B/gone' ? { status: 404, body: 'no_team' }
      : n === 1 ? { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } } : { body: 'ok', headers: { 'content-type': 'text/plain' } }));
    const { delivery, summary } = deliver([
      { id: 'sl', kind: 'slack', url_env: 'SLACK_URL', language: 'en' }, { id: 'gone', kind: 'slack', url_env: 'SLACK_GONE' },
    ], { SLACK_URL: `${bot.url}/services/T/B/x`, SLACK_GONE: `${bot.url}/services/T/B/gone` });
    delivery.deliver(to('sl', batchOf([breachAlert()])));
    await delivery.idle();
    delivery.deliver(to('gone', batchOf([breachAlert()])));
    await delivery.idle();
    expect(summary()).toEqual(['sl retry 1', 'sl sent 2', 'gone failed 1']);
    expect(bot.seen[1]!.at - bot.seen[0]!.at).toBeGreaterThanOrEqual(950);
    const body = JSON.parse(bot.seen[1]!.body);
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '[FIRING] 1 alert · L1, SLA breached', emoji: true } });
    expect(body.text).toBe('[FIRING] 1 alert · L1, SLA breached');
  });

  it('Teams: 502 is retried, 202 Accepted is success', async () => {
    const bot = await startBot((_s, n) => ({ status: n === 1 ? 502 : 202 }));
    const { delivery, summary } = deliver([{ id: 'tm', kind: 'teams', url_env: 'TEAMS_URL' }], { TEAMS_URL: `${bot.url}/workflows/x/invoke?sig=s` });
    delivery.deliver(to('tm', batchOf([breachAlert()])));
    await delivery.idle();
    expect(summary()).toEqual(['tm retry 1', 'tm sent 2']);
    const body = JSON.parse(bot.seen[1]!.body);
    expect([body.type, body.attachments[0].contentType, body.attachments[0].content.version]).toEqual(['message', 'application/vnd.microsoft.card.adaptive', '1.2']);
  });
});

/** The decoded parts of a MIME message: headers (unfolded, encoded words decoded) and each text part's body. */
function parseMail(raw: string) {
  const decodeWords = (v: string) => v.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) => (enc.toUpperCase() === 'B'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const header = (name: string) => decodeWords(/^([^:]+):([\s\S]*)$/m.exec(head.replace(/\r\n[ \t]+/g, ' ').split('\r\n').find((l) => l.toLowerCase().startsWith(`${name}:`)) ?? '')?.[2]?.trim() ?? '');
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(head)![1]!;
  const parts = rest.join('\r\n\r\n').split(`--${boundary}`).slice(1, -1).map((p) => {
    const [ph = '', ...body] = p.replace(/^\r\n/, '').split('\r\n\r\n');
    const data = body.join('\r\n\r\n').replace(/\r\n$/, '');
    const text = /transfer-encoding: base64/i.test(ph) ? Buffer.from(data, 'base64').toString('utf8')
      : /quoted-printable/i.test(ph) ? Buffer.from(data.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
        : data;
    return { type: /content-type: ([^;\r\n]+)/i.exec(ph)![1]!, text: text.replace(/\r\n/g, '\n') };
  });
  return { header, parts };
}

describe('e-mail over SMTP', () => {
  async function startSmtp(o: { rcpt?: (n: number) => number | undefined } = {}) {
    const mails: { from: string; to: string[]; raw: string; user: unknown }[] = [];
    let rcpts = 0;
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'], allowInsecureAuth: true, authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _s, cb) { if (auth.username === 'alerts' && auth.password === 'pw-1') cb(null, { user: auth.username }); else cb(new Error('Invalid username or password')); },
      onRcptTo(_a, _s, cb) {
        const code = o.rcpt?.(++rcpts);
        if (code) cb(Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code })); else cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ from: (session.envelope.mailFrom || { address: '' }).address, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8'), user: session.user });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return { port: (server.server.address() as AddressInfo).port, mails };
  }
  const entry = (port: number) => ({
    id: 'mail', kind: 'email', host: '127.0.0.1', port, user_env: 'SMTP_USER', password_env: 'SMTP_PASS', timeout: '5s',
    from: 'OpsWall <alerts@example.test>', to: ['oncall@example.test', 'lead@example.test'], subject_prefix: '[OpsWall] ',
  });
  const env = { SMTP_USER: 'alerts', SMTP_PASS: 'pw-1' };

  it('logs in and sends subject, text and HTML to every recipient, Chinese intact and user text escaped', async () => {
    const smtp = await startSmtp();
    const { delivery, summary } = deliver([entry(smtp.port)], env);
    delivery.deliver(to('mail', batchOf([breachAlert()])));
    await delivery.idle();
    expect(summary()).toEqual(['mail sent 1']);
    const [mail] = smtp.mails;
    expect([mail!.from, mail!.to, mail!.user]).toEqual(['alerts@example.test', ['oncall@example.test', 'lead@example.test'], 'alerts']);
    const { header, parts } = parseMail(mail!.raw);
    expect(header('subject')).toBe('[OpsWall] 【告警】1 条 · L1, SLA 已超时');
    const text = parts.find((p) => p.type === 'text/plain')!.text;
    const html = parts.find((p) => p.type === 'text/html')!.text;
    expect(text).toContain('打印机卡纸 <img src=x onerror=alert(1)> · zd #4711\n  SLA 已超时 · first_reply_time\n  优先级：高\n  到期：2025-03-10 12:30 +08:00\n  已超时：1h 05m');
    expect(html).toContain('<a href="https://desk.example.com/tickets/4711">打印机卡纸 &lt;img src=x onerror=alert(1)&gt;</a>');
    expect(html).not.toContain('<img');
  });

  it('retries a 451 from the server; a 550 and a refused login are permanent', async () => {
    const smtp = await startSmtp({ rcpt: (n) => (n <= 2 ? 451 : undefined) }); // both recipients of the first try
    const { delivery, summary } = deliver([entry(smtp.port)], env);
    delivery.deliver(to('mail', batchOf([breachAlert()])));
    await delivery.idle();
    expect(summary()).toEqual(['mail retry 1', 'mail sent 2']);

    const refusing = await startSmtp({ rcpt: () => 550 });
    const failing = deliver([entry(refusing.port), { ...entry(refusing.port), id: 'badlogin', password_env: 'WRONG_PASS' }], { ...env, WRONG_PASS: 'nope' });
    failing.delivery.deliver(to('mail', batchOf([breachAlert()])));
    failing.delivery.deliver(to('badlogin', batchOf([breachAlert()])));
    await failing.delivery.idle();
    expect(failing.outcomes.map((o) => [o.channel, o.outcome, o.info.code]).sort()).toEqual([['badlogin', 'failed', 535], ['mail', 'failed', 550]]);
    expect(refusing.mails).toHaveLength(0);
  });
});

describe('isolation', () => {
  it('a channel whose vendor never answers delays no other channel, and is cut off at its timeout', async () => {
    const hanging = await startFakeVendor();
    cleanups.push(() => hanging.close());
    hanging.faults.push({ kind: 'never' });
    const bot = await startBot(() => ({ body: 'ok' }));
    const { delivery, outcomes } = deliver([
      { id: 'stuck', kind: 'webhook', url: `${hanging.url}/hook`, timeout: '2s' }, { id: 'sl', kind: 'slack', url_env: 'SLACK_URL' },
    ], { SLACK_URL: `${bot.url}/services/T/B/x` });
    const start = Date.now();
    delivery.deliver(to('stuck', batchOf([breachAlert()])));
    delivery.deliver(to('sl', batchOf([breachAlert()])));
    delivery.deliver(to('sl', batchOf([ruleAlert()])));
    for (let i = 0; i < 100 && outcomes.filter((o) => o.channel === 'sl').length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(outcomes.map((o) => `${o.channel} ${o.outcome}`)).toEqual(['sl sent', 'sl sent']);
    expect(Date.now() - start).toBeLessThan(1000);
    for (let i = 0; i < 300 && !outcomes.some((o) => o.channel === 'stuck'); i++) await new Promise((r) => setTimeout(r, 20));
    const stuck = outcomes.find((o) => o.channel === 'stuck')!;
    expect([stuck.outcome, stuck.info.code]).toEqual(['retry', 'timeout']);
    expect(stuck.at - start).toBeGreaterThanOrEqual(1900);
    for (let i = 0; i < 50 && hanging.requests[0]?.closedAt === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect(hanging.requests[0]!.closedAt).toBeDefined(); // the aborted request's connection was dropped
  });
});
