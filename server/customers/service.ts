import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { SourcedRecord } from '../model';
import type { FileProblem } from '../fields';
import { watchFolder, type FolderWatch } from '../screens';
import type { CustomersConfig } from './config';
import { readMapping } from './mapping';
import { createCustomerResolver, type CustomerChange, type MappedCustomer } from './resolver';

/** The mapping file's state, for GET /api/data-quality and the logs. */
export interface CustomerMapStatus {
  /** The file as the config names it; null when none is configured. */
  file: string | null;
  /** The file as it is now is in force. */
  ok: boolean;
  /** What is wrong with it, one `file:line:column path: message` per line. */
  error?: string;
  problems?: FileProblem[];
  /** The file is wrong and its last good version is in force (absent: nothing was ever read from it). */
  lastGood?: boolean;
  /** The customers of the mapping in force. */
  customers: number;
}

export interface CustomerMapOptions {
  config: CustomersConfig;
  /** The folder a relative `mapping_file` is taken from: the config file's. */
  baseDir: string;
  /** The configured source ids: the mapping file may name only these. */
  sources: readonly string[];
  log: Logger;
  /** The accounts whose customer a mapping file edit changed (record changes return theirs from `apply`). */
  onChanged?(changes: CustomerChange[]): void;
  debounceMs?: number;
}

/**
 * The customer map of the hub: the resolver fed the stored records, and the mapping file read at start and again on
 * every edit. An edit that breaks the file keeps the last good mapping in force and says why, in the log and in
 * `status()`; a valid edit re-resolves only the accounts it moves.
 */
export function createCustomerMap(opts: CustomerMapOptions) {
  const resolver = createCustomerResolver(opts.config.match);
  const configured = opts.config.mapping_file;
  const path = configured === undefined ? undefined : resolve(opts.baseDir, configured);
  let status: CustomerMapStatus = { file: configured ?? null, ok: true, customers: 0 };
  let inForce: MappedCustomer[] | undefined;
  let lastText: string | undefined;
  let watch: FolderWatch | undefined;

  /** Reads the file again; a text unchanged since the last read changes nothing. */
  function reload(): CustomerChange[] {
    if (!path) return [];
    let text: string;
    try { text = readFileSync(path, 'utf8'); } catch (err) {
      lastText = undefined;
      return refuse(`${basename(path)}: cannot read the file: ${(err as Error).message}`, []);
    }
    if (text === lastText) return [];
    lastText = text;
    const read = readMapping(path, text, opts.sources);
    if (!read.ok) return refuse(read.error, read.problems);
    const changes = resolver.setMapping(read.customers);
    inForce = read.customers;
    status = { file: configured!, ok: true, customers: read.customers.length };
    opts.log.info({ file: path, customers: read.customers.length, moved: changes.length }, 'customer mapping file loaded');
    return changes;
  }

  function refuse(error: string, problems: FileProblem[]): CustomerChange[] {
    const lastGood = inForce !== undefined;
    status = { file: configured!, ok: false, error, ...(problems.length > 0 ? { problems } : {}), ...(lastGood ? { lastGood } : {}), customers: inForce?.length ?? 0 };
    opts.log.warn({ file: path, error, lastGood }, lastGood ? 'invalid customer mapping file: its last good version stays in force' : 'invalid customer mapping file: no mapping in force');
    return [];
  }

  reload();

  return {
    /** Folds stored records in (accounts, and the account ids other records carry); returns the accounts that moved. */
    apply: (records: Iterable<SourcedRecord>) => resolver.apply(records),
    /** Folds in the stored records at start; returns how many were read. */
    load: (records: Iterable<SourcedRecord>) => resolver.load(records),
    customerOf: resolver.customerOf,
    customer: resolver.customer,
    unmatched: resolver.unmatched,
    size: resolver.size,
    status: (): CustomerMapStatus => status,
    /** Reads the mapping file again now (the watch does it after each edit). */
    reload,
    /** Starts watching the mapping file's folder: each edit is read once the editor is done saving. */
    watch(): void {
      if (!path || watch) return;
      const onEdit = () => {
        try {
          const changes = reload();
          if (changes.length > 0) opts.onChanged?.(changes);
        } catch (err) { opts.log.error({ err, file: path }, 'cannot apply the customer mapping file'); }
      };
      const warn = (err?: unknown) => { watch = undefined; opts.log.warn({ err, file: path }, 'cannot watch the customer mapping file\'s folder: edits need a restart'); };
      watch = watchFolder(dirname(path), onEdit, opts.debounceMs, warn);
      if (!watch) warn();
    },
    close(): void { watch?.close(); watch = undefined; },
  };
}

export type CustomerMap = ReturnType<typeof createCustomerMap>;
