import { describe, expect, it } from 'vitest';
import { deal, order, ticket } from '../../tests/support/flows';
import type { SourcedRecord } from '../model';
import { reachedAt } from './reach';

// When a record reaches a step's event (docs/flows.md, Steps). Instants are UTC.
const Z = (iso: string) => Date.parse(iso);

describe('reachedAt', () => {
  it('an order reaches a status at its first arrival there, whatever came after; new at its creation', () => {
    // confirmed 02:00, back to new 03:00, confirmed again 04:00, cancelled 05:00: confirmed at 02:00.
    const o = order('o', [['new', '2025-03-11T01:00:00Z'], ['confirmed', '2025-03-11T02:00:00Z'], ['new', '2025-03-11T03:00:00Z'],
      ['confirmed', '2025-03-11T04:00:00Z'], ['cancelled', '2025-03-11T05:00:00Z']]);
    expect(reachedAt(o, { type: 'order', status: 'confirmed' })).toBe(Z('2025-03-11T02:00:00Z'));
    expect(reachedAt(o, { type: 'order', status: 'new' })).toBe(Z('2025-03-11T01:00:00Z'));
    expect(reachedAt(o, { type: 'order', status: 'shipped' })).toBeUndefined();
    expect(reachedAt(o, { type: 'deal', stage: 'won' })).toBeUndefined(); // another type
  });

  it('an order without a history is in its status since updated_at (or its creation, when new)', () => {
    const bare: SourcedRecord = { type: 'order', source: 's', id: 'b', status: 'shipped', amount: 1,
      created_at: '2025-03-11T01:00:00Z', updated_at: '2025-03-11T06:00:00Z' };
    expect(reachedAt(bare, { type: 'order', status: 'shipped' })).toBe(Z('2025-03-11T06:00:00Z'));
    expect(reachedAt(bare, { type: 'order', status: 'confirmed' })).toBeUndefined(); // never seen confirmed
  });

  it('a deal reaches won only while won now, at its last arrival; other stages at the first', () => {
    const twice = deal('d', [['proposal', '2025-03-03T01:00:00Z'], ['won', '2025-03-04T01:00:00Z'], ['negotiation', '2025-03-05T01:00:00Z'],
      ['won', '2025-03-06T01:00:00Z']]);
    expect(reachedAt(twice, { type: 'deal', stage: 'won' })).toBe(Z('2025-03-06T01:00:00Z'));
    expect(reachedAt(twice, { type: 'deal', stage: 'proposal' })).toBe(Z('2025-03-03T01:00:00Z'));
    const reopened = deal('r', [['won', '2025-03-04T01:00:00Z'], ['negotiation', '2025-03-05T01:00:00Z']]);
    expect(reachedAt(reopened, { type: 'deal', stage: 'won' })).toBeUndefined();
    expect(reachedAt(reopened, { type: 'deal', stage: 'negotiation' })).toBe(Z('2025-03-05T01:00:00Z'));
    // A history that lags behind the stage (ends at negotiation 03-05, the deal is won, updated 03-07): won since 03-07.
    const lagging = { ...reopened, stage: 'won' as const, updated_at: '2025-03-07T01:00:00Z' };
    expect(reachedAt(lagging, { type: 'deal', stage: 'won' })).toBe(Z('2025-03-07T01:00:00Z'));
    // History entries out of order are read in time order: won 03-06 after negotiation 03-05 starts the last run.
    const shuffled = { ...twice, history: [...twice.history!].reverse() };
    expect(reachedAt(shuffled, { type: 'deal', stage: 'won' })).toBe(Z('2025-03-06T01:00:00Z'));
  });

  it('a ticket is created at created_at; reaches a status at its first status event there, or since updated_at when no event shows it', () => {
    const t: SourcedRecord = {
      ...ticket('t', '2025-03-11T01:00:00Z'), status: 'closed', updated_at: '2025-03-12T09:00:00Z',
      events: [
        { at: '2025-03-11T05:00:00Z', kind: 'status', to: 'solved' },
        { at: '2025-03-11T03:00:00Z', kind: 'status', to: 'pending' },
        { at: '2025-03-11T07:00:00Z', kind: 'status', to: 'open' },
        { at: '2025-03-11T08:00:00Z', kind: 'status', to: 'solved' },
      ],
    };
    expect(reachedAt(t, { type: 'ticket', event: 'created' })).toBe(Z('2025-03-11T01:00:00Z'));
    expect(reachedAt(t, { type: 'ticket', status: 'new' })).toBe(Z('2025-03-11T01:00:00Z'));
    expect(reachedAt(t, { type: 'ticket', status: 'solved' })).toBe(Z('2025-03-11T05:00:00Z')); // the first of two, though listed first out of order
    expect(reachedAt(t, { type: 'ticket', status: 'pending' })).toBe(Z('2025-03-11T03:00:00Z'));
    expect(reachedAt(t, { type: 'ticket', status: 'closed' })).toBe(Z('2025-03-12T09:00:00Z')); // no event: since updated_at
    expect(reachedAt(t, { type: 'ticket', status: 'on_hold' })).toBeUndefined();
  });
});
