import { isDeleted, type SourcedRecord } from '../model';
import { Buckets } from './buckets';
import type { MatchKey } from './config';
import { normaliseExternalId, normaliseName, normaliseTaxId } from './normalise';

/** One source's account, as records name it: `account_id` of an order, ticket or deal, the id of an account record. */
export interface AccountRef { source: string; id: string }

/** An explicit customer of the mapping file: its accounts are this customer whatever the keys say. */
export interface MappedCustomer { id: string; name?: string; accounts: AccountRef[] }

/** An account whose customer changed: what a consumer keyed by customer (flows, timelines) moves. */
export interface CustomerChange { source: string; accountId: string; from: string; to: string }

/** One source's accounts no rule or mapping joins to an account of another source (docs/customers.md § Unmatched). */
export interface UnmatchedAccounts {
  accounts: number;
  /** Of them, account ids records carry with no account record of the source (not synced, or deleted). */
  withoutRecord: number;
  /** The first of them by id (at most `SAMPLE_SIZE`), with their names where an account record gives one. */
  sample: { id: string; name?: string }[];
}

/** A customer as the map holds it now: its id, a name to show, its accounts in every source. */
export interface CustomerView { id: string; name?: string; accounts: (AccountRef & { name?: string })[] }

export const SAMPLE_SIZE = 20;

/** The keys of one live account record, normalised. */
interface Keys { name?: string; nameKey?: string; tax?: string; ext?: string }

/** One account of one source: known from an account record, the mapping file, or records that carry its id. */
interface Node {
  readonly key: string;
  readonly source: string;
  readonly id: string;
  /** The live account record's keys; absent when there is none (not synced, or a tombstone). */
  keys?: Keys;
  /** The mapping file's customer listing this account. */
  entry?: string;
  /** How many live records carry this account id. */
  refs: number;
  customer: string;
}

const nodeKey = (source: string, id: string) => `${source}\u0000${id}`;
/** The customer id of an account nobody matched: its own. */
const ownId = (source: string, id: string) => `${source}:${id}`;
const byRef = (a: Node, b: Node) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What a record asks of the map: an account's keys (an account record), or the account id a record carries now. */
type Mutation =
  | { kind: 'account'; source: string; id: string; keys: Keys | undefined }
  | { kind: 'ref'; record: string; to: AccountRef | undefined };

/**
 * The customer map: each source's account id resolved to one customer id across sources (docs/customers.md).
 * Accounts are joined by the mapping file's entries, then by the configured keys in their order of trust; a
 * group two mapping entries or two tax ids tell apart is not joined by its weaker keys. Every change re-resolves
 * only the accounts whose group it can touch: the groups of the accounts it changes and of those sharing a key
 * value with them, found through one index per key. Pure: records and the mapping are handed to it.
 */
