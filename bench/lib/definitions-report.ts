/** The definitions benchmark's results (bench/definitions.ts) and how they are printed. */
import { codeLabel, type CodeState } from '../engine-scale';
import type { SpanSummary } from './change-samples';
import { ms, table, type Summary } from './stats';

/** The issue's bound: a defined twin costs at most this times the built-in (change → value p99, memory). */
export const RATIO_LIMIT = 1.2;
/** Twenty defined metrics on one screen keep change → values p99 under this. */
export const TWENTY_TARGET_MS = 5;

export interface ContenderResult {
  name: string;
  keys: number;
  /** The best of the seeding runs: a fresh engine, ensure(its keys) replaying every record, one collect. */
  seedMs: number;
  seedRunsMs: number[];
  heapRunsMb: number[];
  /** seedMs less the best pass over the records doing nothing (making them): the aggregators' own share. */
  seedOverScanMs: number;
  /** Heap held by the engine and its keys after a full GC (heapUsed after − before creating it), the median of the seeding runs. */
  heapMb: number;
  changes: SpanSummary;
}

export interface SideBySideResult {
  orders: number;
  /** Orders the built-in counts today (not cancelled) after the changes. */
  inToday: number;
  scanMs: number;
  contenders: ContenderResult[];
  /** Where a twin's value differs from the built-in's after the changes (empty: the same, region by region). */
  mismatches: string[];
  load: [number, number];
  wallS: number;
}

export interface TwentyResult {
  /** Which compiler made the twenty: the hub's (compile.ts) or bench/proposals/compile-lean.ts. */
  compiler: string;
  counts: { order: number; ticket: number; deal: number };
  keys: number;
  scanMs: number;
  seedMs: number;
  heapMb: number;
  changes: SpanSummary;
  valuesPerChange: number;
  byKind: Record<string, Summary>;
  /** Keys whose incremental value differs from a fresh engine's over the same records (empty: none). */
  mismatches: string[];
  load: [number, number];
  wallS: number;
}

export interface DefinitionsReport {
  startedAt: string; node: string; code: CodeState;
  options: Record<string, unknown>;
  sizes: SideBySideResult[];
  /** The twenty definitions, by the hub's compiler first; empty: not run. */
  twenty: TwentyResult[];
}

const n0 = (n: number) => n.toLocaleString('en-US');
const s2 = (msv: number) => (msv / 1000).toFixed(2);
const x2 = (v: number) => (Number.isFinite(v) ? `×${v.toFixed(2)}` : '–');

/**
 * Heap read after a full GC moves by about 0.2 MB between runs of the same code (measured): a key holding less than
 * this (N = 10,000: 0.1 MB) gives no ratio worth reading, and the verdict is then on p99 alone.
 */
export const HEAP_FLOOR_MB = 0.25;

/** Twin ÷ built-in on what the issue bounds (change → value p99, memory), and the verdict (heap NaN: under the floor). */
export function twinVerdict(size: SideBySideResult, twin: ContenderResult): { p99: number; heap: number; pass: boolean } {
  const base = size.contenders[0]!;
  const p99 = twin.changes.latency.p99 / base.changes.latency.p99;
  const heap = base.heapMb >= HEAP_FLOOR_MB ? twin.heapMb / base.heapMb : Number.NaN;
  return { p99, heap, pass: p99 <= RATIO_LIMIT && (Number.isNaN(heap) || heap <= RATIO_LIMIT) };
}

export function formatDefinitions(report: DefinitionsReport): string {
  const lines = [`code ${codeLabel(report.code)}; node ${report.node}`, ''];
  for (const size of report.sizes) {
    lines.push(`${n0(size.orders)} orders (${n0(size.inToday)} counted today by the built-in after the changes), scan ${s2(size.scanMs)} s, `
      + `load average ${size.load[0].toFixed(1)} → ${size.load[1].toFixed(1)}; each in its own engine, the same changes in turn:`);
    const rows: (string | number)[][] = [['', 'keys', 'seed s (best)', 'seed − scan s', 'heap MB', 'p50 ms', 'p99 ms', 'max ms', 'CPU p50 / p99 ms', 'with GC, p99 of others ms']];
    for (const c of size.contenders) {
      const l = c.changes.latency;
      rows.push([c.name, c.keys, s2(c.seedMs), s2(c.seedOverScanMs), c.heapMb.toFixed(2), ms(l.p50), ms(l.p99), ms(l.max),
        `${ms(c.changes.cpu.p50)} / ${ms(c.changes.cpu.p99)}`, `${c.changes.withGc}, ${ms(c.changes.p99WithoutGc)}`]);
    }
    lines.push(table(rows), '');
    const base = size.contenders[0]!;
    const ratioRows: (string | number)[][] = [['÷ built-in', 'seed', 'seed − scan', 'heap', 'p50', 'p99', 'p99 without GC', 'CPU p99', `≤ ×${RATIO_LIMIT} (p99, heap)`]];
    for (const c of size.contenders.slice(1)) {
      const v = twinVerdict(size, c);
      ratioRows.push([c.name, x2(c.seedMs / base.seedMs), x2(c.seedOverScanMs / base.seedOverScanMs), Number.isNaN(v.heap) ? `< ${HEAP_FLOOR_MB} MB` : x2(v.heap),
        x2(c.changes.latency.p50 / base.changes.latency.p50), x2(v.p99), x2(c.changes.p99WithoutGc / base.changes.p99WithoutGc),
        x2(c.changes.cpu.p99 / base.changes.cpu.p99), v.pass ? 'PASS' : 'FAIL']);
    }
    lines.push(table(ratioRows));
    lines.push(`twins = built-in, region by region after the changes: ${size.mismatches.length === 0 ? 'yes' : `NO: ${size.mismatches.slice(0, 5).join('; ')}`}`, '');
  }
  for (const t of report.twenty) {
    const l = t.changes.latency;
    lines.push(`Twenty definitions (${t.compiler}), one engine: ${n0(t.counts.order)} orders, ${n0(t.counts.ticket)} tickets, ${n0(t.counts.deal)} deals; ${t.keys} keys, `
      + `seeded in ${s2(t.seedMs)} s (scan ${s2(t.scanMs)} s), heap ${t.heapMb.toFixed(1)} MB; load average ${t.load[0].toFixed(1)} → ${t.load[1].toFixed(1)}`);
    lines.push(table([
      ['changes', 'p50 ms', 'p99 ms', 'max ms', 'CPU p50 / p99 ms', 'with GC, p99 of others ms', 'values/change', `p99 < ${TWENTY_TARGET_MS} ms`, 'incremental = full'],
      [l.count, ms(l.p50), ms(l.p99), ms(l.max), `${ms(t.changes.cpu.p50)} / ${ms(t.changes.cpu.p99)}`, `${t.changes.withGc}, ${ms(t.changes.p99WithoutGc)}`,
        t.valuesPerChange.toFixed(1), l.p99 < TWENTY_TARGET_MS ? 'PASS' : 'FAIL', t.mismatches.length === 0 ? 'yes' : `NO (${t.mismatches.length})`],
    ]));
    lines.push(`by kind (p50 / p99 ms): ${Object.entries(t.byKind).map(([k, s]) => `${k} ${ms(s.p50)} / ${ms(s.p99)}`).join(', ')}`, '');
  }
  return lines.join('\n');
}
