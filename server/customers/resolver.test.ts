import { describe, expect, it } from 'vitest';
import type { SourcedRecord } from '../model';
import { MATCH_KEYS } from './config';
import { createCustomerResolver, type MappedCustomer } from './resolver';

const AT = '2026-03-02T08:00:00Z';

function account(source: string, id: string, keys: { name?: string; tax_id?: string; external_id?: string; deleted?: boolean } = {}): SourcedRecord {
  return { type: 'account', source, id, created_at: AT, updated_at: AT, ...keys };
}
function order(source: string, id: string, accountId: string | undefined, deleted = false): SourcedRecord {
  return { type: 'order', source, id, status: 'confirmed', amount: 100, created_at: AT, updated_at: AT,
    ...(accountId !== undefined ? { account_id: accountId } : {}), ...(deleted ? { deleted } : {}) };
}

const USCC = '91110108MA01ABCD2X';

describe('matching by tax id', () => {
  it('joins three sources\' accounts with different names and ids into one customer, tax:<id>', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    // Three ways of writing one 统一社会信用代码, normalised by hand: spaces and dashes out, upper case.
    map.apply([
      account('salesforce', '0015g00000AbCdE', { name: 'Huaxin Technology Co., Ltd.', tax_id: USCC }),
      account('erpnext', 'CUST-0007', { name: '北京华信', tax_id: '9111 0108-MA01-ABCD 2X' }),
      account('zendesk', '3601', { name: 'HX 科技', tax_id: '91110108ma01abcd2x' }),
    ]);
    for (const [source, id] of [['salesforce', '0015g00000AbCdE'], ['erpnext', 'CUST-0007'], ['zendesk', '3601']] as const) {
      expect(map.customerOf(source, id)).toBe(`tax:${USCC}`);
      expect(map.unmatched(source)).toEqual({ accounts: 0, withoutRecord: 0, sample: [] });
    }
    expect(map.customer(`tax:${USCC}`)).toEqual({
      id: `tax:${USCC}`, name: '北京华信', // the first named account by (source, id): erpnext < salesforce < zendesk
      accounts: [
        { source: 'erpnext', id: 'CUST-0007', name: '北京华信' },
        { source: 'salesforce', id: '0015g00000AbCdE', name: 'Huaxin Technology Co., Ltd.' },
        { source: 'zendesk', id: '3601', name: 'HX 科技' },
      ],
    });
  });

  it('gives an account with a tax id its tax:<id> before any other source has it, so the id does not move later', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([account('salesforce', 'A', { tax_id: USCC })]);
    expect(map.customerOf('salesforce', 'A')).toBe(`tax:${USCC}`);
    expect(map.unmatched('salesforce').accounts).toBe(1); // no other source has it yet
    // Salesforce A does not move; the new ERPNext account leaves the id every unknown account has (its own) for A's.
    expect(map.apply([account('erpnext', 'C1', { tax_id: USCC })])).toEqual([
      { source: 'erpnext', accountId: 'C1', from: 'erpnext:C1', to: `tax:${USCC}` },
    ]);
    expect(map.unmatched('salesforce').accounts).toBe(0);
  });

  it('a tax id edit moves the account to its new customer, and back', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([account('salesforce', 'A', { tax_id: USCC }), account('erpnext', 'C1', { tax_id: USCC }), account('erpnext', 'C2', { tax_id: 'T2' })]);
    expect(map.apply([account('salesforce', 'A', { tax_id: 't2' })])).toEqual([
      { source: 'salesforce', accountId: 'A', from: `tax:${USCC}`, to: 'tax:T2' },
    ]);
    expect(map.customerOf('erpnext', 'C1')).toBe(`tax:${USCC}`); // still the only holder of its tax id
    expect(map.unmatched('erpnext')).toEqual({ accounts: 1, withoutRecord: 0, sample: [{ id: 'C1' }] });
  });
});

