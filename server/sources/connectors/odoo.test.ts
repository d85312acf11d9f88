import { describe, expect, it } from 'vitest';
import { odooAccount, odooDeal, odooOptionsSchema, odooOrder, odooStage, odooStatus } from './odoo';

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

  it('money: expected_revenue in the company currency; amount_total in the order currency, ÷ currency_rate in the company one', () => {
    // odoo_crm_lead_search_read.json: expected_revenue is a monetary field of company_currency.
    expect(odooDeal({ id: 311, stage_id: [3, 'Proposition'], expected_revenue: 48000.0, company_currency: [1, 'EUR'], create_date: '2025-01-20 10:14:03',
      write_date: '2025-03-14 09:12:45' }, { stage_map: {} })).toMatchObject({ amount: 48000, currency: 'EUR', base_amount: 48000, base_currency: 'EUR' });
    const order = { id: 871, name: 'S00871', state: 'sale', company_id: [1, 'Acme Devices GmbH'], date_order: '2025-03-14 08:41:19',
      create_date: '2025-03-12 15:03:44', write_date: '2025-03-14 08:41:22' };
    // odoo_sale_order_search_read.json: an EUR order of an EUR company (currency_rate 1).
    expect(odooOrder({ ...order, currency_id: [1, 'EUR'], currency_rate: 1.0, amount_total: 14875.0 }, { status_map: {} }, 'EUR'))
      .toMatchObject({ amount: 14875, currency: 'EUR', base_amount: 14875, base_currency: 'EUR' });
    // A USD order of the EUR company: currency_rate 1.0869 USD per EUR at date_order → 1190.00 / 1.0869 = 1094.8569… → 1094.86 EUR.
    const usd = { ...order, currency_id: [2, 'USD'], currency_rate: 1.0869, amount_total: 1190.0 };
    expect(odooOrder(usd, { status_map: {} }, 'EUR')).toMatchObject({ amount: 1190, currency: 'USD', base_amount: 1094.86, base_currency: 'EUR',
      extra: { currency_rate: 1.0869 } });
    // The company's currency unread, or no rate to convert with: the order's own currency only.
    expect(odooOrder(usd, { status_map: {} })).not.toHaveProperty('base_amount');
    expect(odooOrder({ ...usd, currency_rate: false }, { status_map: {} }, 'EUR')).not.toHaveProperty('base_amount');
  });

  it('links: an order\'s opportunity_id (sale_crm) is a link to its deal; configured fields hold ids, many2one or text', () => {
    // odoo_sale_order_search_read.json's shape; opportunity_id is a Many2one [id, name] or false (addons/sale_crm/models/sale_order.py).
    const row = { id: 871, name: 'S00871', state: 'sale', partner_id: [61, 'Brightlane Retail GmbH, Anna Meier'], opportunity_id: [311, 'Brightlane rollout'],
      x_ticket: [77, 'Ticket #77'], x_erp: false, date_order: '2025-03-14 08:41:19', create_date: '2025-03-12 15:03:44', write_date: '2025-03-14 08:41:22' };
    const links = odooOptionsSchema.parse({ url: 'https://erp.example', database: 'x', uid: 1,
      links: [{ field: 'x_ticket', type: 'ticket', source: 'zendesk' }, { field: 'x_erp', type: 'order', source: 'erp' }] }).links;
    // The account is the commercial partner the connector looked up (58 for contact 61), not the partner on the order.
    expect(odooOrder(row, { status_map: {}, links }, 'EUR', 58)).toMatchObject({ account_id: '58',
      links: [{ type: 'deal', id: '311' }, { type: 'ticket', id: '77', source: 'zendesk' }] });
    const none = odooOrder({ ...row, opportunity_id: false, x_ticket: false }, { status_map: {}, links });
    expect(none).not.toHaveProperty('links');
    expect(none).not.toHaveProperty('account_id');
    expect(odooDeal({ id: 297, stage_id: [4, 'Won'], partner_id: [63, 'Northgate Logistics AG'], x_ticket: '148213', create_date: '2024-11-05 13:47:21',
      write_date: '2025-03-14 09:40:28' }, { stage_map: {}, links }, 63)).toMatchObject({ account_id: '63', links: [{ type: 'ticket', id: '148213', source: 'zendesk' }] });
  });

  it('a company is an account: vat the tax id ("/" none), ref the external id, or the configured fields', () => {
    // res.partner fields (odoo/addons/base/models/res_partner.py): vat "Tax ID", ref "Reference".
    const partner = { id: 58, name: 'Brightlane Retail GmbH', is_company: true, active: true, vat: 'DE812345678', ref: 'C-0058', x_uscc: '91310000MA1FL1234X',
      create_date: '2024-06-03 08:00:00', write_date: '2025-03-10 08:00:00' };
    const defaults = odooOptionsSchema.parse({ url: 'https://erp.example', database: 'x', uid: 1 });
    expect(odooAccount(partner, defaults)).toEqual({ type: 'account', id: '58', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678', external_id: 'C-0058',
      created_at: '2024-06-03T08:00:00.000Z', updated_at: '2025-03-10T08:00:00.000Z' });
    expect(odooAccount({ ...partner, vat: '/', ref: false, active: false }, defaults)).toEqual({ type: 'account', id: '58', name: 'Brightlane Retail GmbH',
      created_at: '2024-06-03T08:00:00.000Z', updated_at: '2025-03-10T08:00:00.000Z', extra: { archived: true } });
    // A 统一社会信用代码 kept in a custom field instead.
    const uscc = odooOptionsSchema.parse({ url: 'https://erp.example', database: 'x', uid: 1, account_fields: { tax_id: 'x_uscc' } });
    expect(odooAccount(partner, uscc)).toMatchObject({ tax_id: '91310000MA1FL1234X', external_id: 'C-0058' });
  });

  it('JSON-RPC needs a login or uid', () => {
    expect(odooOptionsSchema.safeParse({ url: 'https://erp.example', database: 'x' }).success).toBe(false);
    expect(odooOptionsSchema.safeParse({ url: 'https://erp.example', database: 'x', api: 'json2' }).success).toBe(true);
  });
});
