import { describe, expect, it } from 'vitest';
import { odooDeal, odooOptionsSchema, odooStage, odooStatus } from './odoo';

describe('Odoo mapping', () => {
  it('maps opportunity stages: config by id or name, won_status, archived, default names, probability', () => {
    expect(odooStage({ stage_id: [3, 'Proposition'], won_status: 'pending', active: true }, {})).toBe('proposal');
    expect(odooStage({ stage_id: [3, 'Proposition'] }, { Proposition: 'negotiation' })).toBe('negotiation');
    expect(odooStage({ stage_id: [7, 'Demo'] }, { 7: 'qualified' })).toBe('qualified');
    expect(odooStage({ stage_id: [7, 'Demo'], won_status: 'won' }, {})).toBe('won');
    expect(odooStage({ stage_id: [2, 'Qualified'], active: false, probability: 0 }, {})).toBe('lost');
    expect(odooStage({ stage_id: [7, 'Demo'], probability: 55 }, {})).toBe('proposal');
  });

  it('a lost opportunity (archived, probability 0) is lost; one archived otherwise is a tombstone keeping its stage', () => {
    const row = { id: 9, type: 'opportunity', stage_id: [3, 'Proposition'], probability: 60, expected_revenue: 100,
      create_date: '2025-03-01 08:00:00', write_date: '2025-03-14 08:00:00' };
    expect(odooDeal({ ...row, active: true, won_status: 'pending' }, { stage_map: {} })).not.toHaveProperty('deleted');
    expect(odooDeal({ ...row, active: false, won_status: 'lost', probability: 0 }, { stage_map: {} })).toMatchObject({ stage: 'lost', extra: { archived: true } });
    expect(odooDeal({ ...row, active: false, won_status: 'lost', probability: 0 }, { stage_map: {} })).not.toHaveProperty('deleted');
    expect(odooDeal({ ...row, active: false, won_status: 'pending' }, { stage_map: {} })).toMatchObject({ stage: 'proposal', deleted: true, extra: { archived: true } });
    // Odoo ≤ 16 has no won_status: archived with probability 0 is lost, otherwise archived away.
    expect(odooDeal({ ...row, active: false, probability: 0 }, { stage_map: {} })).toMatchObject({ stage: 'lost' });
    expect(odooDeal({ ...row, active: false }, { stage_map: {} })).toMatchObject({ stage: 'proposal', deleted: true });
  });

  it('maps sale.order states (≤16 and 17+) with delivery status, and config overrides', () => {
    expect(odooStatus({ state: 'draft', delivery_status: false }, {})).toBe('new');
    expect(odooStatus({ state: 'sale', delivery_status: 'pending' }, {})).toBe('confirmed');
    expect(odooStatus({ state: 'sale', delivery_status: 'partial' }, {})).toBe('in_fulfilment');
    expect(odooStatus({ state: 'sale', delivery_status: 'full', locked: true }, {})).toBe('delivered');
    expect(odooStatus({ state: 'sale', locked: true }, {})).toBe('delivered'); // 17+ without sale_stock
    expect(odooStatus({ state: 'done' }, {})).toBe('delivered'); // ≤16 locked
    expect(odooStatus({ state: 'cancel' }, {})).toBe('cancelled');
    expect(odooStatus({ state: 'sale', delivery_status: 'partial' }, { 'sale/partial': 'shipped' })).toBe('shipped');
    expect(odooStatus({ state: 'sent' }, { sent: 'confirmed' })).toBe('confirmed');
  });

  it('JSON-RPC needs a login or uid', () => {
    expect(odooOptionsSchema.safeParse({ url: 'https://erp.example', database: 'x' }).success).toBe(false);
    expect(odooOptionsSchema.safeParse({ url: 'https://erp.example', database: 'x', api: 'json2' }).success).toBe(true);
  });
});
