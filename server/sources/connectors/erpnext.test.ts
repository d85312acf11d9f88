import { describe, expect, it } from 'vitest';
import { erpnextAccount, erpnextOptionsSchema, erpnextOrder, erpnextStatus, erpnextTombstone, naiveAnchor, statusChanges } from './erpnext';

/** erpnext_sales_order_list.json, second row, and erpnext_version_list.json. */
const completed = { name: 'SAL-ORD-2025-00842', customer: 'Northgate Logistics AG', customer_name: 'Northgate Logistics AG', company: 'Acme Devices GmbH',
  status: 'Completed', docstatus: 1, transaction_date: '2025-03-03', delivery_date: '2025-03-10', currency: 'EUR', grand_total: 3570.0, per_delivered: 100.0,
  per_billed: 100.0, billing_status: 'Fully Billed', delivery_status: 'Fully Delivered', owner: 'marcus.lindqvist@acme.example',
  creation: '2025-03-03 11:04:12.007731', modified: '2025-03-14 10:27:50.334201' };
const versions = [
  { name: 'b9d3c1f27a', docname: 'SAL-ORD-2025-00842', creation: '2025-03-10 17:02:41.552018',
    data: JSON.stringify({ changed: [['per_delivered', 0, 100], ['delivery_status', 'Not Delivered', 'Fully Delivered'], ['status', 'To Deliver and Bill', 'To Bill']] }) },
  { name: 'c41e0a8d55', docname: 'SAL-ORD-2025-00842', creation: '2025-03-14 10:27:50.401677',
    data: JSON.stringify({ changed: [['per_billed', 0, 100], ['billing_status', 'Not Billed', 'Fully Billed'], ['status', 'To Bill', 'Completed']] }) },
];

