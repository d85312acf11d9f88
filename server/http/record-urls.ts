import type { SourceConfig } from '../sources';

/** Where a source's deals, orders and tickets open in its own system: URL templates with `{id}`. */
type Templates = Partial<Record<'deal' | 'order' | 'ticket', string>>;

const trim = (url: string) => url.replace(/\/+$/, '');
const options = (s: SourceConfig) => ('options' in s ? (s.options as Record<string, unknown>) : {});
const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The record pages of each vendor whose page URL follows from the source's base URL (docs/api.md § Record links):
 * Salesforce Lightning record pages `/lightning/r/<Object>/<id>/view` (the connector reads Opportunity as deals and
 * Order as orders), ERPNext's desk `/app/sales-order/<name>`, Zendesk's agent interface `/agent/tickets/<id>`,
 * Freshdesk's `/helpdesk/tickets/<id>` and Zammad's `/#ticket/zoom/<id>`. Others (HubSpot needs the portal id, SAP
 * Business One has no web client, Odoo's URL differs by version) are configured with `record_url`.
 */
export function defaultTemplates(source: SourceConfig): Templates {
  const o = options(source);
  switch (source.kind) {
    case 'salesforce': {
      const base = text(o.instance_url);
      return base ? { deal: `${trim(base)}/lightning/r/Opportunity/{id}/view`, order: `${trim(base)}/lightning/r/Order/{id}/view` } : {};
    }
    case 'erpnext': {
      const base = text(o.url);
      return base ? { order: `${trim(base)}/app/sales-order/{id}` } : {};
    }
    case 'zendesk': {
      const base = text(o.base_url) ?? (text(o.subdomain) ? `https://${String(o.subdomain)}.zendesk.com` : undefined);
      return base ? { ticket: `${trim(base)}/agent/tickets/{id}` } : {};
    }
    case 'freshdesk': {
      const domain = text(o.domain);
      const base = text(o.base_url) ?? (domain ? `https://${domain.replace(/\.freshdesk\.com$/, '')}.freshdesk.com` : undefined);
      return base ? { ticket: `${trim(base)}/helpdesk/tickets/{id}` } : {};
    }
    case 'zammad': {
      const base = text(o.base_url);
      return base ? { ticket: `${trim(base)}/#ticket/zoom/{id}` } : {};
    }
    default: return {};
  }
}

/**
 * A function giving a record's page in its own system, or undefined: the source's `record_url` for its type, else its
 * `ticket_url` for a ticket, else the connector's default. The id is percent-encoded into the template.
 */
export function recordUrls(sources: readonly SourceConfig[]): (source: string, type: string, id: string) => string | undefined {
  const bySource = new Map<string, Templates>(sources.map((s) => [s.id, {
    ...defaultTemplates(s), ...(s.ticket_url ? { ticket: s.ticket_url } : {}), ...(s.record_url ?? {}),
  }]));
  return (source, type, id) => {
    const template = bySource.get(source)?.[type as keyof Templates];
    return template?.replaceAll('{id}', encodeURIComponent(id));
  };
}