describe('matching by name', () => {
  it('joins the same company written differently in two sources: name:<normalised name>', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([account('erpnext', 'CUST-1', { name: '华信科技有限公司' }), account('zendesk', '77', { name: '  华信科技 ' })]);
    expect(map.customerOf('erpnext', 'CUST-1')).toBe('name:华信科技');
    expect(map.customerOf('zendesk', '77')).toBe('name:华信科技');
  });

  it('never joins two accounts of the same source by name, nor through a third source', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    // Two Salesforce accounts with one normalised name (华信科技): that name is ambiguous in Salesforce, so the
    // ERPNext account with it is joined to neither, and the two stay apart.
    map.apply([
      account('salesforce', '001A', { name: '华信科技有限公司' }),
      account('salesforce', '001B', { name: '华信科技' }),
      account('erpnext', 'C1', { name: '华信科技' }),
    ]);
    expect(map.customerOf('salesforce', '001A')).toBe('salesforce:001A');
    expect(map.customerOf('salesforce', '001B')).toBe('salesforce:001B');
    expect(map.customerOf('erpnext', 'C1')).toBe('erpnext:C1');
    expect(map.unmatched('salesforce')).toEqual({ accounts: 2, withoutRecord: 0, sample: [{ id: '001A', name: '华信科技有限公司' }, { id: '001B', name: '华信科技' }] });
    // 001B deleted in Salesforce: the name is now unique there, and 001A joins C1.
    const moved = map.apply([account('salesforce', '001B', { name: '华信科技', deleted: true })]);
    expect(moved).toEqual(expect.arrayContaining([
      { source: 'salesforce', accountId: '001A', from: 'salesforce:001A', to: 'name:华信科技' },
      { source: 'erpnext', accountId: 'C1', from: 'erpnext:C1', to: 'name:华信科技' },
    ]));
    expect(moved).toHaveLength(2);
    expect(map.customerOf('salesforce', '001B')).toBe('salesforce:001B'); // a tombstone nothing refers to: its own again
    expect(map.unmatched('salesforce').accounts).toBe(0);
  });

  it('never joins two tax ids by a name: the weaker key gives way', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    // The three names normalise to "acme"; A and B carry different tax ids, so they are two legal entities. C,
    // with no tax id, could be either: it is joined to neither.
    map.apply([
      account('salesforce', 'A', { name: 'Acme', tax_id: 'T1' }),
      account('erpnext', 'B', { name: 'ACME Inc.', tax_id: 'T2' }),
      account('zendesk', 'C', { name: 'acme' }),
    ]);
    expect([map.customerOf('salesforce', 'A'), map.customerOf('erpnext', 'B'), map.customerOf('zendesk', 'C')])
      .toEqual(['tax:T1', 'tax:T2', 'zendesk:C']);
    // Without B, C's name joins it to A (no tax id disagrees): A's customer keeps its id.
    map.apply([account('erpnext', 'B', { deleted: true })]);
    expect(map.customerOf('zendesk', 'C')).toBe('tax:T1');
  });

  it('is not used when `match` leaves it out', () => {
    const map = createCustomerResolver(['tax_id']);
    map.apply([account('erpnext', 'CUST-1', { name: '华信科技有限公司' }), account('zendesk', '77', { name: '华信科技' })]);
    expect(map.customerOf('zendesk', '77')).toBe('zendesk:77');
  });
});

describe('matching by external id', () => {
  it('joins an account whose external id is another source\'s account id (a CRM id kept on the service desk)', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([account('salesforce', '0015g00000AbCdE', { name: 'Huaxin' }), account('zendesk', '77', { name: 'HX', external_id: '0015g00000AbCdE' })]);
    expect(map.customerOf('salesforce', '0015g00000AbCdE')).toBe('ext:0015g00000AbCdE');
    expect(map.customerOf('zendesk', '77')).toBe('ext:0015g00000AbCdE');
  });

  it('joins two accounts carrying the same external id', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([account('erpnext', 'C1', { external_id: 'MDM-9' }), account('zendesk', '77', { external_id: 'MDM-9' })]);
    expect(map.customerOf('erpnext', 'C1')).toBe('ext:MDM-9');
    expect(map.customerOf('zendesk', '77')).toBe('ext:MDM-9');
  });

  it('does not guess when the id it names exists in two other sources', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([account('hubspot', '42'), account('freshdesk', '42'), account('zendesk', '77', { external_id: '42' })]);
    expect(map.customerOf('zendesk', '77')).toBe('ext:42'); // its own external id, held by nobody else
    expect(map.customerOf('hubspot', '42')).toBe('hubspot:42');
    expect(map.customerOf('freshdesk', '42')).toBe('freshdesk:42');
    expect(map.unmatched('zendesk').accounts).toBe(1);
  });
});

