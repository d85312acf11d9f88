/**
 * Ingest throughput: records per second through the hub's real path — the scheduler paging a connector,
 * each record validated and normalised with zod (normaliseRecord), each page stored with its cursor in one
 * transaction (store.applyBatch) — against a raw better-sqlite3 INSERT of the same rows in the same run.
 * See bench/README.md.
 *
 *   node --import tsx bench/ingest.ts [--records 150000] [--batch 1000] [--runs 3] [--json bench/out/ingest.json]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { CanonicalRecord } from '../server/model';
import { createScheduler, type Connector } from '../server/sources';
import { createStore } from '../server/store';
import { table, writeJson } from './lib/stats';
import { DEFAULT_SYNTH, dealAt, orderAt, ticketAt, type SynthOptions } from './lib/synthetic';

export const TARGET_RATIO = 0.5;
export const TARGET_RATE = 20_000;

const { values } = parseArgs({ options: {
  records: { type: 'string', default: '150000' }, batch: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' },
  json: { type: 'string', default: 'bench/out/ingest.json' },
} });
const N = Number(values.records);
const BATCH = Number(values.batch);
const RUNS = Number(values.runs);

/** A third each of orders, tickets and deals, as plain JSON (what a connector hands over: not yet validated). */
function records(): unknown[] {
  const third = Math.ceil(N / 3);
  const o: SynthOptions = { ...DEFAULT_SYNTH, horizon: Date.parse('2026-03-01T00:00:00Z'), counts: { order: third, ticket: third, deal: third } };
  const out: unknown[] = [];
  for (let i = 0; out.length < N; i++) {
    for (const make of [orderAt, ticketAt, dealAt]) if (out.length < N) out.push(JSON.parse(JSON.stringify(make(i, o))) as unknown);
  }
  return out;
}

/** The same rows with plain SQLite: the records table's shape, one prepared INSERT, one transaction per batch. */
function raw(dir: string, rows: unknown[]): number {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE records (type TEXT NOT NULL, source TEXT NOT NULL, id TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (type, source, id)) WITHOUT ROWID; CREATE TABLE source_cursors (source TEXT PRIMARY KEY, cursor TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  const insert = db.prepare('INSERT INTO records (type, source, id, updated_at, data) VALUES (?, ?, ?, ?, ?)');
  const batch = db.transaction((page: unknown[]) => {
    for (const r of page as CanonicalRecord[]) insert.run(r.type, 'bench', r.id, r.updated_at, JSON.stringify(r));
  });
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) batch(rows.slice(i, i + BATCH));
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

/** The hub's path: one poll of the scheduler paging through the rows, BATCH per page. */
async function product(dir: string, rows: unknown[]): Promise<{ ms: number; stored: number }> {
  const store = createStore(join(dir, 'hub.db'));
  const connector: Connector<number> = {
    kind: 'bench', entities: ['order', 'ticket', 'deal'],
    poll: ({ cursor }) => {
      const from = cursor ?? 0;
      const to = Math.min(rows.length, from + BATCH);
      return Promise.resolve({ records: rows.slice(from, to), cursor: to, more: to < rows.length });
    },
  };
  let failed: string | undefined;
  const scheduler = createScheduler({ store, log: pino({ level: 'silent' }), onChanges: () => {}, onHealth: (s) => { failed = s[0]?.lastError; } });
  scheduler.add({ id: 'bench', intervalMs: 3_600_000, timeoutMs: 60_000, connector: connector as Connector });
  scheduler.start();
  const t0 = performance.now();
  await scheduler.pollNow('bench');
  const ms = performance.now() - t0;
  await scheduler.stop();
  const stored = store.countRecords('bench');
  store.close();
  if (failed) throw new Error(`the poll failed: ${failed}`);
  return { ms, stored };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows = records();
const bytes = rows.reduce<number>((n, r) => n + JSON.stringify(r).length, 0) / rows.length;
console.log(`${N.toLocaleString('en')} records (orders, tickets, deals; ${Math.round(bytes)} bytes of JSON each on average), ${BATCH} per page/transaction, ${RUNS} runs, alternating`);
const rawMs: number[] = [];
const hubMs: number[] = [];
for (let run = 0; run < RUNS; run++) {
  for (const which of run % 2 === 0 ? ['raw', 'hub'] : ['hub', 'raw']) {
    const dir = mkdtempSync(join(tmpdir(), 'opswall-ingest-'));
    try {
      if (which === 'raw') rawMs.push(raw(dir, rows));
      else {
        const { ms, stored } = await product(dir, rows);
        if (stored !== N) throw new Error(`stored ${stored} of ${N} records`);
        hubMs.push(ms);
      }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
}
const rawRate = N / (median(rawMs) / 1000);
const hubRate = N / (median(hubMs) / 1000);
const ratio = hubRate / rawRate;
console.log(table([
  ['path', 'median s', 'records/s', 'runs (s)'],
  ['raw INSERT (better-sqlite3)', (median(rawMs) / 1000).toFixed(2), Math.round(rawRate).toLocaleString('en'), rawMs.map((m) => (m / 1000).toFixed(2)).join(' ')],
  ['hub: zod + applyBatch', (median(hubMs) / 1000).toFixed(2), Math.round(hubRate).toLocaleString('en'), hubMs.map((m) => (m / 1000).toFixed(2)).join(' ')],
]));
const pass = ratio >= TARGET_RATIO && hubRate >= TARGET_RATE;
console.log(`hub / raw = ${(ratio * 100).toFixed(0)} % (target ≥ ${TARGET_RATIO * 100} %), ${Math.round(hubRate).toLocaleString('en')} records/s (target ≥ ${TARGET_RATE.toLocaleString('en')}): ${pass ? 'PASS' : 'FAIL'}`);
writeJson(values.json!, { records: N, batch: BATCH, runs: RUNS, bytesPerRecord: Math.round(bytes), rawMs, hubMs, rawRate, hubRate, ratio, pass });
if (!pass) process.exitCode = 1;
