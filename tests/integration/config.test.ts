import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEMO_SECRETS, demoConfig, loadConfig, parseConfig } from '../../server/config';
import { startTestHub } from '../support/hub';

const dir = mkdtempSync(join(tmpdir(), 'opswall-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function problemsOf(fn: () => unknown): ConfigError {
  try { fn(); } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const BAD = {
  timezone: '+08:00',
  sources: [{ id: 'Bad Id', kind: 'demo', interval: 'soon' }],
  sla: { policies: [{ id: 'p', metrics: [] }] },
};

describe('parseConfig', () => {
  it('lists every problem at once, each with its JSON path and what was expected', () => {
    const err = problemsOf(() => parseConfig(BAD, 'opswall.json'));
    expect(err.file).toBe('opswall.json');
    const byPath = Object.fromEntries(err.problems.map((p) => [p.path, p.message]));
    expect(Object.keys(byPath).sort()).toEqual(['sla.policies[0].metrics', 'sources[0].id', 'sources[0].interval', 'timezone']);
    expect(byPath.timezone).toMatch(/IANA time zone/);
    expect(byPath['sources[0].id']).toMatch(/lower-case/);
    expect(byPath['sources[0].interval']).toMatch(/duration/);
    // The message a user sees names the file and every path.
    for (const path of Object.keys(byPath)) expect(err.message).toContain(path);
    expect(err.message).toContain('opswall.json');
  });

  it('refuses targets in business hours without a calendar, naming where one is needed', () => {
    const err = problemsOf(() => parseConfig({ sla: { policies: [{ id: 'p',
      metrics: [{ metric: 'resolution', targets: { normal: { minutes: 60, hours: 'business' } } }] }] } }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]!.path).toBe('sla.policies[0].calendar');
    expect(err.problems[0]!.message).toMatch(/calendar/);
  });

  it('refuses a policy naming a calendar that does not exist, and a fixed-offset calendar zone', () => {
    const err = problemsOf(() => parseConfig({ sla: {
      calendars: [{ id: 'cn', timezone: '+08:00', weekly: { mon: [['09:00', '18:00']] } }],
      policies: [{ id: 'p', calendar: 'nope', metrics: [{ metric: 'resolution', targets: { '*': { minutes: 60 } } }] }] } }));
    const paths = err.problems.map((p) => p.path);
    expect(paths).toContain('sla.calendars[0].timezone');
  });

  it('names an unknown source kind and an unknown key', () => {
    const err = problemsOf(() => parseConfig({ sources: [{ id: 'x', kind: 'ftp' }], colour: 'blue' }));
    const paths = err.problems.map((p) => p.path);
    expect(paths).toContain('sources[0].kind');
    expect(err.message).toContain('colour');
  });

  it('fills defaults for a minimal valid config', () => {
    const config = parseConfig({ sources: [{ id: 'p', kind: 'push' }] });
    expect(config.timezone).toBe('Asia/Shanghai');
    expect(config.sla.policies).toEqual([]);
    expect(config.sources[0]).toMatchObject({ id: 'p', kind: 'push', max_body: '5mb' });
  });
});

describe('loadConfig', () => {
  it('names the file for a file that is not JSON', () => {
    const file = write('broken.json', '{ "timezone": "Asia/Shanghai", }');
    const err = problemsOf(() => loadConfig(file));
    expect(err.file).toBe(file);
    expect(err.problems[0]!.message).toMatch(/not valid JSON/);
    expect(err.message).toContain(file);
  });

  it('places a syntax error at its line and column, as screen files do', () => {
    const file = write('comma.json', '{\n  "timezone": "Asia/Shanghai",\n}\n');
    const err = problemsOf(() => loadConfig(file));
    // The trailing comma leaves a property name expected where the "}" of line 3 stands, its first column.
    expect(err.problems).toEqual([{ path: '', line: 3, column: 1, message: 'not valid JSON: property name expected' }]);
    expect(err.message).toBe(`invalid config ${file}:\n  ${file}:3:1 (root): not valid JSON: property name expected`);
  });

  it('refuses comments, as screen files do: the config is plain JSON', () => {
    const file = write('comment.json', '{\n  // the zone\n  "timezone": "Asia/Shanghai"\n}');
    expect(problemsOf(() => loadConfig(file)).problems).toMatchObject([{ line: 2, column: 3, message: expect.stringMatching(/not valid JSON/) }]);
  });

  it('places each schema problem at the offending value, an unknown key at the key, a missing key at its object', () => {
    const file = write('placed.json', [
      '{',
      '  "timezone": "+08:00",',
      '  "colour": "blue",',
      '  "sources": [',
      '    { "id": "Bad Id", "kind": "demo", "interval": "soon" }',
      '  ],',
      '  "sla": { "policies": [',
      '    { "id": "p", "metrics": [{ "metric": "resolution", "targets": { "normal": { "minutes": 60, "hours": "business" } } }] }',
      '  ] }',
      '}',
    ].join('\n'));
    const err = problemsOf(() => loadConfig(file));
    const at = Object.fromEntries(err.problems.map((p) => [p.path, `${p.line}:${p.column}`]));
    expect(at).toEqual({
      timezone: '2:3', // the property, from its key
      colour: '3:3',
      'sources[0].id': '5:7',
      'sources[0].interval': '5:39',
      'sla.policies[0].calendar': '8:5', // not written: the policy object that lacks it
    });
    const lines = err.message.split('\n');
    expect(lines[0]).toBe(`invalid config ${file}:`);
    expect(lines).toContain(`  ${file}:3:3 colour: unknown property "colour"`);
    expect(lines.find((l) => l.startsWith(`  ${file}:2:3 timezone: `))).toMatch(/IANA time zone/);
    expect(lines.find((l) => l.startsWith(`  ${file}:5:39 sources[0].interval: `))).toMatch(/duration/);
    expect(lines).toHaveLength(6);
  });

  it('names the file for a file that cannot be read', () => {
    const file = join(dir, 'missing.json');
    const err = problemsOf(() => loadConfig(file));
    expect(err.file).toBe(file);
    expect(err.problems[0]!.message).toMatch(/cannot read/);
  });

  it('lists the file, paths and expectations of a file with schema problems', () => {
    const file = write('bad.json', JSON.stringify(BAD));
    const err = problemsOf(() => loadConfig(file));
    expect(err.file).toBe(file);
    expect(err.problems).toHaveLength(4);
    expect(err.message).toContain(`invalid config ${file}`);
  });

  it('runs the built-in demo without a file: simulated vendors polled by the real connectors, secrets from env', () => {
    const config = loadConfig(undefined);
    expect(config.sources.map((s) => [s.id, s.kind])).toEqual([['zendesk', 'zendesk'], ['salesforce', 'salesforce'], ['erpnext', 'erpnext']]);
    expect(config.sla.policies.length).toBeGreaterThan(0);
    const urls = { zendesk: 'http://127.0.0.1:4001', salesforce: 'http://127.0.0.1:4002', erpnext: 'http://127.0.0.1:4003' };
    const options = parseConfig(demoConfig(urls)).sources.map((s) => ('options' in s ? JSON.stringify(s.options) : ''));
    for (const [i, url] of Object.values(urls).entries()) expect(options[i]).toContain(`"${url}"`);
    // Credentials are named, never given: the hub puts them in the environment it hands the demo's connectors.
    for (const name of Object.values(DEMO_SECRETS)) expect(options.join()).toContain(`"${name}"`);
  });
});

describe('startHub with a bad config file', () => {
  it('stops before anything is touched: no database file is created', async () => {
    const file = write('bad-start.json', JSON.stringify(BAD));
    const db = join(dir, 'never', 'opswall.db');
    await expect(startTestHub({ configPath: file, dbPath: db })).rejects.toBeInstanceOf(ConfigError);
    expect(existsSync(db)).toBe(false);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
