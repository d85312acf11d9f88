import { describe, expect, it } from 'vitest';
import { batchOf, breachAlert, fakeFetch, manyBreaches, resolvedAtRisk, sendFailure } from './fixtures';
import { createTeamsChannel, TEAMS_BODY_BYTES, teamsConfigSchema, teamsMessage } from './teams';
import { noticeView } from './view';

const EN = { timezone: 'Asia/Shanghai', language: 'en' } as const;

describe('teamsMessage', () => {
  it('is a message with one Adaptive Card 1.2 attachment, as msteamsv2 sends', () => {
    const body = teamsMessage(noticeView(batchOf([breachAlert()]), EN));
    expect(body).toEqual({
      type: 'message',
      attachments: [{
        contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.2', msteams: { width: 'full' },
          body: [
            { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '[FIRING] 1 alert · L1, SLA breached', weight: 'Bolder', size: 'Medium', color: 'Attention' }] },
            { type: 'RichTextBlock', separator: true, inlines: [
              { type: 'TextRun', text: '打印机卡纸 <img src=x onerror=alert(1)>', weight: 'Bolder', selectAction: { type: 'Action.OpenUrl', url: 'https://desk.example.com/tickets/4711' } },
              { type: 'TextRun', text: ' · zd #4711' },
            ] },
            { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'SLA breached · first_reply_time', isSubtle: true }] },
            { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Priority: high · Due: 2025-03-10 12:30 +08:00 · Late by: 1h 05m · Assignee: li.wei · Group: L1' }] },
          ],
        },
      }],
    });
  });
  it('colours a resolved header Good', () => {
    const header = teamsMessage(noticeView(batchOf([resolvedAtRisk()]), EN)).attachments[0]!.content.body[0]!;
    expect(header.inlines[0]).toMatchObject({ text: '[RESOLVED] 1 alert · L1, SLA breached', color: 'Good' });
  });
  it('stays within 28672 bytes, cutting whole alerts', () => {
    const body = teamsMessage(noticeView(batchOf(manyBreaches(200)), EN));
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(TEAMS_BODY_BYTES);
    const last = body.attachments[0]!.content.body.at(-1)!.inlines[0]!;
    const shown = body.attachments[0]!.content.body.filter((b) => b.inlines[0]!.selectAction).length;
    expect(shown + Number(/and (\d+) more/.exec(last.text)![1])).toBe(200);
  });
});

describe('teams channel', () => {
  const config = teamsConfigSchema.parse({ id: 'tm', kind: 'teams', url_env: 'TEAMS_URL' });
  const env = { TEAMS_URL: 'https://prod.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=secretsig' };
  const channel = (f: typeof fetch) => createTeamsChannel(config, { env, timezone: 'UTC', fetch: f });

  it('takes 202 Accepted as success', async () => {
    expect(await sendFailure(() => channel(fakeFetch({ status: 202 }).fetch).send(batchOf([breachAlert()])))).toBeUndefined();
  });
  it('fails for good on 400 and 413, retries 503', async () => {
    expect(await sendFailure(() => channel(fakeFetch({ status: 413 }).fetch).send(batchOf([breachAlert()])))).toMatchObject({ retryable: false, code: 413 });
    expect(await sendFailure(() => channel(fakeFetch({ status: 400 }).fetch).send(batchOf([breachAlert()])))).toMatchObject({ retryable: false });
    expect(await sendFailure(() => channel(fakeFetch({ status: 503 }).fetch).send(batchOf([breachAlert()])))).toMatchObject({ retryable: true });
  });
});