describe('ERPNext mapping', () => {
  it('maps Sales Order statuses, docstatus and partial delivery, with overrides by status or status/delivery_status', () => {
    expect(erpnextStatus({ status: 'Draft', docstatus: 0 }, {})).toBe('new');
    expect(erpnextStatus({ status: 'To Deliver and Bill', docstatus: 1, per_delivered: 0 }, {})).toBe('confirmed');
    expect(erpnextStatus({ status: 'To Deliver and Bill', docstatus: 1, per_delivered: 40, delivery_status: 'Partly Delivered' }, {})).toBe('in_fulfilment');
    expect(erpnextStatus({ status: 'To Deliver', docstatus: 1 }, {})).toBe('confirmed');
    expect(erpnextStatus({ status: 'To Bill', docstatus: 1 }, {})).toBe('delivered');
    expect(erpnextStatus({ status: 'Completed', docstatus: 1 }, {})).toBe('delivered');
    expect(erpnextStatus({ status: 'Closed', docstatus: 1 }, {})).toBe('delivered');
    expect(erpnextStatus({ status: 'On Hold', docstatus: 1 }, {})).toBe('confirmed');
    expect(erpnextStatus({ status: 'To Pay', docstatus: 1 }, {})).toBe('confirmed');
    expect(erpnextStatus({ status: 'Cancelled', docstatus: 2 }, {})).toBe('cancelled');
    expect(erpnextStatus({ status: 'To Deliver and Bill', docstatus: 2 }, {})).toBe('cancelled'); // docstatus wins
    expect(erpnextStatus({ status: 'Something New', docstatus: 1 }, {})).toBe('confirmed');
    expect(erpnextStatus({ status: 'Closed', docstatus: 1 }, { Closed: 'cancelled' })).toBe('cancelled');
    expect(erpnextStatus({ status: 'To Deliver and Bill', docstatus: 1, delivery_status: 'Partly Delivered' }, { 'To Deliver and Bill/Partly Delivered': 'shipped' })).toBe('shipped');
  });

  it('reads naive site-zone times as UTC (Berlin is UTC+1 in March, microseconds cut to ms)', () => {
    const order = erpnextOrder(completed, { status_map: {} }, 'Europe/Berlin');
    expect(order).toMatchObject({ id: 'SAL-ORD-2025-00842', status: 'delivered', amount: 3570, currency: 'EUR', customer: 'Northgate Logistics AG',
      owner: 'marcus.lindqvist@acme.example', created_at: '2025-03-03T10:04:12.007Z', updated_at: '2025-03-14T09:27:50.334Z',
      extra: { erpnext_status: 'Completed', docstatus: 1, per_billed: 100, delivery_status: 'Fully Delivered' } });
    expect(order.history).toBeUndefined();
    expect(erpnextOrder(completed, { status_map: {} }, 'America/New_York').updated_at).toBe('2025-03-14T14:27:50.334Z'); // EDT since 9 March
  });

  it('keeps grand_total in the order currency and base_grand_total in the company currency (Company default_currency)', () => {
    // erpnext_sales_order_list.json's first row: an EUR order of an EUR company, conversion_rate 1, both totals 14875.
    const sameCurrency = { ...completed, name: 'SAL-ORD-2025-00871', currency: 'EUR', conversion_rate: 1, grand_total: 14875.0, base_grand_total: 14875.0 };
    expect(erpnextOrder(sameCurrency, { status_map: {} }, 'Europe/Berlin', [], 'EUR'))
      .toMatchObject({ amount: 14875, currency: 'EUR', base_amount: 14875, base_currency: 'EUR' });
    expect(erpnextOrder(sameCurrency, { status_map: {} }, 'Europe/Berlin', [], 'EUR').extra).not.toHaveProperty('conversion_rate'); // kept only when it converts
    // An order in USD of the same EUR company: ERPNext keeps base_grand_total = grand_total × conversion_rate
    // (the rate "at which customer's currency is converted to company's base currency"): 1190.00 × 0.92 = 1094.80 EUR.
    const usd = { ...completed, currency: 'USD', conversion_rate: 0.92, grand_total: 1190.0, base_grand_total: 1094.8 };
    expect(erpnextOrder(usd, { status_map: {} }, 'Europe/Berlin', [], 'EUR'))
      .toMatchObject({ amount: 1190, currency: 'USD', base_amount: 1094.8, base_currency: 'EUR', extra: { conversion_rate: 0.92 } });
    // The company's currency unknown (Company unreadable, none configured): the base amount alone would be in no named currency.
    const unknown = erpnextOrder(usd, { status_map: {} }, 'Europe/Berlin');
    expect(unknown).toMatchObject({ amount: 1190, currency: 'USD' });
    expect(unknown).not.toHaveProperty('base_amount');
    expect(unknown).not.toHaveProperty('base_currency');
  });

  it('builds status history from Version rows: the first old status at creation, then each change, repeats dropped', () => {
    expect(statusChanges(versions[0]!.data)).toEqual([['To Deliver and Bill', 'To Bill']]);
    expect(statusChanges('not json')).toEqual([]);
    const order = erpnextOrder(completed, { status_map: {} }, 'Europe/Berlin', versions);
    expect(order.history).toEqual([{ status: 'confirmed', at: '2025-03-03T10:04:12.007Z' }, { status: 'delivered', at: '2025-03-10T16:02:41.552Z' }]);
    const overridden = erpnextOrder(completed, { status_map: { 'To Bill': 'shipped' } }, 'Europe/Berlin', versions);
    expect(overridden.history!.map((h) => h.status)).toEqual(['confirmed', 'shipped', 'delivered']);
  });

  it('turns a Deleted Document into a tombstone (deleted, its status as it was) updated at the deletion', () => {
    const row = { name: 'a1b2c3', deleted_name: 'SAL-ORD-2025-00855', deleted_doctype: 'Sales Order', creation: '2025-03-14 11:00:00.000000',
      data: JSON.stringify({ name: 'SAL-ORD-2025-00855', status: 'Draft', docstatus: 0, grand_total: 990, currency: 'EUR', customer: 'Harbor Foods',
        creation: '2025-03-12 09:00:00.000000', modified: '2025-03-12 09:05:00.000000' }) };
    // A deleted draft stays a new order, flagged: it leaves every count rather than becoming a cancellation.
    expect(erpnextTombstone(row, { status_map: {} }, 'Europe/Berlin')).toMatchObject({ id: 'SAL-ORD-2025-00855', status: 'new', deleted: true, amount: 990,
      customer: 'Harbor Foods', created_at: '2025-03-12T08:00:00.000Z', updated_at: '2025-03-14T10:00:00.000Z', extra: { deleted_at: '2025-03-14T10:00:00.000Z' } });
    // The deleted document keeps its company and base_grand_total: the tombstone keeps its money in both currencies.
    const withCompany = { ...row, data: JSON.stringify({ ...JSON.parse(row.data) as object, company: 'Acme Devices GmbH', base_grand_total: 990 }) };
    expect(erpnextTombstone(withCompany, { status_map: {} }, 'Europe/Berlin', (company) => (company === 'Acme Devices GmbH' ? 'EUR' : undefined)))
      .toMatchObject({ amount: 990, currency: 'EUR', base_amount: 990, base_currency: 'EUR', deleted: true });
    const cancelled = { ...row, data: JSON.stringify({ ...JSON.parse(row.data) as object, status: 'Cancelled', docstatus: 2 }) };
    expect(erpnextTombstone(cancelled, { status_map: {} }, 'Europe/Berlin')).toMatchObject({ status: 'cancelled', deleted: true });
    // A cancelled order that was not deleted is no tombstone: it counts as cancelled.
    expect(erpnextOrder(JSON.parse(cancelled.data) as Record<string, unknown>, { status_map: {} }, 'Europe/Berlin')).not.toHaveProperty('deleted');
    expect(erpnextTombstone({ ...row, data: 'garbage' }, { status_map: {} }, 'UTC')).toMatchObject({ id: 'SAL-ORD-2025-00855', amount: 0, created_at: '2025-03-14T11:00:00.000Z' });
  });

  it('starts a run from the watermark as naive site time, two hours earlier next to a DST change', () => {
    expect(naiveAnchor('2025-03-14T09:26:50.334Z', 'Europe/Berlin')).toBe('2025-03-14 10:26:50');
    expect(naiveAnchor('2025-10-26T00:30:00.000Z', 'Europe/Berlin')).toBe('2025-10-26 00:30:00'); // 02:30 CEST, the hour repeats at 01:00Z
  });

  it('rejects an unknown site time zone', () => {
    expect(erpnextOptionsSchema.safeParse({ url: 'https://erp.example', site_timezone: 'Mars/Base' }).success).toBe(false);
    expect(erpnextOptionsSchema.parse({ url: 'https://erp.example', site_timezone: 'Europe/Berlin' })).toMatchObject({ page_size: 100, history: true, deleted: true });
    expect(erpnextOptionsSchema.safeParse({ url: 'https://erp.example', company_currency: 'euro' }).success).toBe(false);
    expect(erpnextOptionsSchema.parse({ url: 'https://erp.example', company_currency: 'EUR' })).toMatchObject({ company_currency: 'EUR' });
  });
});

