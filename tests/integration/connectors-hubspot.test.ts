import { describe, expect, it } from 'vitest';
import type { Account, Deal } from '../../server/model';
import { RetryLaterError } from '../../server/sources/scheduler';
import { createHubspotConnector, hubspotOptionsSchema, type HubspotCursor } from '../../server/sources/connectors/hubspot';
import { useConnectorHub } from '../support/connector-hub';
import { silent, waitFor } from '../support/hub';
import { startFakeHubspot } from '../support/vendors/hubspot';

const TOKEN_ENV = 'OPSWALL_TEST_HS_TOKEN';
const src = useConnectorHub('hs', async () => {
  const fake = await startFakeHubspot({ cap: 4 });
  return { fake, env: { [TOKEN_ENV]: fake.token }, timezone: 'Europe/Berlin', currency: { reporting: 'EUR' }, // the account's company currency
    source: { id: 'hs', kind: 'hubspot', interval: '300ms', options: {
      base_url: fake.url, token_env: TOKEN_ENV, page_size: 2, search_cap: 4, overlap_seconds: 60, archived_every_minutes: 0,
      stage_map: { 'Quote sent': 'proposal' },
      account_fields: { tax_id: 'vat_number', external_id: 'erp_customer_id' }, links: [{ field: 'erp_order_number', type: 'order', source: 'erp' }],
    } } };
});
const deals = () => src.records<Deal>('deal');
const accounts = () => src.records<Account>('account');

