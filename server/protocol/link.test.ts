import { describe, expect, it } from 'vitest';
import { linkSchema, linkTemplateProblem, normalizeLink } from './link';

describe('linkTemplateProblem', () => {
  it('accepts http(s) URLs and paths with {name} placeholders', () => {
    for (const ok of ['https://acme.zendesk.com/agent/tickets/{ticket_id}', 'http://erp.example.com/o?id={key}&w={window}', '/api/health?t={ticket_id}', 'https://x.example.com/']) {
      expect(linkTemplateProblem(ok), ok).toBeNull();
    }
  });

  it('refuses other schemes and host-changing starts', () => {
    expect(linkTemplateProblem('javascript:alert(1)')).toBe('a link must start with http://, https:// or a path /… (this one starts with "javascript:")');
    expect(linkTemplateProblem('data:text/html,x')).toContain('"data:"');
    expect(linkTemplateProblem('ftp://x.example.com')).toContain('"ftp:"');
    expect(linkTemplateProblem('{url}')).toContain('"{url}"');
    expect(linkTemplateProblem('//evil.example.com')).not.toBeNull();
    expect(linkTemplateProblem('www.example.com')).not.toBeNull();
  });

  it('placeholders: balanced braces, names of lower-case letters and _', () => {
    expect(linkTemplateProblem('/t/{ticket_id')).toBe('unbalanced "{" at character 4: placeholders are written {name}');
    expect(linkTemplateProblem('/t/ticket_id}')).toBe('unbalanced "}" at character 13: placeholders are written {name}');
    expect(linkTemplateProblem('/t/{Ticket}')).toBe('placeholder "{Ticket}" at character 4 is not allowed: names are lower-case letters and _, e.g. {ticket_id}');
    expect(linkTemplateProblem('/t/{ticket-id}')).toContain('"{ticket-id}"');
    expect(linkTemplateProblem('/t/{}')).toContain('"{}"');
    expect(linkTemplateProblem('/t/{{ticket_id}}')).not.toBeNull();
  });
});

describe('linkSchema', () => {
  it('a template or { url, target }', () => {
    expect(linkSchema.parse('/x/{key}')).toBe('/x/{key}');
    expect(linkSchema.parse({ url: '/x', target: '_self' })).toEqual({ url: '/x', target: '_self' });
    expect(linkSchema.safeParse({ url: '/x', target: '_top' }).success).toBe(false);
    expect(linkSchema.safeParse({ url: 'javascript:x' }).error?.issues[0]?.path).toEqual(['url']);
  });
  it('normalizeLink: a new tab unless told', () => {
    expect(normalizeLink('/x')).toEqual({ url: '/x', target: '_blank' });
    expect(normalizeLink({ url: '/x' })).toEqual({ url: '/x', target: '_blank' });
    expect(normalizeLink({ url: '/x', target: '_self' })).toEqual({ url: '/x', target: '_self' });
    expect(normalizeLink(undefined)).toBeUndefined();
  });
});
