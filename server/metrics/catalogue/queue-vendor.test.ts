import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import type { SourcedRecord } from '../../model';
import type { SlaQueueValue } from '../../protocol';
import { createEngine } from '../engine';
import { CATALOGUE } from '.';

// Created 2025-03-14T02:00Z, first reply due in 60 calendar minutes: ours is 03:00:00Z.
const T0 = Date.parse('2025-03-14T02:00:00Z');
const policies = parseConfig({ sla: { policies: [{ id: 'p', metrics: [{ metric: 'first_reply_time', targets: { '*': { minutes: 60 } } }] }] } }).sla.policies;
const ticket = (id: string, vendorDue: string): SourcedRecord => ({
  type: 'ticket', id, source: 'zd', priority: 'normal', status: 'open', created_at: new Date(T0).toISOString(),
  updated_at: new Date(T0).toISOString(), vendor_due: [{ metric: 'first_reply_time', due_at: vendorDue }],
});

describe('the SLA queue shows the source\'s own due time beside ours (decision 4)', () => {
  it('flags a difference over 60 s and not one under it', () => {
    const records = [ticket('far', '2025-03-14T03:02:00.000Z'), ticket('near', '2025-03-14T03:00:30.000Z')];
    const engine = createEngine({ timezone: 'Asia/Shanghai', policies, catalogue: CATALOGUE, replay: () => records,
      freshness: () => ({ asOf: null, stale: false }) });
    const now = T0 + 10 * 60_000;
    engine.loadClocks(records, now);
    const [key] = engine.ensure([{ id: 'tickets.sla.queue', params: {} }], now);
    engine.collect(now);
    const queue = engine.current(key!)!.value as SlaQueueValue;
    const byId = Object.fromEntries(queue.items.map((i) => [i.ticket_id, i]));
    // 03:02:00 − 03:00:00 = 120 s > 60 s: flagged; 03:00:30 − 03:00:00 = 30 s: not.
    expect(byId.far).toMatchObject({ due_at: '2025-03-14T03:00:00.000Z', vendor_due_at: '2025-03-14T03:02:00.000Z', vendor_disagrees: true });
    expect(byId.near).toMatchObject({ vendor_due_at: '2025-03-14T03:00:30.000Z', vendor_disagrees: false });
  });
});