describe('the mapping file\'s customers', () => {
  const C1: MappedCustomer = { id: 'C-0001', name: '华信科技', accounts: [{ source: 'salesforce', id: '001' }, { source: 'erpnext', id: 'CUST-7' }] };

  it('join accounts no key joins, and win over the keys', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([
      account('salesforce', '001', { name: 'Huaxin', tax_id: 'T1' }),
      account('erpnext', 'CUST-7', { name: '华信科技', tax_id: 'T9' }), // another tax id: the keys would never join them
      account('zendesk', '77', { tax_id: 'T9' }),
    ]);
    expect(map.customerOf('salesforce', '001')).toBe('tax:T1');
    const moved = map.setMapping([C1]);
    expect(moved).toEqual(expect.arrayContaining([
      { source: 'salesforce', accountId: '001', from: 'tax:T1', to: 'C-0001' },
      { source: 'erpnext', accountId: 'CUST-7', from: 'tax:T9', to: 'C-0001' },
      // Zendesk 77 shares CUST-7's tax id (T9), and C-0001 holds T9 through CUST-7: 77 joins it.
      { source: 'zendesk', accountId: '77', from: 'tax:T9', to: 'C-0001' },
    ]));
    expect(moved).toHaveLength(3);
    expect(map.customer('C-0001')).toEqual({ id: 'C-0001', name: '华信科技', accounts: [
      { source: 'erpnext', id: 'CUST-7', name: '华信科技' }, { source: 'salesforce', id: '001', name: 'Huaxin' }, { source: 'zendesk', id: '77' },
    ] });
  });

  it('an edit re-resolves only what it moves', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([account('salesforce', '001', { name: 'Huaxin' }), account('erpnext', 'CUST-7', { name: '华信科技' }), account('erpnext', 'CUST-8', { name: 'Other' })]);
    map.setMapping([C1]);
    expect(map.unmatched('erpnext')).toEqual({ accounts: 1, withoutRecord: 0, sample: [{ id: 'CUST-8', name: 'Other' }] });
    // CUST-7 moves to a customer of its own; the name only changes for C-0001 and moves nobody.
    const moved = map.setMapping([{ ...C1, name: '华信', accounts: [{ source: 'salesforce', id: '001' }] }, { id: 'C-0002', accounts: [{ source: 'erpnext', id: 'CUST-7' }] }]);
    expect(moved).toEqual([{ source: 'erpnext', accountId: 'CUST-7', from: 'C-0001', to: 'C-0002' }]);
    expect(map.customer('C-0001')?.name).toBe('华信');
    // C-0001 and C-0002 each hold one source's accounts now: unmatched.
    expect(map.unmatched('salesforce')).toEqual({ accounts: 1, withoutRecord: 0, sample: [{ id: '001', name: 'Huaxin' }] });
    expect(map.unmatched('erpnext').accounts).toBe(2);
    // The mapping emptied: each is its own customer again.
    expect(map.setMapping([])).toEqual(expect.arrayContaining([
      { source: 'salesforce', accountId: '001', from: 'C-0001', to: 'salesforce:001' },
      { source: 'erpnext', accountId: 'CUST-7', from: 'C-0002', to: 'erpnext:CUST-7' },
    ]));
  });

  it('keep apart two customers the keys would join: the accounts in between are joined to neither', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([account('salesforce', 'X', { tax_id: 'T5' }), account('erpnext', 'Y', { tax_id: 'T5' }), account('zendesk', 'Z', { tax_id: 'T5' })]);
    map.setMapping([{ id: 'C-1', accounts: [{ source: 'salesforce', id: 'X' }] }, { id: 'C-2', accounts: [{ source: 'erpnext', id: 'Y' }] }]);
    // X, Y and Z share T5, but the file says X and Y are two customers: Z could be either, and T5 names none of them.
    expect([map.customerOf('salesforce', 'X'), map.customerOf('erpnext', 'Y'), map.customerOf('zendesk', 'Z')]).toEqual(['C-1', 'C-2', 'zendesk:Z']);
  });

  it('resolve an account that has no account record (a source that does not sync accounts)', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.setMapping([{ id: 'C-1', accounts: [{ source: 'shop', id: 'K-9' }, { source: 'salesforce', id: '001' }] }]);
    map.apply([order('shop', 'O1', 'K-9')]);
    expect(map.customerOf('shop', 'K-9')).toBe('C-1');
    expect(map.unmatched('shop').accounts).toBe(0);
  });
});

