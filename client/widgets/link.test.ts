import { describe, expect, it } from 'vitest';
import { chartItemFields, fillTemplate, isSafeUrl } from './link';

describe('fillTemplate', () => {
  it('fills placeholders from the item', () => {
    expect(fillTemplate('https://acme.zendesk.com/agent/tickets/{ticket_id}', { ticket_id: '20931', metric: 'first_reply_time' }))
      .toBe('https://acme.zendesk.com/agent/tickets/20931');
    expect(fillTemplate('/erp/orders?status={key}&n={value}&ok={flag}', { key: 'paid', value: 42, flag: true })).toBe('/erp/orders?status=paid&n=42&ok=true');
  });

  it('URL-encodes every value, so none adds a path, a query, a host or a scheme', () => {
    expect(fillTemplate('https://erp.example.com/orders/{key}', { key: '华东 / a?b=c#d' }))
      .toBe('https://erp.example.com/orders/%E5%8D%8E%E4%B8%9C%20%2F%20a%3Fb%3Dc%23d');
    expect(fillTemplate('https://x.example.com/t/{id}', { id: '../../admin' })).toBe('https://x.example.com/t/..%2F..%2Fadmin');
    // Encoded, the value cannot end the host; what is left is no valid URL, so nothing is opened.
    expect(fillTemplate('https://{host}.example.com/', { host: 'evil.com/@' })).toBeNull();
    expect(fillTemplate('/{path}', { path: '/evil.example.com' })).toBe('/%2Fevil.example.com');
    expect(fillTemplate('/go?u={u}', { u: 'javascript:alert(1)' })).toBe('/go?u=javascript%3Aalert(1)');
  });

  it('leaves an unknown or empty placeholder empty, and never reads inherited properties', () => {
    expect(fillTemplate('https://x.example.com/{nope}/{ticket_id}', { ticket_id: '7' })).toBe('https://x.example.com//7');
    expect(fillTemplate('/t?a={assignee}', { assignee: undefined })).toBe('/t?a=');
    expect(fillTemplate('/t/{constructor}{to_string}', {})).toBe('/t/');
    expect(fillTemplate('/t/{labels}', { labels: { a: 1 } })).toBe('/t/');
  });

  it('refuses schemes other than http(s), host-changing paths and malformed templates', () => {
    expect(fillTemplate('javascript:alert(1)', {})).toBeNull();
    expect(fillTemplate('JavaScript:alert({ticket_id})', { ticket_id: '1' })).toBeNull();
    expect(fillTemplate(' javascript:alert(1)', {})).toBeNull();
    expect(fillTemplate('data:text/html,<script>alert(1)</script>', {})).toBeNull();
    expect(fillTemplate('{url}', { url: 'https://evil.example.com' })).toBeNull();
    expect(fillTemplate('//evil.example.com/{x}', {})).toBeNull();
    expect(fillTemplate('/\\evil.example.com', {})).toBeNull();
    expect(fillTemplate('https://x.example.com/{ticket_id', { ticket_id: '1' })).toBeNull();
    expect(fillTemplate('https://x.example.com/{Ticket}', { Ticket: '1' })).toBeNull();
  });
});

describe('isSafeUrl', () => {
  it('http, https and paths on this host', () => {
    expect(isSafeUrl('http://a.example.com/')).toBe(true);
    expect(isSafeUrl('HTTPS://a.example.com/x')).toBe(true);
    expect(isSafeUrl('/api/health')).toBe(true);
    expect(isSafeUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeUrl('java\tscript:alert(1)')).toBe(false);
    expect(isSafeUrl('vbscript:x')).toBe(false);
    expect(isSafeUrl('relative/path')).toBe(false);
    expect(isSafeUrl('//evil.example.com')).toBe(false);
  });
});

describe('chartItemFields', () => {
  it('the key a chart option put on the item, and its measure', () => {
    expect(chartItemFields({ data: { name: '已支付', value: 12, key: 'paid' }, value: 12 })).toEqual({ key: 'paid', value: 12 });
    // A heatmap tile's value is [column, row, value].
    expect(chartItemFields({ data: { value: [3, 4, 9], key: '华东' }, value: [3, 4, 9] })).toEqual({ key: '华东', value: 9 });
  });
  it('null for an item without a key (the "other" slice, a region without data)', () => {
    expect(chartItemFields({ data: { name: '其他', value: 3 } })).toBeNull();
    expect(chartItemFields({ data: undefined })).toBeNull();
    expect(chartItemFields({})).toBeNull();
  });
});
