import { describe, expect, it } from 'vitest';
import { emailConfigSchema, emailMessage } from './email';
import { batchOf, breachAlert, ruleAlert } from './fixtures';
import { noticeView } from './view';

const EN = { timezone: 'Asia/Shanghai', language: 'en' } as const;

describe('emailMessage', () => {
  const view = noticeView(batchOf([breachAlert(), ruleAlert()]), EN);
  const mail = emailMessage(view, '[OpsWall] ');

  it('has the header as subject', () => expect(mail.subject).toBe('[OpsWall] [FIRING] 2 alerts · L1, SLA breached'));
  it('has a plain-text body with every alert and its link', () => {
    expect(mail.text).toBe([
      '[FIRING] 2 alerts · L1, SLA breached',
      '打印机卡纸 <img src=x onerror=alert(1)> · zd #4711\n  SLA breached · first_reply_time\n  Priority: high\n  Due: 2025-03-10 12:30 +08:00\n'
        + '  Late by: 1h 05m\n  Assignee: li.wei\n  Group: L1\n  https://desk.example.com/tickets/4711',
      'orders.stuck > 20 · Rule orders-stuck · acknowledged\n  Rule alert\n  Severity: critical\n  Value: 25\n  Group: ops',
    ].join('\n\n'));
  });
  it('has an HTML body where user text is escaped', () => {
    expect(mail.html).toContain('<a href="https://desk.example.com/tickets/4711">打印机卡纸 &lt;img src=x onerror=alert(1)&gt;</a><small> · zd #4711</small>');
    expect(mail.html).toContain('<h3>orders.stuck &gt; 20<small> · Rule orders-stuck · acknowledged</small></h3>');
    expect(mail.html).toContain('<tr><th align="left">Late by</th><td>1h 05m</td></tr>');
    expect(mail.html).not.toContain('<img');
  });
});

describe('email config', () => {
  const base = { id: 'mail', kind: 'email', host: 'smtp.example.com', from: 'alerts@example.com', to: ['oncall@example.com'] };
  it('defaults to STARTTLS-when-offered on the submission port', () => {
    expect(emailConfigSchema.parse(base)).toMatchObject({ secure: false, require_tls: false, send_resolved: true });
  });
  it('wants both credentials or neither, and real addresses', () => {
    expect(emailConfigSchema.safeParse({ ...base, user_env: 'SMTP_USER' }).success).toBe(false);
    expect(emailConfigSchema.safeParse({ ...base, to: ['not an address'] }).success).toBe(false);
    expect(emailConfigSchema.safeParse({ ...base, password: 'hunter2' }).success).toBe(false);
  });
});