describe('unmatched accounts', () => {
  it('are listed per source, with the account ids records carry that no account record has, and never dropped', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([
      account('salesforce', 'A', { name: 'Alpha' }),
      account('erpnext', 'C1', { name: 'Alpha Ltd' }), // joins A by name
      account('erpnext', 'C2', { name: 'Beta' }),
      order('shop', 'O1', 'K-2'), order('shop', 'O2', 'K-1'), order('shop', 'O3', 'K-1'), order('shop', 'O4', undefined),
    ]);
    expect(map.unmatched('salesforce')).toEqual({ accounts: 0, withoutRecord: 0, sample: [] });
    expect(map.unmatched('erpnext')).toEqual({ accounts: 1, withoutRecord: 0, sample: [{ id: 'C2', name: 'Beta' }] });
    // K-1 (two orders) and K-2: no account record, no match; sorted by id. O4 carries no account id.
    expect(map.unmatched('shop')).toEqual({ accounts: 2, withoutRecord: 2, sample: [{ id: 'K-1' }, { id: 'K-2' }] });
    expect(map.customerOf('shop', 'K-1')).toBe('shop:K-1');
    // O2 moves to K-2 and O3 is deleted: nothing carries K-1 any more.
    map.apply([order('shop', 'O2', 'K-2'), order('shop', 'O3', 'K-1', true)]);
    expect(map.unmatched('shop')).toEqual({ accounts: 1, withoutRecord: 1, sample: [{ id: 'K-2' }] });
    expect(map.customerOf('shop', 'K-1')).toBe('shop:K-1');
    expect(map.unmatched('nowhere')).toEqual({ accounts: 0, withoutRecord: 0, sample: [] });
  });

  it('list at most 20, the first by id', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply(Array.from({ length: 30 }, (_, i) => account('erpnext', `C${String(29 - i).padStart(2, '0')}`)));
    const u = map.unmatched('erpnext');
    expect(u.accounts).toBe(30);
    expect(u.sample.map((s) => s.id)).toEqual(Array.from({ length: 20 }, (_, i) => `C${String(i).padStart(2, '0')}`));
  });

  it('an account record deleted while records still carry its id stays, without a record', () => {
    const map = createCustomerResolver(MATCH_KEYS);
    map.apply([account('erpnext', 'C1', { name: 'Alpha', tax_id: 'T5' }), account('salesforce', 'A', { tax_id: 'T5' }), order('erpnext', 'SO-1', 'C1')]);
    expect(map.customerOf('erpnext', 'C1')).toBe('tax:T5');
    map.apply([account('erpnext', 'C1', { deleted: true })]);
    expect(map.customerOf('erpnext', 'C1')).toBe('erpnext:C1');
    expect(map.unmatched('erpnext')).toEqual({ accounts: 1, withoutRecord: 1, sample: [{ id: 'C1' }] });
    expect(map.customerOf('salesforce', 'A')).toBe('tax:T5');
  });
});

describe('incremental resolution', () => {
  /** A small deterministic generator (mulberry32), so a failure replays. */
  function random(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('gives after every change what a map built at once from the same records gives', () => {
    const rnd = random(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const sources = ['salesforce', 'erpnext', 'zendesk'];
    const ids = ['1', '2', '3', '4', '5', '6'];
    const names = ['华信科技有限公司', '华信科技', 'Acme Inc.', 'ACME', 'Beta', undefined];
    const taxes = ['T1', 't1', 'T2', undefined, undefined, undefined, undefined];
    const exts = ['1', '2', 'MDM-1', undefined, undefined, undefined, undefined, undefined];
    const mappings: MappedCustomer[][] = [[], [{ id: 'C-1', accounts: [{ source: 'salesforce', id: '1' }, { source: 'zendesk', id: '2' }] }],
      [{ id: 'C-1', accounts: [{ source: 'erpnext', id: '3' }] }, { id: 'C-2', accounts: [{ source: 'erpnext', id: '4' }, { source: 'salesforce', id: '4' }] }]];
    const live = new Map<string, SourcedRecord>();
    let mapping: MappedCustomer[] = [];
    const incremental = createCustomerResolver(MATCH_KEYS);
    const kinds = new Set<string>(); // which kinds of customer ids the run went through: it must exercise every rule
    for (let step = 0; step < 400; step++) {
      const roll = rnd();
      if (roll < 0.05) {
        mapping = pick(mappings);
        incremental.setMapping(mapping);
      } else {
        const batch: SourcedRecord[] = [];
        for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
          const source = pick(sources);
          const r = rnd() < 0.6
            ? account(source, pick(ids), { ...opt('name', pick(names)), ...opt('tax_id', pick(taxes)), ...opt('external_id', pick(exts)), deleted: rnd() < 0.15 })
            : order(source, `O${pick(ids)}`, rnd() < 0.8 ? pick(ids) : undefined, rnd() < 0.15);
          batch.push(r);
          live.set(`${r.source}/${r.type}/${r.id}`, r);
        }
        incremental.apply(batch);
      }
      const whole = createCustomerResolver(MATCH_KEYS);
      whole.setMapping(mapping);
      if (step % 2 === 0) whole.load(live.values()); else whole.apply(live.values()); // the start's way, and a batch's
      for (const source of sources) {
        for (const id of ids) {
          const customer = incremental.customerOf(source, id);
          expect(customer, `step ${step}: ${source} ${id}`).toBe(whole.customerOf(source, id));
          kinds.add(customer.startsWith('C-') ? 'mapped' : customer.split(':')[0]!);
        }
        expect(incremental.unmatched(source), `step ${step}: ${source}`).toEqual(whole.unmatched(source));
      }
      expect(incremental.size()).toEqual(whole.size());
    }
    expect([...kinds].sort()).toEqual(['erpnext', 'ext', 'mapped', 'name', 'salesforce', 'tax', 'zendesk']);
  });
});

function opt<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