export function createCustomerResolver(match: readonly MatchKey[]) {
  const useTax = match.includes('tax_id');
  const nodes = new Map<string, Node>();
  const byTax = new Buckets<Node>();
  const byExt = new Buckets<Node>();
  const byId = new Buckets<Node>();
  /** Normalised name → the accounts of every source with it. */
  const byName = new Buckets<Node>();
  const entries = new Map<string, { name?: string; nodes: Set<Node> }>();
  /** Each live record carrying an account id (source, type, id) → the account it carries. */
  const carried = new Map<string, Node>();
  /** Customer id → its accounts. */
  const members = new Buckets<Node>();
  /** Source → its unmatched accounts. */
  const unmatched = new Map<string, Set<Node>>();

  function index(n: Node, on: boolean): void {
    const k = n.keys;
    for (const [buckets, value] of [[byTax, k?.tax], [byExt, k?.ext], [byName, k?.nameKey]] as const) {
      if (on) buckets.add(value, n); else buckets.delete(value, n);
    }
  }

  /** An account no account of another source shares a customer with is listed as unmatched; else it leaves the list. */
  function markUnmatched(n: Node, alone: boolean): void {
    let set = unmatched.get(n.source);
    if (alone) { if (!set) unmatched.set(n.source, (set = new Set())); set.add(n); } else set?.delete(n);
  }

  function nodeFor(source: string, id: string): Node {
    const key = nodeKey(source, id);
    let n = nodes.get(key);
    if (!n) {
      n = { key, source, id, refs: 0, customer: ownId(source, id) };
      nodes.set(key, n);
      byId.add(id, n);
    }
    return n;
  }

  /** A node nothing names any more leaves the map. */
  function forgetIfUnused(n: Node): void {
    if (n.keys || n.entry !== undefined || n.refs > 0 || nodes.get(n.key) !== n) return;
    nodes.delete(n.key);
    byId.delete(n.id, n);
    members.delete(n.customer, n);
    unmatched.get(n.source)?.delete(n);
  }

  // --- The links between accounts, read from the indexes (never stored, so a change costs only its buckets).

  /** The one account holding `id` in a source other than `notSource`, if exactly one does. */
  function onlyHolder(id: string, notSource: string): Node | undefined {
    let found: Node | undefined;
    for (const m of byId.get(id)) {
      if (m.source === notSource) continue;
      if (found) return undefined;
      found = m;
    }
    return found;
  }

  /** One walk over the links: the buckets already read, and each shared name's accounts alone in their source. */
  interface Walk { read: Set<object>; alone: Map<Set<Node>, Set<Node>> }

  /**
   * The accounts linked to `n` by the mapping and by the first `level` keys of `match`. A bucket (a mapping entry, a
   * tax id, an external id, a name) links all its accounts to one another, so within one walk each is read once: a
   * tax id shared by a thousand accounts costs a thousand steps, not a million.
   */
  function neighbours(n: Node, level: number, walk: Walk): Node[] {
    const out: Node[] = [];
    const bucket = (members: Set<Node> | undefined) => {
      if (!members || walk.read.has(members)) return;
      walk.read.add(members);
      for (const m of members) out.push(m);
    };
    if (n.entry !== undefined) bucket(entries.get(n.entry)?.nodes);
    for (let i = 0; i < level; i++) {
      const key = match[i];
      if (key === 'tax_id') {
        if (n.keys?.tax !== undefined) bucket(byTax.shared(n.keys.tax));
      } else if (key === 'external_id') {
        // The same external id (any sources), or an external id that is another source's own account id.
        const ext = n.keys?.ext;
        if (ext !== undefined) {
          bucket(byExt.shared(ext));
          const holder = onlyHolder(ext, n.source);
          if (holder) out.push(holder);
        }
        for (const m of byExt.get(n.id)) if (m.source !== n.source && onlyHolder(n.id, m.source) === n) out.push(m);
      } else if (n.keys?.nameKey !== undefined) {
        // A name links accounts of different sources, each the only one of its source with that name.
        const shared = byName.shared(n.keys.nameKey);
        if (shared) {
          const alone = aloneInSource(shared, walk);
          if (alone.has(n)) bucket(alone);
        }
      }
    }
    return out;
  }

  /** The accounts of a shared name that are the only one of their source with it, worked out once per walk. */
  function aloneInSource(shared: Set<Node>, walk: Walk): Set<Node> {
    let alone = walk.alone.get(shared);
    if (alone) return alone;
    const bySource = new Map<string, Node | null>();
    for (const m of shared) bySource.set(m.source, bySource.has(m.source) ? null : m);
    alone = new Set([...bySource.values()].filter((m): m is Node => m !== null));
    walk.alone.set(shared, alone);
    return alone;
  }

  /** The groups of linked accounts reached from `starts`, staying inside `within` when given. */
  function groups(starts: Iterable<Node>, level: number, within?: ReadonlySet<Node>): Node[][] {
    const seen = new Set<Node>();
    const walk: Walk = { read: new Set(), alone: new Map() };
    const out: Node[][] = [];
    for (const start of starts) {
      if (seen.has(start)) continue;
      seen.add(start);
      const group = [start];
      for (let i = 0; i < group.length; i++) {
        for (const m of neighbours(group[i]!, level, walk)) {
          if (seen.has(m) || (within && !within.has(m))) continue;
          seen.add(m);
          group.push(m);
        }
      }
      out.push(group);
    }
    return out;
  }

  /**
   * How many customers a group's anchors say it holds: each mapping entry, and each tax id (when `tax_id` is a
   * match key) no mapped account of the group carries. More than one: the group was joined by a weaker key in error.
   */
  function anchors(group: readonly Node[]): number {
    const entryIds = new Set<string>();
    const mappedTax = new Set<string>();
    const freeTax = new Set<string>();
    for (const n of group) {
      if (n.entry !== undefined) entryIds.add(n.entry);
      if (useTax && n.keys?.tax !== undefined) (n.entry !== undefined ? mappedTax : freeTax).add(n.keys.tax);
    }
    for (const t of mappedTax) freeTax.delete(t);
    return entryIds.size + freeTax.size;
  }

  /** The smallest value `valueOf` gives a member whose whole index bucket lies in the group: a key this group alone holds. */
  function ownedKey(group: readonly Node[], valueOf: (n: Node) => string | undefined, bucketSize: (v: string) => number): string | undefined {
    const counts = new Map<string, number>();
    for (const n of group) { const v = valueOf(n); if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1); }
    return [...counts].filter(([v, c]) => bucketSize(v) === c).map(([v]) => v).sort()[0];
  }

  /** A settled group's customer id (docs/customers.md § Customer ids). */
  function customerId(group: readonly Node[]): string {
    const entry = group.find((n) => n.entry !== undefined)?.entry;
    if (entry !== undefined) return entry;
    for (const key of match) {
      if (key === 'tax_id') {
        const t = ownedKey(group, (n) => n.keys?.tax, (v) => byTax.size(v));
        if (t !== undefined) return `tax:${t}`;
      } else if (key === 'external_id') {
        const e = ownedKey(group, (n) => n.keys?.ext, (v) => byExt.size(v));
        if (e !== undefined) return `ext:${e}`;
      } else if (group.length > 1) {
        const name = ownedKey(group, (n) => n.keys?.nameKey, (v) => byName.size(v));
        if (name !== undefined) return `name:${name}`;
      }
    }
    const first = group.reduce((a, b) => (byRef(a, b) <= 0 ? a : b));
    return ownId(first.source, first.id);
  }

  /** Gives each account of `group` its customer, splitting the group past its weakest key while its anchors disagree. */
  function settle(group: readonly Node[], level: number, changes: CustomerChange[]): void {
    if (level > 0 && anchors(group) > 1) {
      const within = new Set(group);
      for (const part of groups(group, level - 1, within)) settle(part, level - 1, changes);
      return;
    }
    const id = customerId(group);
    const alone = group.every((n) => n.source === group[0]!.source);
    for (const n of group) {
      if (n.customer !== id) {
        changes.push({ source: n.source, accountId: n.id, from: n.customer, to: id });
        members.delete(n.customer, n);
        n.customer = id;
      }
      members.add(id, n);
      markUnmatched(n, alone);
    }
  }

  /** The accounts whose links a change of `n` (as it is, or as it will be with `keys` and `entry`) can touch. */
  function touchedBy(source: string, id: string, keys: Keys | undefined, entry: string | undefined, out: Set<Node>): void {
    const n = nodes.get(nodeKey(source, id));
    if (n) out.add(n);
    const all = (set: Iterable<Node> | undefined) => { for (const m of set ?? []) out.add(m); };
    all(byId.get(id));
    all(byExt.get(id));
    if (keys?.tax !== undefined) all(byTax.get(keys.tax));
    if (keys?.ext !== undefined) { all(byExt.get(keys.ext)); all(byId.get(keys.ext)); }
    if (keys?.nameKey !== undefined) all(byName.get(keys.nameKey));
    if (entry !== undefined) all(entries.get(entry)?.nodes);
  }

  /**
   * Applies a batch of changes: first the groups they can touch are found in the map as it is, then the changes
   * are made, then those accounts (and whatever they are linked to now) are settled again.
   */
  function change(seeds: Set<Node>, mutate: () => Node[]): CustomerChange[] {
    const before = groups(seeds, match.length).flat();
    const touched = mutate();
    const changes: CustomerChange[] = [];
    const live = [...before, ...touched].filter((n) => nodes.get(n.key) === n);
    for (const group of groups(live, match.length)) settle(group, match.length, changes);
    // Accounts that left the map are their own customer again for whoever still asks.
    for (const n of [...before, ...touched]) {
      if (nodes.get(n.key) === n || n.customer === ownId(n.source, n.id)) continue;
      changes.push({ source: n.source, accountId: n.id, from: n.customer, to: ownId(n.source, n.id) });
      n.customer = ownId(n.source, n.id);
    }
    return changes;
  }

  /** What a record asks of the map; undefined when it changes nothing. */
  function mutationOf(r: SourcedRecord): Mutation | undefined {
    if (r.type === 'account') {
      const keys: Keys | undefined = r.deleted ? undefined : {
        ...(r.name !== undefined ? { name: r.name } : {}),
        ...optional('nameKey', normaliseName(r.name)),
        ...optional('tax', normaliseTaxId(r.tax_id)),
        ...optional('ext', normaliseExternalId(r.external_id)),
      };
      const n = nodes.get(nodeKey(r.source, r.id));
      if (sameKeys(n?.keys, keys)) {
        if (n?.keys && keys) n.keys.name = keys.name; // a new display name only
        return undefined;
      }
      return { kind: 'account', source: r.source, id: r.id, keys };
    }
    const record = `${r.source}\u0000${r.type}\u0000${r.id}`;
    const live = !isDeleted(r) && r.account_id !== undefined;
    const now = carried.get(record);
    if (live ? now?.key === nodeKey(r.source, r.account_id!) : !now) return undefined;
    return { kind: 'ref', record, to: live ? { source: r.source, id: r.account_id! } : undefined };
  }

  /** Makes one mutation; returns the accounts it touched. */
  function make(m: Mutation): Node[] {
    if (m.kind === 'account') {
      const n = nodeFor(m.source, m.id);
      index(n, false);
      if (m.keys) n.keys = m.keys; else delete n.keys;
      index(n, true);
      forgetIfUnused(n);
      return [n];
    }
    const from = carried.get(m.record);
    const touched: Node[] = [];
    if (from) { from.refs--; carried.delete(m.record); forgetIfUnused(from); touched.push(from); }
    if (m.to) { const n = nodeFor(m.to.source, m.to.id); n.refs++; carried.set(m.record, n); touched.push(n); }
    return touched;
  }

  function seedsOf(m: Mutation, out: Set<Node>): void {
    if (m.kind === 'account') {
      const n = nodes.get(nodeKey(m.source, m.id));
      touchedBy(m.source, m.id, n?.keys, n?.entry, out);
      touchedBy(m.source, m.id, m.keys, undefined, out);
      return;
    }
    // The account carried before may leave the map, the one carried now may join it: their own id's links move.
    const from = carried.get(m.record);
    if (from) touchedBy(from.source, from.id, undefined, undefined, out);
    if (m.to) touchedBy(m.to.source, m.to.id, undefined, undefined, out);
  }

  return {
    /**
     * Folds records in: account records (a tombstone drops the account's keys) and the account ids orders,
     * tickets and deals carry. Returns the accounts whose customer changed.
     */
    apply(records: Iterable<SourcedRecord>): CustomerChange[] {
      // One mutation per record, its last version in the batch, read against the map as it is: made in one go below.
      const last = new Map<string, SourcedRecord>();
      for (const r of records) last.set(`${r.source}\u0000${r.type}\u0000${r.id}`, r);
      const mutations: Mutation[] = [];
      const seeds = new Set<Node>();
      for (const r of last.values()) {
        const m = mutationOf(r);
        if (!m) continue;
        seedsOf(m, seeds);
        mutations.push(m);
      }
      if (mutations.length === 0) return [];
      return change(seeds, () => mutations.flatMap(make));
    },

    /**
     * Folds in every stored record at start, one at a time (nothing held but the map), then settles every account
     * once: what `apply` would give, without its per-change bookkeeping.
     */
    load(records: Iterable<SourcedRecord>): number {
      let read = 0;
      for (const r of records) {
        read++;
        const m = mutationOf(r);
        if (m) make(m);
      }
      const changes: CustomerChange[] = [];
      for (const group of groups(nodes.values(), match.length)) settle(group, match.length, changes);
      return read;
    },

    /** The mapping file's customers, replacing the last ones. Returns the accounts whose customer changed. */
    setMapping(customers: readonly MappedCustomer[]): CustomerChange[] {
      const next = new Map<string, { name?: string; accounts: AccountRef[] }>();
      for (const c of customers) next.set(c.id, { ...(c.name !== undefined ? { name: c.name } : {}), accounts: c.accounts });
      const seeds = new Set<Node>();
      const changedEntries: string[] = [];
      for (const id of new Set([...entries.keys(), ...next.keys()])) {
        const was = entries.get(id);
        const will = next.get(id);
        const sameAccounts = was && will && was.nodes.size === will.accounts.length
          && will.accounts.every((a) => nodes.get(nodeKey(a.source, a.id))?.entry === id);
        if (was && will) { if (will.name === undefined) delete was.name; else was.name = will.name; } // a new display name only
        if (sameAccounts) continue;
        changedEntries.push(id);
        for (const n of was?.nodes ?? []) touchedBy(n.source, n.id, n.keys, id, seeds);
        for (const a of will?.accounts ?? []) {
          const n = nodes.get(nodeKey(a.source, a.id));
          touchedBy(a.source, a.id, n?.keys, n?.entry, seeds);
        }
      }
      if (changedEntries.length === 0) return [];
      return change(seeds, () => {
        const touched: Node[] = [];
        for (const id of changedEntries) {
          for (const n of entries.get(id)?.nodes ?? []) { if (n.entry === id) delete n.entry; touched.push(n); }
          entries.delete(id);
        }
        for (const id of changedEntries) {
          const will = next.get(id);
          if (!will) continue;
          const set = new Set<Node>();
          for (const a of will.accounts) { const n = nodeFor(a.source, a.id); n.entry = id; set.add(n); touched.push(n); }
          entries.set(id, { ...(will.name !== undefined ? { name: will.name } : {}), nodes: set });
        }
        for (const n of touched) forgetIfUnused(n);
        return touched;
      });
    },

    /** The customer of one source's account id: `<source>:<id>` for an account the map does not join to anything. */
    customerOf(source: string, accountId: string): string {
      return nodes.get(nodeKey(source, accountId))?.customer ?? ownId(source, accountId);
    },

    /** A customer's accounts in every source, and a name: the mapping file's, else its first named account's. */
    customer(id: string): CustomerView | undefined {
      const accounts = [...members.get(id)].sort(byRef);
      if (accounts.length === 0) return undefined;
      const name = entries.get(id)?.name ?? accounts.find((n) => n.keys?.name)?.keys?.name;
      return {
        id, ...(name !== undefined ? { name } : {}),
        accounts: accounts.map((n) => ({ source: n.source, id: n.id, ...(n.keys?.name !== undefined ? { name: n.keys.name } : {}) })),
      };
    },

    /** One source's unmatched accounts: counted, and the first few listed by id. */
    unmatched(source: string): UnmatchedAccounts {
      const set = unmatched.get(source);
      if (!set) return { accounts: 0, withoutRecord: 0, sample: [] };
      let withoutRecord = 0;
      const first: Node[] = [];
      for (const n of set) {
        if (!n.keys) withoutRecord++;
        if (first.length === SAMPLE_SIZE && n.id >= first[SAMPLE_SIZE - 1]!.id) continue;
        first.splice(sortedIndex(first, n.id), 0, n);
        if (first.length > SAMPLE_SIZE) first.pop();
      }
      return {
        accounts: set.size, withoutRecord,
        sample: first.map((n) => ({ id: n.id, ...(n.keys?.name !== undefined ? { name: n.keys.name } : {}) })),
      };
    },

    /** How many accounts the map knows, and in how many customers (GET /api/data-quality). */
    size(): { accounts: number; customers: number } {
      return { accounts: nodes.size, customers: members.keys };
    },
  };
}

export type CustomerResolver = ReturnType<typeof createCustomerResolver>;

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function sameKeys(a: Keys | undefined, b: Keys | undefined): boolean {
  if (!a || !b) return a === b;
  return a.tax === b.tax && a.ext === b.ext && a.nameKey === b.nameKey;
}

function sortedIndex(list: readonly Node[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid]!.id < id) lo = mid + 1; else hi = mid; }
  return lo;
}