/**
 * A Sales Order row as `GET /api/resource/Sales Order?fields=[…]` lists it (erpnext_sales_order_list.json's first row, the
 * Customer named by series as in the research notes) with `custom_crm_deal_id`, a field made in Desk from the label
 * "CRM Deal ID": Frappe v15 names such fields `custom_<label>` (frappe/frappe#21355). `customer` is a Link to Customer
 * (erpnext/selling/doctype/sales_order/sales_order.json), so it holds the Customer's `name`.
 */
const linkedOrder = { ...completed, name: 'SAL-ORD-2025-00871', customer: 'CUST-2025-00042', customer_name: 'Brightlane Retail GmbH',
  status: 'To Deliver and Bill', custom_crm_deal_id: '006Hs00001Kx7QbIAJ', creation: '2025-03-14 09:41:19.482113', modified: '2025-03-14 09:41:22.910557' };
/**
 * A Customer row as `GET /api/resource/Customer?fields=[…]` lists it; the fields are those of
 * erpnext/selling/doctype/customer/customer.json (https://github.com/frappe/erpnext, `customer_name`, `customer_type`,
 * `customer_group`, `territory`, `tax_id`, `disabled`), plus two custom fields: the CRM's account id and a 统一社会信用代码.
 */
const customer = { name: 'CUST-2025-00042', customer_name: 'Brightlane Retail GmbH', customer_type: 'Company', customer_group: 'Commercial',
  territory: 'Germany', tax_id: 'DE812345678', disabled: 0, custom_crm_account_id: '001Hs00002Ab3CdIAJ', custom_uscc: '91310000MA1K8FXR2B',
  creation: '2025-01-08 10:15:00.000000', modified: '2025-03-14 09:12:40.118000' };