describe('HubSpot connector against a fake CRM API', () => {
  it('reads every deal over several pages, re-anchoring at the search cap, with stages resolved from the pipelines', async () => {
    const stored = await waitFor('five deals', () => (deals().size === 5 ? deals() : undefined));
    expect(stored.get('31577520941')).toMatchObject({
      type: 'deal', name: 'Brightlane Retail - POS rollout 2025', stage: 'negotiation', amount: 48000, currency: 'EUR', base_amount: 48000, base_currency: 'EUR', owner: '81223344',
      pipeline: 'Sales Pipeline', close_date: '2025-03-31', created_at: '2025-01-20T10:14:03.512Z', updated_at: '2025-03-14T09:12:45.230Z',
      extra: { stage_id: 'contractsent', stage_label: 'Contract Sent', pipeline_id: 'default', probability: 0.9 },
    });
    expect(stored.get('31702218877')).toMatchObject({ stage: 'won', amount: 126500, pipeline: 'Renewals', close_date: '2025-03-14',
      updated_at: '2025-03-14T09:40:31.877Z', extra: { stage_label: 'Renewed' } });
    expect(stored.get('31500000001')).toMatchObject({ stage: 'lead', amount: 0 }); // an empty amount is ""
    expect(stored.get('31500000001')!.owner).toBeUndefined();
    // In USD; amount_in_home_currency is its amount in the account's company currency (companyCurrency EUR, read once).
    expect(stored.get('31500000002')).toMatchObject({ stage: 'lost', amount: 9800.5, currency: 'USD', base_amount: 9074.54, base_currency: 'EUR', close_date: '2025-03-12' });
    expect(src.fake.requests.filter((r) => r.path === '/account-info/v3/details')).toHaveLength(1);
    // "Quote sent" (probability 0.8) would be negotiation by default; the config maps its label to proposal.
    expect(stored.get('31500000003')).toMatchObject({ stage: 'proposal', pipeline: 'Renewals' });
    // Page 1, page 2 (after=2), then the cap (4) reached: the filter restarts from the newest seen (09:12:45.230).
    expect(src.fake.searches().slice(0, 3)).toEqual([{}, { after: '2' }, { filterMs: Date.parse('2025-03-14T09:12:45.230Z') }]);
  });

  it('reads the companies as accounts, and each deal\'s primary company, tickets and link properties from its associations', async () => {
    const stored = await waitFor('two accounts', () => (accounts().size === 2 ? accounts() : undefined));
    // tests/support/vendors/hubspot.ts hubspotCompanies(): vat_number and erp_customer_id configured; the domain lower-cased.
    expect(stored.get('4320142817')).toEqual(expect.objectContaining({ type: 'account', name: 'Brightlane Retail GmbH', domain: 'brightlane.de', tax_id: 'DE812345678',
      external_id: 'CUST-2025-00042', created_at: '2024-06-03T08:00:00.000Z', updated_at: '2025-03-10T08:00:00.000Z' }));
    expect(stored.get('4320142806')).toMatchObject({ name: 'Northgate Logistics AG', domain: 'northgate-logistics.ch' });
    expect(stored.get('4320142806')).not.toHaveProperty('tax_id'); // vat_number ""
    expect(stored.get('4320142806')).not.toHaveProperty('external_id'); // erp_customer_id null
    // hubspotAssociations(): the POS rollout's primary company (type 5) is Brightlane, though Northgate is associated too.
    expect(deals().get('31577520941')).toMatchObject({ account_id: '4320142817' });
    // The fleet renewal: one company, unlabeled → it; and erp_order_number as a link to the order in "erp".
    expect(deals().get('31702218877')).toMatchObject({ account_id: '4320142806', links: [{ type: 'order', id: 'SAL-ORD-2025-00868', source: 'erp' }] });
    // The support renewal: three tickets, two per answer, the third read with the `after` of the first answer; no company.
    expect(deals().get('31500000003')!.links).toEqual([{ type: 'ticket', id: '183534428' }, { type: 'ticket', id: '183534429' }, { type: 'ticket', id: '183534430' }]);
    expect(deals().get('31500000003')).not.toHaveProperty('account_id');
    const reads = src.fake.requests.filter((r) => r.path === '/crm/v4/associations/deals/tickets/batch/read').map((r) => JSON.parse(r.body) as { inputs: unknown[] });
    expect(reads).toContainEqual({ inputs: [{ id: '31500000003', after: '2' }] });
    expect((await src.health()).entities).toEqual(['deal', 'account']);
  });

  it('polls on from the watermark minus the overlap, and reads the archived list', async () => {
    const later = Date.parse('2025-03-14T09:39:31.877Z'); // 09:40:31.877 − 60 s
    await waitFor('an incremental search', () => src.fake.searches().find((s) => s.filterMs === later));
    expect(src.fake.requests.some((r) => r.url.searchParams.get('archived') === 'true')).toBe(true);
    expect(src.cursor<HubspotCursor>()).toMatchObject({ watermark: '2025-03-14T09:40:31.877Z' });
    // The companies poll on from their own watermark, Northgate's 2025-03-11T08:00:00.000Z, minus 60 s.
    await waitFor('an incremental company search', () => src.fake.searches('companies').find((q) => q.filterMs === Date.parse('2025-03-11T07:59:00.000Z')));
    expect(src.cursor<HubspotCursor>()?.companies).toEqual({ watermark: '2025-03-11T08:00:00.000Z' });
  });

  it('picks up a company\'s new tax id made between two polls', async () => {
    Object.assign(src.fake.companies.find((c) => c.id === '4320142806')!.properties, { vat_number: 'CHE-123.456.789', hs_lastmodifieddate: '2025-03-14T09:58:00.000Z' });
    const account = await waitFor('the new tax id', () => (accounts().get('4320142806')?.tax_id === 'CHE-123.456.789' ? accounts().get('4320142806') : undefined));
    expect(account).toMatchObject({ updated_at: '2025-03-14T09:58:00.000Z' });
  });

  it('picks up a stage change and an archived (deleted) deal made between two polls', async () => {
    // Open: 31577520941 negotiation 48000, 31500000003 proposal 12000, 31500000001 lead with no amount.
    expect(await src.scalar('deals.pipeline_value')).toBe(60000);
    Object.assign(src.fake.deals.find((d) => d.id === '31577520941')!.properties,
      { dealstage: 'closedwon', hs_is_closed: 'true', hs_is_closed_won: 'true', hs_deal_stage_probability: '1', hs_lastmodifieddate: '2025-03-14T10:01:00.000Z' });
    Object.assign(src.fake.deals.find((d) => d.id === '31500000001')!, { archived: true, archivedAt: '2025-03-14T10:02:00.000Z' });
    const stored = await waitFor('the changes', () => {
      const d = deals();
      return d.get('31577520941')!.stage === 'won' && d.get('31500000001')!.deleted ? d : undefined;
    });
    expect(stored.get('31577520941')).toMatchObject({ stage: 'won', updated_at: '2025-03-14T10:01:00.000Z', extra: { stage_label: 'Closed Won' } });
    expect(stored.get('31577520941')!.history!.map((h) => h.stage)).toEqual(['negotiation', 'won']);
    // Archived: a tombstone keeping its stage (appointmentscheduled → lead), at archivedAt.
    expect(stored.get('31500000001')).toMatchObject({ stage: 'lead', deleted: true, updated_at: '2025-03-14T10:02:00.000Z' });
    await waitFor('the won deal to leave the pipeline', async () => ((await src.scalar('deals.pipeline_value')) === 12000 ? true : undefined));
  });

  it('an open deal archived between polls leaves the pipeline value', async () => {
    Object.assign(src.fake.deals.find((d) => d.id === '31500000003')!, { archived: true, archivedAt: '2025-03-14T10:05:00.000Z' });
    await waitFor('the pipeline to empty', async () => ((await src.scalar('deals.pipeline_value')) === 0 ? true : undefined));
    expect(deals().get('31500000003')).toMatchObject({ stage: 'proposal', amount: 12000, deleted: true, updated_at: '2025-03-14T10:05:00.000Z' });
    expect(deals().size).toBe(5);
  });
});

