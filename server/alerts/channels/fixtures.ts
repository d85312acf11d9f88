import type { AlertNotice, NotificationBatch } from './types';

/**
 * Batches the channel tests share (unit and integration): an SLA breach whose subject tries to inject HTML,
 * a resolved at-risk alert, and a rule alert. Worked example: due 2025-03-10 04:30Z = 12:30 in Shanghai.
 */
export function breachAlert(over: Partial<AlertNotice> = {}): AlertNotice {
  return {
    alert_key: 'zd/4711/first_reply_time/1/breach', fingerprint: 'f4711', status: 'firing',
    labels: { source: 'zd', ticket_id: '4711', metric: 'first_reply_time', cycle: '1', kind: 'breach' },
    annotations: { priority: 'high', group: 'L1', assignee: 'li.wei', due_at: '2025-03-10T04:30:00Z', title: '打印机卡纸 <img src=x onerror=alert(1)>' },
    url: 'https://desk.example.com/tickets/4711', starts_at: '2025-03-10T04:31:00Z', late_s: 3900, acknowledged: false,
    ...over,
  };
}

export function resolvedAtRisk(over: Partial<AlertNotice> = {}): AlertNotice {
  return {
    alert_key: 'zd/4712/first_reply_time/1/at_risk', fingerprint: 'f4712', status: 'resolved',
    labels: { source: 'zd', ticket_id: '4712', metric: 'first_reply_time', cycle: '1', kind: 'at_risk' },
    annotations: { priority: 'normal', group: 'L1', due_at: '2025-03-10T06:00:00Z', title: 'VPN [login](https://evil.example) fails' },
    starts_at: '2025-03-10T05:00:00Z', ends_at: '2025-03-10T05:20:00Z', acknowledged: false,
    ...over,
  };
}

export function ruleAlert(over: Partial<AlertNotice> = {}): AlertNotice {
  return {
    alert_key: 'rule/orders-stuck', fingerprint: 'frule', status: 'firing',
    labels: { kind: 'rule', rule: 'orders-stuck' },
    annotations: { severity: 'critical', summary: 'orders.stuck > 20', title: 'orders.stuck > 20', value: '25', group: 'ops' },
    starts_at: '2025-03-10T04:00:00Z', acknowledged: true,
    ...over,
  };
}

export function batchOf(alerts: AlertNotice[], over: Partial<NotificationBatch> = {}): NotificationBatch {
  return {
    receiver: 'ops', group_key: '{}/0:{group="L1", kind="breach"}', group_labels: { group: 'L1', kind: 'breach' },
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved', alerts,
    external_url: 'https://wall.example.com', repeat: false,
    ...over,
  };
}

/** `n` firing breaches with long Chinese subjects, for the size limits. */
export function manyBreaches(n: number): AlertNotice[] {
  return Array.from({ length: n }, (_, i) => breachAlert({
    alert_key: `zd/${1000 + i}/first_reply_time/1/breach`, fingerprint: `f${1000 + i}`,
    labels: { source: 'zd', ticket_id: String(1000 + i), metric: 'first_reply_time', cycle: '1', kind: 'breach' },
    annotations: { ...breachAlert().annotations, title: `工单${1000 + i} ${'客户反馈系统无法登录'.repeat(10)}` },
    url: `https://desk.example.com/tickets/${1000 + i}`,
  }));
}

export interface SeenCall { url: string; body: string; headers: Headers }
export interface Answer { status?: number; body?: string; headers?: Record<string, string> }

/** A fetch that records each call and answers with the given answers in turn (the last one repeats). */
export function fakeFetch(...answers: Answer[]) {
  const calls: SeenCall[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), body: String(init?.body), headers: new Headers(init?.headers) });
    const a = answers[Math.min(calls.length, answers.length) - 1] ?? {};
    return new Response(a.body ?? '', { status: a.status ?? 200, ...(a.headers ? { headers: a.headers } : {}) });
  }) as typeof fetch;
  return { fetch: fetchFn, calls };
}

/** What a send threw (undefined when it succeeded). */
export async function sendFailure(send: () => Promise<void>): Promise<(Error & { retryable?: boolean; code?: string | number; retryAfterMs?: number }) | undefined> {
  try { await send(); return undefined; } catch (err) { return err as Error; }
}
