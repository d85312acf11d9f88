import { describe, expect, it } from 'vitest';
import type { Account, Order } from '../../server/model';
import { useConnectorHub } from '../support/connector-hub';
import { waitFor } from '../support/hub';
import { startFakeInhouse } from '../support/vendors/http-json';

/** What both sources share: the in-house API's envelope, its cursor paging and its `updated_since`, an ISO time. */
const common = { headers_env: { Authorization: 'TEST_ERP_TOKEN' }, records_path: 'data', paging: { type: 'cursor', next_path: 'next_cursor', param: 'cursor' },
  updated_since: { param: 'updated_since', format: 'iso', overlap: '1m' } };

describe('http-json orders with account ids and links, against a fake in-house API', () => {
  const src = useConnectorHub('http-json-orders', async () => {
    const fake = await startFakeInhouse();
    return { fake, env: { TEST_ERP_TOKEN: 'Bearer erp-token' }, timezone: 'Asia/Shanghai',
      source: { id: 'erp', kind: 'http-json', interval: '300ms', options: { ...common, url: `${fake.url}/api/orders`, entity: 'order',
        fields: { id: 'order_no', status: 'state', amount: 'total.value', currency: 'total.currency', account_id: 'customer.no', customer: 'customer.name',
          created_at: 'created', updated_at: 'modified' },
        values: { status: { pending: 'new', paid: 'confirmed', shipped: 'shipped' } },
        links: [{ field: 'crm_deal_id', type: 'deal', source: 'crm' }, { field: 'service_ticket', type: 'ticket', source: 'zendesk' }] } } };
  });

  it('stores each order with the customer number as account_id and a link per filled link field', async () => {
    const orders = await waitFor('three orders', () => { const o = src.records<Order>('order'); return o.size === 3 ? o : undefined; });
    // SO-1001: customer 42017 (a number in the API, text on the record); the CRM deal; service_ticket null: no ticket link.
    expect(orders.get('SO-1001')).toMatchObject({ account_id: '42017', customer: '华东贸易有限公司', status: 'confirmed', amount: 1280,
      links: [{ type: 'deal', id: '006Hs00001Kx7QbIAJ', source: 'crm' }], updated_at: '2025-03-14T01:05:00.000Z' });
    // SO-1002: crm_deal_id "" is no deal; the ticket 148213 it was raised from, in the Zendesk source.
    expect(orders.get('SO-1002')).toMatchObject({ account_id: '42033', links: [{ type: 'ticket', id: '148213', source: 'zendesk' }] });
    // SO-1003: no customer, no links.
    expect(orders.get('SO-1003')).not.toHaveProperty('account_id');
    expect(orders.get('SO-1003')).not.toHaveProperty('links');
    expect(orders.get('SO-1001')!.extra).toBeUndefined(); // every field is mapped or a link
  });
});

describe('http-json accounts against a fake in-house API', () => {
  const src = useConnectorHub('http-json-accounts', async () => {
    const fake = await startFakeInhouse();
    return { fake, env: { TEST_ERP_TOKEN: 'Bearer erp-token' }, timezone: 'Asia/Shanghai',
      source: { id: 'erp-customers', kind: 'http-json', interval: '300ms', options: { ...common, url: `${fake.url}/api/customers`, entity: 'account', extra: 'drop',
        fields: { id: 'no', name: 'name', tax_id: 'uscc', external_id: 'crm_account_id', domain: 'website', created_at: 'created', updated_at: 'modified' } } } };
  });

  it('stores the customers as accounts, keys the customer map matches on as text', async () => {
    const accounts = await waitFor('two accounts', () => { const a = src.records<Account>('account'); return a.size === 2 ? a : undefined; });
    // 2024-05-06T10:00:00+08:00 = 02:00Z; 2025-03-10T16:30:00+08:00 = 08:30Z.
    expect(accounts.get('42017')).toEqual({ type: 'account', source: 'erp-customers', id: '42017', name: '华东贸易有限公司', tax_id: '91310000MA1K8FXR2B',
      external_id: '001Hs00002Ab3CdIAJ', domain: 'huadong-trade.example', created_at: '2024-05-06T02:00:00.000Z', updated_at: '2025-03-10T08:30:00.000Z' });
    expect(accounts.get('42033')).toEqual({ type: 'account', source: 'erp-customers', id: '42033', name: 'Lin Foods',
      created_at: '2025-01-08T01:00:00.000Z', updated_at: '2025-01-08T01:00:00.000Z' }); // null keys are absent
    // The next sync asks for what changed since the newest modified less the overlap: 08:30Z − 1 min.
    await waitFor('an incremental sync', () => src.fake.requests.find((r) => r.url.searchParams.get('updated_since') === '2025-03-10T08:29:00.000Z'));
  });
});