describe('HubSpot extra_fields', () => {
  it('asks for the named deal properties in the search and keeps their values in extra; absent, nothing new is asked for', async () => {
    const fake = await startFakeHubspot({ cap: 10 }); // fresh: the deals as the fixtures have them
    fake.token = src.fake.token;
    const ctx = { cursor: undefined, now: Date.now(), signal: new AbortController().signal, log: silent };
    const poll = async (over: Record<string, unknown>) => {
      const before = fake.requests.length;
      const c = createHubspotConnector(hubspotOptionsSchema.parse({ base_url: fake.url, token_env: TOKEN_ENV, page_size: 10, search_cap: 10, include_archived: false,
        companies: false, ...over }), { env: process.env, sourceId: 'hs-extra', timezone: 'UTC' });
      const records = (await c.poll(ctx)).records as Deal[];
      const search = fake.requests.slice(before).find((r) => r.path === '/crm/v3/objects/deals/search')!;
      return { byId: new Map(records.map((d) => [d.id, d])), properties: (JSON.parse(search.body) as { properties: string[] }).properties };
    };
    try {
      const kept = await poll({ extra_fields: [{ field: 'lead_source', as: 'lead_source' }, 'product_lines'] });
      expect(kept.properties.slice(-2)).toEqual(['lead_source', 'product_lines']);
      // tests/support/vendors/hubspot.ts: Brightlane lead_source "partner", product_lines "pos;tablets" (kept as sent); Northgate "web" and ""
      // (an empty string is a value); the older deals have neither property: no key.
      expect(kept.byId.get('31577520941')!.extra).toEqual({ lead_source: 'partner', product_lines: 'pos;tablets',
        stage_id: 'contractsent', stage_label: 'Contract Sent', pipeline_id: 'default', probability: 0.9 });
      expect(kept.byId.get('31702218877')!.extra).toMatchObject({ lead_source: 'web', product_lines: '' });
      expect(kept.byId.get('31500000001')!.extra).not.toHaveProperty('lead_source');
      const plain = await poll({});
      expect(plain.properties).not.toContain('lead_source');
      expect(plain.byId.get('31577520941')!.extra).not.toHaveProperty('lead_source');
    } finally { await fake.close(); }
  });
});

