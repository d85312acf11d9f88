import { describe, expect, it } from 'vitest';
import { withDerivedHistory } from './normalise';
import type { Ticket } from './records';

// How the store merges a ticket's group and assignee events between two versions (withDerivedHistory, as applyBatch
// calls it with the stored version): kept, each once, and derived where the source sends only the current group.
const T0: Ticket = { type: 'ticket', id: '7', priority: 'normal', status: 'open', group: 'L1', created_at: '2025-03-10T08:00:00.000Z',
  updated_at: '2025-03-10T08:00:00.000Z' };
const at = (t: Ticket, iso: string, over: Partial<Ticket> = {}): Ticket => ({ ...t, updated_at: iso, ...over });
const moves = (t: Ticket) => (t.events ?? []).filter((e) => e.kind === 'group' || e.kind === 'assignee');

describe('group and assignee events between polls', () => {
  it('derives a change from a source that gives only the current group: the stored group at creation, the new one at the update', () => {
    // Poll 1 sees L1; poll 2 (updated 09:00) sees L2; poll 3 (10:00) L1 again: L1 → L2 → L1, two passes.
    const second = withDerivedHistory(at(T0, '2025-03-10T09:00:00.000Z', { group: 'L2' }), T0) as Ticket;
    expect(moves(second)).toEqual([
      { at: '2025-03-10T08:00:00.000Z', kind: 'group', to: 'L1' },
      { at: '2025-03-10T09:00:00.000Z', kind: 'group', to: 'L2' }]);
    const third = withDerivedHistory(at(T0, '2025-03-10T10:00:00.000Z', { group: 'L1' }), second) as Ticket;
    expect(moves(third).map((e) => `${e.at.slice(11, 16)} ${e.to}`)).toEqual(['08:00 L1', '09:00 L2', '10:00 L1']);
    // An update that changed something else adds nothing.
    const fourth = withDerivedHistory(at(T0, '2025-03-10T11:00:00.000Z', { group: 'L1', priority: 'normal' }), third) as Ticket;
    expect(moves(fourth)).toEqual(moves(third));
  });

  it('the first group a ticket gets (none before) is one event, no made-up earlier group', () => {
    const { group: _group, ...none } = T0;
    const assigned = withDerivedHistory(at(T0, '2025-03-10T09:00:00.000Z', { group: 'L2', assignee: 'Lena' }), none) as Ticket;
    expect(moves(assigned)).toEqual([
      { at: '2025-03-10T09:00:00.000Z', kind: 'group', to: 'L2' },
      { at: '2025-03-10T09:00:00.000Z', kind: 'assignee', to: 'Lena' }]);
  });

  it('keeps the stored moves when a newer version comes without them (Zendesk\'s tickets export), each once', () => {
    const exact = { ...at(T0, '2025-03-10T09:30:00.000Z', { group: 'L2' }), events: [
      { at: '2025-03-10T08:00:00.000Z', kind: 'group' as const, to: 'L1' }, { at: '2025-03-10T09:30:00.000Z', kind: 'group' as const, to: 'L2' }] };
    const stored = withDerivedHistory(exact, T0) as Ticket;
    expect(moves(stored)).toEqual(exact.events); // the source told the change: nothing derived
    const plain = withDerivedHistory(at(T0, '2025-03-10T09:45:00.000Z', { group: 'L2', status: 'pending' }), stored) as Ticket;
    expect(moves(plain)).toEqual(exact.events);
    const reread = withDerivedHistory({ ...exact, updated_at: '2025-03-10T09:45:00.000Z' }, plain) as Ticket;
    expect(moves(reread)).toEqual(exact.events); // the same moves again: not doubled
  });

  it('a change seen before its exact event arrives: the exact one joins, the count of passes is unchanged', () => {
    // The tickets export shows L2 at 09:30 before the events export told the move at 09:30: derived L1@08:00, L2@09:30.
    const derived = withDerivedHistory(at(T0, '2025-03-10T09:30:00.000Z', { group: 'L2' }), T0) as Ticket;
    // Then the exact events, L1 at creation (08:00) and L2 at 09:30: the same instants and names, so nothing is added.
    const exact = withDerivedHistory({ ...at(T0, '2025-03-10T09:30:00.000Z', { group: 'L2' }), events: [
      { at: '2025-03-10T08:00:00.000Z', kind: 'group', to: 'L1' }, { at: '2025-03-10T09:30:00.000Z', kind: 'group', to: 'L2' }] }, derived) as Ticket;
    expect(moves(exact)).toEqual(moves(derived));
  });
});
