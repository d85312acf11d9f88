import { describe, expect, it } from 'vitest';
import { CN, FLOW, deal, order, toDeal } from '../../tests/support/flows';
import { flowsConfigSchema } from '../flows';
import type { RecordType } from '../model';
import { builtinMetrics } from '../catalogue';

/** Every built-in metric: the hand-coded ones and the shipped definition files. */
const BUILTINS = builtinMetrics();
import { createEngine, type Freshness } from './engine';

// A flow metric's data age (asOf, stale) comes from every record type its flow's steps name, oldest wins
// (docs/flows.md, Data age). FLOW (tests/support/flows.ts) names deal, order and ticket steps; SHIP names orders only.
const SHIP = flowsConfigSchema.parse([{
  id: 'ship', steps: [
    { id: 'confirmed', on: { type: 'order', status: 'confirmed' }, department: 'operations' },
    { id: 'shipped', on: { type: 'order', status: 'shipped' }, department: 'logistics', target: '1d' },
  ],
}])[0]!;
const NOW = Date.parse('2025-03-19T04:00:00Z');
const RECORDS = [
  deal('D1', [['won', '2025-03-17T02:00:00Z']]),
  order('O1', [['new', '2025-03-17T03:00:00Z'], ['confirmed', '2025-03-18T02:00:00Z']], { links: [toDeal('D1')] }),
];

function engineWith(ages: Record<RecordType, { asOf: string | null; stale: boolean }>) {
  const freshness: Freshness = (entity) => ages[entity];
  const engine = createEngine({
    timezone: 'Asia/Shanghai', policies: [], calendars: [CN], catalogue: BUILTINS, replay: () => RECORDS, freshness, flows: [FLOW, SHIP],
  });
  const [handoffs, stuck, paths, shipHandoffs, ordersCount] = engine.ensure([
    { id: 'flow.handoffs', params: { flow: 'o2d' } }, { id: 'flow.stuck', params: { flow: 'o2d' } }, { id: 'flow.paths', params: { flow: 'o2d' } },
    { id: 'flow.handoffs', params: { flow: 'ship' } }, { id: 'orders.count', params: {} },
  ], NOW) as [string, string, string, string, string];
  engine.collect(NOW);
  return { engine, handoffs, stuck, paths, shipHandoffs, ordersCount };
}

describe('a flow metric takes its data age from every type its steps name', () => {
  it('the oldest asOf of deal, order and ticket sources, stale when any is', () => {
    // Deals polled 03:59:50, orders 03:59:58, tickets 03:58:00 (and their source is failing): o2d names all three, so
    // its metrics are as of 03:58:00, stale. `ship` names orders only: 03:59:58, fresh, as orders.count.
    const ages = {
      deal: { asOf: '2025-03-19T03:59:50.000Z', stale: false },
      order: { asOf: '2025-03-19T03:59:58.000Z', stale: false },
      ticket: { asOf: '2025-03-19T03:58:00.000Z', stale: true },
      account: { asOf: '2025-03-19T03:00:00.000Z', stale: true },
    };
    const { engine, handoffs, stuck, paths, shipHandoffs, ordersCount } = engineWith(ages);
    for (const key of [handoffs, stuck, paths]) {
      expect(engine.current(key)).toMatchObject({ asOf: '2025-03-19T03:58:00.000Z', stale: true });
    }
    expect(engine.current(shipHandoffs)).toMatchObject({ asOf: '2025-03-19T03:59:58.000Z', stale: false });
    expect(engine.current(ordersCount)).toMatchObject({ asOf: '2025-03-19T03:59:58.000Z', stale: false });
  });

  it('a step type no source has delivered yet makes it null, as for a metric of that type alone', () => {
    // Deals never polled (asOf null): o2d waits for them; `ship` (orders only) does not.
    const ages = {
      deal: { asOf: null, stale: false },
      order: { asOf: '2025-03-19T03:59:58.000Z', stale: false },
      ticket: { asOf: '2025-03-19T03:59:59.000Z', stale: false },
      account: { asOf: null, stale: false },
    };
    const { engine, handoffs, shipHandoffs } = engineWith(ages);
    expect(engine.current(handoffs)).toMatchObject({ asOf: null, stale: false });
    expect(engine.current(shipHandoffs)).toMatchObject({ asOf: '2025-03-19T03:59:58.000Z', stale: false });
  });

  it('a change of health of any of its types gives it a fresh look (touch), not of a type its flow does not name', () => {
    const ages: Record<RecordType, { asOf: string | null; stale: boolean }> = {
      deal: { asOf: '2025-03-19T03:59:50.000Z', stale: false },
      order: { asOf: '2025-03-19T03:59:58.000Z', stale: false },
      ticket: { asOf: '2025-03-19T03:59:59.000Z', stale: false },
      account: { asOf: null, stale: false },
    };
    const { engine, handoffs, shipHandoffs } = engineWith(ages);
    // The deal source fails: o2d's values turn stale (a new version, as a stale flag is part of the value sent);
    // `ship` names no deal step, so it is not even looked at.
    ages.deal = { ...ages.deal, stale: true };
    engine.touch('deal');
    const changed = engine.collect(NOW);
    expect(changed.map((v) => v.key).sort()).toEqual([
      handoffs, engine.resolve({ id: 'flow.paths', params: { flow: 'o2d' } }).key, engine.resolve({ id: 'flow.stuck', params: { flow: 'o2d' } }).key,
    ].sort());
    expect(changed.every((v) => v.stale && v.version === 2)).toBe(true);
    expect(changed.some((v) => v.key === shipHandoffs)).toBe(false);
  });
});