describe('HubSpot connector errors', () => {
  it('429 with Retry-After is a RetryLaterError; a bad token is an error naming the status', async () => {
    const connector = createHubspotConnector(hubspotOptionsSchema.parse({ base_url: src.fake.url, token_env: TOKEN_ENV }),
      { env: process.env, sourceId: 'hs-unit', timezone: 'UTC' });
    const ctx = { cursor: undefined, now: Date.now(), signal: new AbortController().signal, log: silent };
    src.fake.queue.push({ status: 429, headers: { 'Retry-After': '7' }, body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT' } });
    const err = await connector.poll(ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(7000);
    src.fake.queue.push({ status: 401, body: { status: 'error', category: 'INVALID_AUTHENTICATION' } });
    await expect(connector.poll(ctx)).rejects.toThrow(/→ 401.*INVALID_AUTHENTICATION/);
  });

  it('a token that may not read tickets, then not companies: deals go on without those, with a warning each, and the run ends', async () => {
    const fake = await startFakeHubspot({ cap: 4 }); // fresh: the deals as the fixtures have them
    fake.token = src.fake.token;
    fake.forbidden.add('tickets');
    const warned: string[] = [];
    const log = { ...silent, warn: (_obj: object, msg: string) => { warned.push(msg); } } as unknown as typeof silent;
    const connector = createHubspotConnector(hubspotOptionsSchema.parse({ base_url: fake.url, token_env: TOKEN_ENV, page_size: 2, search_cap: 4, include_archived: false }),
      { env: process.env, sourceId: 'hs-scopes', timezone: 'UTC' });
    try {
      // The deals' run (pages of 2 up to the cap of 4), until the cursor turns to the companies.
      let first = await connector.poll({ cursor: undefined, now: Date.now(), signal: new AbortController().signal, log });
      const records = [...first.records] as Deal[];
      for (let i = 0; i < 5 && !first.cursor.phase; i++) {
        first = await connector.poll({ cursor: first.cursor, now: Date.now(), signal: new AbortController().signal, log });
        records.push(...first.records as Deal[]);
      }
      expect(records).toContainEqual(expect.objectContaining({ id: '31577520941', account_id: '4320142817' }));
      expect(records.find((d) => d.id === '31500000003')).not.toHaveProperty('links');
      expect(first).toMatchObject({ more: true, cursor: { phase: 'companies' } });
      fake.forbidden.add('companies'); // the companies scope withdrawn before the companies' turn
      const second = await connector.poll({ cursor: first.cursor, now: Date.now(), signal: new AbortController().signal, log });
      expect(second.records).toEqual([]);
      expect(second.more).toBe(false);
      expect(second.cursor).not.toHaveProperty('phase');
      expect(warned).toEqual(['HubSpot deal-to-tickets associations unreadable (scope); deals go on without them',
        'HubSpot companies unreadable (scope crm.objects.companies.read); deals keep their company ids without account records']);
    } finally { await fake.close(); }
  });

  it('a token without the account-details scope: deals keep their own currency, the configured one is the company currency', async () => {
    src.fake.account = 403;
    const ctx = { cursor: undefined, now: Date.now(), signal: new AbortController().signal, log: silent };
    const make = (over: Record<string, unknown> = {}) => createHubspotConnector(hubspotOptionsSchema.parse({ base_url: src.fake.url, token_env: TOKEN_ENV,
      page_size: 2, search_cap: 4, ...over }), { env: process.env, sourceId: 'hs-currency', timezone: 'UTC' }); // the two oldest: 31500000001 and …02
    const unread = (await make().poll(ctx)).records as Deal[];
    expect(unread.find((d) => d.id === '31500000002')).toMatchObject({ amount: 9800.5, currency: 'USD' });
    expect(unread.find((d) => d.id === '31500000002')).not.toHaveProperty('base_amount');
    const configured = (await make({ currency: 'EUR' }).poll(ctx)).records as Deal[];
    expect(configured.find((d) => d.id === '31500000002')).toMatchObject({ base_amount: 9074.54, base_currency: 'EUR' });
    src.fake.account = 401;
    await expect(make().poll(ctx)).rejects.toThrow(/account-info\/v3\/details → 401/); // a bad token is no missing scope
  });
});
