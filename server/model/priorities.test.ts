import { describe, expect, it } from 'vitest';
import type { Ticket } from './records';
import { withDerivedHistory } from './normalise';

const base: Ticket = { type: 'ticket', id: 't1', priority: 'normal', status: 'open',
  created_at: '2025-03-14T04:30:00.000Z', updated_at: '2025-03-14T04:30:00.000Z' };

describe('derived priority history for sources that send none', () => {
  it('records the first priority at creation and the change at the update that showed it', () => {
    const raised = { ...base, priority: 'urgent' as const, updated_at: '2025-03-14T06:00:00.000Z' };
    const derived = withDerivedHistory(raised, base) as Ticket;
    expect(derived.events).toEqual([
      { at: '2025-03-14T04:30:00.000Z', kind: 'priority', to: 'normal' },
      { at: '2025-03-14T06:00:00.000Z', kind: 'priority', to: 'urgent' },
    ]);
  });

  it('keeps the derived history on later observations, and adds nothing while the priority stays', () => {
    const raised = withDerivedHistory({ ...base, priority: 'urgent', updated_at: '2025-03-14T06:00:00.000Z' }, base) as Ticket;
    const later = withDerivedHistory({ ...base, priority: 'urgent', status: 'solved', updated_at: '2025-03-14T07:00:00.000Z' }, raised) as Ticket;
    expect(later.events?.filter((e) => e.kind === 'priority')).toHaveLength(2);
  });

  it('leaves a ticket alone whose source sends its own priority events', () => {
    const own: Ticket = { ...base, priority: 'high', events: [{ at: '2025-03-14T05:00:00.000Z', kind: 'priority', to: 'high' }] };
    expect(withDerivedHistory(own, base)).toBe(own);
  });
});
