import { describe, expect, it } from 'vitest';
import type { Deal } from '../model';
import { mapHubspotWebhook, mapZendeskWebhook } from './webhook-formats';

describe('mapZendeskWebhook', () => {
  const detail = { id: '35436', status: 'On-hold', priority: 'LOW', created_at: '2024-04-17T17:18:10Z', updated_at: '2024-04-17T17:20:00Z', assignee_id: '42', via: { channel: 'web' } };
  it('maps a ticket event\'s detail with the connector\'s mapping', () => {
    const { records, rejected } = mapZendeskWebhook({ type: 'zen:event-type:ticket.status_changed', time: '2024-04-17T17:20:00Z', detail });
    expect(rejected).toEqual([]);
    expect(records[0]!.record).toMatchObject({ type: 'ticket', id: '35436', status: 'on_hold', priority: 'low', assignee: '42', channel: 'web', updated_at: '2024-04-17T17:20:00.000Z' });
  });
  it('a deletion event is a deleted tombstone at the event time; other event domains are rejected', () => {
    const del = mapZendeskWebhook({ type: 'zen:event-type:ticket.soft_deleted', time: '2024-04-18T08:00:00Z', detail });
    expect(del.records[0]!.record).toMatchObject({ status: 'deleted', updated_at: '2024-04-18T08:00:00.000Z' });
    expect(mapZendeskWebhook({ type: 'zen:event-type:user.active_changed', detail: {} }).rejected[0]!.error).toMatch(/not a ticket event/);
  });
  it('maps { tickets } by index, rejecting the bad one; an unknown shape throws', () => {
    const { records, rejected } = mapZendeskWebhook({ tickets: [{ ...detail, status: 'open' }, { status: 'open' }] });
    expect(records.map((r) => r.index)).toEqual([0]);
    expect(rejected).toEqual([{ index: 1, error: 'not a Zendesk ticket (no id)' }]);
    expect(() => mapZendeskWebhook({ foo: 1 })).toThrow(/expected a Zendesk/);
  });
});

describe('mapHubspotWebhook', () => {
  const stored: Deal & { source: string } = { type: 'deal', id: '7', stage: 'lead', amount: 10, created_at: '2025-03-01T00:00:00.000Z', updated_at: '2025-03-01T00:00:00.000Z', history: [{ stage: 'lead', at: '2025-03-01T00:00:00.000Z' }], source: 'hs' };
  const opts = { timezone: 'Asia/Shanghai', stage_map: { custom1: 'qualified' as const }, known: (id: string) => (id === '7' ? stored : undefined) };
  const ev = (over: Record<string, unknown>) => ({ objectId: 7, subscriptionType: 'deal.propertyChange', occurredAt: Date.parse('2025-03-14T16:30:00Z'), ...over });
  it('applies changes in occurredAt order onto the stored deal, without its source or history', () => {
    const { records, rejected } = mapHubspotWebhook([
      ev({ propertyName: 'closedate', propertyValue: '1742000000000', occurredAt: Date.parse('2025-03-14T16:31:00Z') }),
      ev({ propertyName: 'dealstage', propertyValue: 'custom1' }),
    ], opts);
    expect(rejected).toEqual([]);
    expect(records.map((r) => r.index)).toEqual([1, 0]);
    const last = records[1]!.record as Deal;
    expect(last).toMatchObject({ stage: 'qualified', close_date: '2025-03-15', updated_at: '2025-03-14T16:31:00.000Z', extra: { stage_id: 'custom1' } });
    expect(last).not.toHaveProperty('source');
    expect(last).not.toHaveProperty('history');
  });
  it('deletion is a tombstone keeping its stage; unknown deals, creations, unmapped stages and bad amounts are rejected', () => {
    const { records, rejected } = mapHubspotWebhook([
      ev({ subscriptionType: 'deal.deletion' }), ev({ objectId: 8, propertyName: 'amount', propertyValue: '1' }),
      ev({ subscriptionType: 'deal.creation' }), ev({ propertyName: 'dealstage', propertyValue: '123456' }),
      ev({ propertyName: 'amount', propertyValue: 'n/a' }), ev({ subscriptionType: 'contact.creation' }), 'junk',
    ], opts);
    expect(records.map((r) => r.index)).toEqual([0]);
    expect(records[0]!.record).toMatchObject({ stage: 'lead', deleted: true, updated_at: '2025-03-14T16:30:00.000Z' }); // the stored deal's stage
    expect(rejected.map((r) => r.index).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rejected.find((r) => r.index === 3)!.error).toMatch(/stage_map/);
    expect(() => mapHubspotWebhook({ events: [] }, opts)).toThrow(/array/);
  });
});