describe('ERPNext accounts and links', () => {
  const salesforceDeal = { field: 'custom_crm_deal_id', type: 'deal' as const, source: 'salesforce' };

  it('reads the Customer link as the account id and a configured custom field as a link to the CRM\'s deal', () => {
    const order = erpnextOrder(linkedOrder, { status_map: {}, links: [salesforceDeal] }, 'Europe/Berlin');
    // account_id is the Customer's name (its id), while `customer` stays the name people read.
    expect(order).toMatchObject({ account_id: 'CUST-2025-00042', customer: 'Brightlane Retail GmbH',
      links: [{ type: 'deal', id: '006Hs00001Kx7QbIAJ', source: 'salesforce' }] });
    // An empty custom field (no deal behind the order) and no configuration both mean no links.
    expect(erpnextOrder({ ...linkedOrder, custom_crm_deal_id: '' }, { status_map: {}, links: [salesforceDeal] }, 'Europe/Berlin')).not.toHaveProperty('links');
    expect(erpnextOrder({ ...linkedOrder, custom_crm_deal_id: null }, { status_map: {}, links: [salesforceDeal] }, 'Europe/Berlin')).not.toHaveProperty('links');
    expect(erpnextOrder(linkedOrder, { status_map: {} }, 'Europe/Berlin')).not.toHaveProperty('links');
  });

  it('keeps the account and links on a deleted order\'s tombstone (Deleted Document keeps the whole document)', () => {
    const row = { name: 'f00d', deleted_name: 'SAL-ORD-2025-00871', deleted_doctype: 'Sales Order', creation: '2025-03-14 11:00:00.000000',
      data: JSON.stringify({ ...linkedOrder, status: 'Draft', docstatus: 0 }) };
    expect(erpnextTombstone(row, { status_map: {}, links: [salesforceDeal] }, 'Europe/Berlin')).toMatchObject({ deleted: true, account_id: 'CUST-2025-00042',
      links: [{ type: 'deal', id: '006Hs00001Kx7QbIAJ', source: 'salesforce' }] });
  });

  it('maps a Customer to an account: name as id, customer_name, tax_id, the external id field, naive Berlin times as UTC', () => {
    // creation 2025-01-08 10:15 CET (UTC+1) = 09:15Z; modified 2025-03-14 09:12:40.118 CET = 08:12:40.118Z.
    expect(erpnextAccount(customer, { account_fields: { external_id: 'custom_crm_account_id' } }, 'Europe/Berlin')).toEqual({
      type: 'account', id: 'CUST-2025-00042', name: 'Brightlane Retail GmbH', tax_id: 'DE812345678', external_id: '001Hs00002Ab3CdIAJ',
      created_at: '2025-01-08T09:15:00.000Z', updated_at: '2025-03-14T08:12:40.118Z',
      extra: { customer_type: 'Company', customer_group: 'Commercial', territory: 'Germany' } });
    // A tenant keeping the 统一社会信用代码 in a custom field names it; a disabled customer stays an account, flagged.
    expect(erpnextAccount({ ...customer, disabled: 1 }, { account_fields: { tax_id: 'custom_uscc' } }, 'Europe/Berlin'))
      .toMatchObject({ tax_id: '91310000MA1K8FXR2B', extra: { disabled: true } });
    // No tax id, no external id field configured: neither key is set; no customer_name: the id is the name.
    const bare = erpnextAccount({ name: 'Harbor Foods', tax_id: null, creation: '2025-02-27 08:30:00', modified: '2025-02-27 08:30:00' }, {}, 'UTC');
    expect(bare).toEqual({ type: 'account', id: 'Harbor Foods', name: 'Harbor Foods', created_at: '2025-02-27T08:30:00.000Z', updated_at: '2025-02-27T08:30:00.000Z', extra: {} });
  });

  it('validates link and account field names as Frappe field names, and link types', () => {
    const bad = erpnextOptionsSchema.safeParse({ url: 'https://erp.example', links: [{ field: 'CRM Deal ID', type: 'deal' }] });
    expect(bad.error?.issues[0]).toMatchObject({ path: ['links', 0, 'field'], message: expect.stringMatching(/field name/) });
    expect(erpnextOptionsSchema.safeParse({ url: 'https://erp.example', links: [{ field: 'custom_crm_deal_id', type: 'invoice' }] }).success).toBe(false);
    expect(erpnextOptionsSchema.safeParse({ url: 'https://erp.example', account_fields: { vat: 'tax_id' } }).success).toBe(false);
    expect(erpnextOptionsSchema.parse({ url: 'https://erp.example' })).toMatchObject({ links: [], accounts: true, account_fields: {} });
  });
});
