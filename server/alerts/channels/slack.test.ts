import { describe, expect, it } from 'vitest';
import { batchOf, breachAlert, fakeFetch, manyBreaches, sendFailure } from './fixtures';
import { createSlackChannel, SLACK_MAX_BLOCKS, slackConfigSchema, slackMessage } from './slack';
import { noticeView } from './view';

const EN = { timezone: 'Asia/Shanghai', language: 'en' } as const;

describe('slackMessage', () => {
  it('has a header block, a mrkdwn section per alert with plain_text facts, and a text fallback', () => {
    const title = 'Printer jam <img src=x onerror=alert(1)> & <!channel>';
    const body = slackMessage(noticeView(batchOf([breachAlert({ annotations: { ...breachAlert().annotations, title } })]), EN));
    expect(body).toEqual({
      text: '[FIRING] 1 alert · L1, SLA breached',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '[FIRING] 1 alert · L1, SLA breached', emoji: true } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*<https://desk.example.com/tickets/4711|Printer jam &lt;img src=x onerror=alert(1)&gt; &amp; &lt;!channel&gt;>* · zd #4711\nSLA breached · first_reply_time' },
          fields: [
            { type: 'plain_text', text: 'Priority: high', emoji: false }, { type: 'plain_text', text: 'Due: 2025-03-10 12:30 +08:00', emoji: false },
            { type: 'plain_text', text: 'Late by: 1h 05m', emoji: false }, { type: 'plain_text', text: 'Assignee: li.wei', emoji: false },
            { type: 'plain_text', text: 'Group: L1', emoji: false },
          ],
        },
      ],
    });
  });
  it('fits 49 alerts in 50 blocks; beyond, 48 and a line for the rest', () => {
    expect(slackMessage(noticeView(batchOf(manyBreaches(49)), EN)).blocks).toHaveLength(50);
    const blocks = slackMessage(noticeView(batchOf(manyBreaches(60)), EN)).blocks;
    expect(blocks).toHaveLength(SLACK_MAX_BLOCKS);
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'plain_text', text: '…and 12 more' }] });
  });
});

describe('slack channel', () => {
  const config = slackConfigSchema.parse({ id: 'sl', kind: 'slack', url_env: 'SLACK_URL', language: 'en' });
  const env = { SLACK_URL: 'https://hooks.slack.com/services/T0/B0/secretpart' };
  const channel = (f: typeof fetch) => createSlackChannel(config, { env, timezone: 'UTC', fetch: f, now: () => 0 });

  it('takes the plain-text "ok" as success', async () => {
    expect(await sendFailure(() => channel(fakeFetch({ body: 'ok' }).fetch).send(batchOf([breachAlert()])))).toBeUndefined();
  });
  it('retries a 429 after its Retry-After, and a 500', async () => {
    expect(await sendFailure(() => channel(fakeFetch({ status: 429, body: 'rate_limited', headers: { 'retry-after': '7' } }).fetch).send(batchOf([breachAlert()]))))
      .toMatchObject({ retryable: true, code: 429, retryAfterMs: 7000 });
    expect(await sendFailure(() => channel(fakeFetch({ status: 500 }).fetch).send(batchOf([breachAlert()])))).toMatchObject({ retryable: true });
  });
  it.each([[400, 'invalid_payload'], [403, 'invalid_token'], [404, 'no_team'], [410, 'channel_is_archived']])('fails for good on %i %s', async (status, text) => {
    const err = await sendFailure(() => channel(fakeFetch({ status, body: text }).fetch).send(batchOf([breachAlert()])));
    expect(err).toMatchObject({ retryable: false, code: status });
    expect(err!.message).toContain(text);
    expect(err!.message).not.toContain('secretpart');
  });
  it('does not take any other 200 answer as success', async () => {
    expect(await sendFailure(() => channel(fakeFetch({ body: 'maybe' }).fetch).send(batchOf([breachAlert()])))).toMatchObject({ retryable: false });
  });
});
