import { describe, expect, it } from 'vitest';
import { sourceConfigSchema, type SourceConfig } from '../sources';
import { recordUrls } from './record-urls';

// Each vendor's record page from the source's base URL (docs/api.md § Record links): Salesforce Lightning
// /lightning/r/<Object>/<id>/view, ERPNext /app/sales-order/<name>, Zendesk /agent/tickets/<id>, Freshdesk
// /helpdesk/tickets/<id>, Zammad /#ticket/zoom/<id>; a configured record_url (or ticket_url) wins.
const source = (s: object): SourceConfig => sourceConfigSchema.parse(s);

describe('recordUrls', () => {
  const url = recordUrls([
    source({ id: 'sf', kind: 'salesforce', options: { instance_url: 'https://acme.my.salesforce.com/' } }),
    source({ id: 'erp', kind: 'erpnext', options: { url: 'https://erp.acme.cn' } }),
    source({ id: 'zd', kind: 'zendesk', options: { subdomain: 'acme' } }),
    source({ id: 'zd2', kind: 'zendesk', ticket_url: 'https://help.acme.cn/t/{id}', options: { subdomain: 'acme' } }),
    source({ id: 'feed', kind: 'push', record_url: { order: 'https://shop.acme.cn/orders/{id}' } }),
  ]);

  it('derives each vendor\'s page from its base URL', () => {
    expect(url('sf', 'deal', '006Hs00001Kx7Qb')).toBe('https://acme.my.salesforce.com/lightning/r/Opportunity/006Hs00001Kx7Qb/view');
    expect(url('sf', 'order', '801Hs0000')).toBe('https://acme.my.salesforce.com/lightning/r/Order/801Hs0000/view');
    expect(url('erp', 'order', 'SAL-ORD-2025-00871')).toBe('https://erp.acme.cn/app/sales-order/SAL-ORD-2025-00871');
    expect(url('zd', 'ticket', '148213')).toBe('https://acme.zendesk.com/agent/tickets/148213');
  });

  it('takes the configured template first, encodes the id, and gives nothing it does not know', () => {
    expect(url('zd2', 'ticket', '7')).toBe('https://help.acme.cn/t/7');
    expect(url('feed', 'order', 'A/B 1')).toBe('https://shop.acme.cn/orders/A%2FB%201');
    expect(url('feed', 'deal', '1')).toBeUndefined();
    expect(url('erp', 'deal', '1')).toBeUndefined();
    expect(url('nobody', 'order', '1')).toBeUndefined();
  });

  it('refuses a template without {id}', () => {
    expect(() => source({ id: 'feed', kind: 'push', record_url: { order: 'https://shop.acme.cn/orders' } })).toThrow(/\{id\}/);
    expect(() => source({ id: 'feed', kind: 'push', record_url: { account: 'https://x/{id}' } })).toThrow();
  });
});
