import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOGUE, createEngine } from '../metrics';
import type { SourcedRecord } from '../model';
import { createCatalogue, metricsDirBeside } from './catalogue';
import { screenSchemaMissing } from './schema-freshness';

const silent = pino({ level: 'silent' });
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const def = (id: string, min: number) => ({ id, title: id, description: `Orders of ${min} or more, as every department reads it.`, entity: 'order',
  filter: { field: 'amount', gte: min }, measure: { count: true } });
const write = (id: string, body: unknown) => writeFileSync(join(dir, `${id}.json`), JSON.stringify(body, null, 2));
const order = (id: string, amount: number): SourcedRecord =>
  ({ type: 'order', source: 's', id, status: 'new', amount, created_at: '2025-03-10T01:00:00Z', updated_at: '2025-03-10T01:00:00Z' }) as SourcedRecord;
const NOW = Date.parse('2025-03-10T02:00:00Z');

describe('the live catalogue and the engine: a definition edit recomputes that metric and no other', () => {
  it('changed, invalid and removed files reach the engine as redefinitions; other keys keep their version', async () => {
    dir = mkdtempSync(join(tmpdir(), 'opswall-catalogue-'));
    write('acme.big', def('acme.big', 100));
    write('acme.small', def('acme.small', 1));
    const changes: { changed: string[]; removed: string[] }[] = [];
    const catalogue = createCatalogue({ dir, builtins: CATALOGUE, log: silent, debounceMs: 20,
      onChanged: (changed, removed) => changes.push({ changed: changed.map((m) => m.id), removed }) });
    expect(catalogue.defined().map((m) => m.id).sort()).toEqual(['acme.big', 'acme.small']);
    expect(catalogue.all().at(-1)?.origin).toBe('company');

    // Orders of 50, 150 and 500: acme.big (≥ 100) = 2, acme.small (≥ 1) = 3.
    const engine = createEngine({ timezone: 'UTC', policies: [], catalogue: catalogue.all(), replay: () => [order('a', 50), order('b', 150), order('c', 500)],
      freshness: () => ({ asOf: null, stale: false }) });
    const [big, small] = engine.ensure([{ id: 'acme.big', params: {} }, { id: 'acme.small', params: {} }], NOW);
    engine.collect(NOW);
    expect(engine.current(big!)?.value).toEqual({ kind: 'scalar', value: 2, previous: null });

    catalogue.watch();
    write('acme.big', def('acme.big', 200)); // now only c
    const first = await waitUntil(() => changes[0]);
    expect(first).toEqual({ changed: ['acme.big'], removed: [] });
    const dropped = engine.redefine(catalogue.defined().filter((m) => m.id === 'acme.big'), [], NOW);
    expect(dropped).toEqual([]);
    const pushed = engine.collect(NOW);
    expect(pushed.map((v) => [v.key, v.value, v.version])).toEqual([[big, { kind: 'scalar', value: 1, previous: null }, 2]]);
    expect(engine.current(small!)?.version).toBe(1);

    write('acme.big', { ...def('acme.big', 200), measure: { sum: 'status' } }); // invalid: the last good stays, nothing to redefine
    await waitUntil(() => (catalogue.files().find((f) => f.id === 'acme.big')?.lastGood ? true : undefined));
    expect(changes).toHaveLength(1);

    unlinkSync(join(dir, 'acme.small.json'));
    expect(await waitUntil(() => changes[1])).toEqual({ changed: [], removed: ['acme.small'] });
    expect(engine.redefine([], ['acme.small'], NOW)).toEqual([small]);
    expect(engine.current(small!)).toBeUndefined();
    expect(() => engine.resolve({ id: 'acme.small', params: {} })).toThrow('unknown metric "acme.small"');
    catalogue.close();
  });
});

describe('where the files are, and whether the screen schema offers them', () => {
  it('metrics/ beside the screens folder', () => {
    expect(metricsDirBeside('/srv/opswall/screens')).toBe('/srv/opswall/metrics');
  });

  it('names the defined ids a screen schema file does not offer; none without a file', () => {
    dir = mkdtempSync(join(tmpdir(), 'opswall-schema-'));
    const file = join(dir, 'screen.schema.json');
    writeFileSync(file, JSON.stringify({ $defs: { MetricRef: { anyOf: [{ properties: { id: { const: 'acme.big' } } }] } } }, null, 2));
    expect(screenSchemaMissing(file, ['acme.big', 'acme.small'])).toEqual(['acme.small']);
    expect(screenSchemaMissing(join(dir, 'none.json'), ['acme.big'])).toEqual([]);
  });
});

async function waitUntil<T>(probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
