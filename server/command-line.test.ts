import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './command-line';

describe('the command line', () => {
  it('runs the hub with the defaults the README names when nothing is given', () => {
    expect(parseCommandLine([], {})).toEqual({ kind: 'run', options: { port: 3000, host: '0.0.0.0', dbPath: 'data/opswall.db' } });
  });

  it('takes each flag over its environment variable, and the variable over the default', () => {
    const env = { PORT: '8080', HOST: '127.0.0.1', OPSWALL_DB: '/var/lib/opswall/opswall.db', OPSWALL_CONFIG: '/etc/opswall/opswall.json' };
    expect(parseCommandLine([], env)).toEqual({ kind: 'run', options: {
      port: 8080, host: '127.0.0.1', dbPath: '/var/lib/opswall/opswall.db', configPath: '/etc/opswall/opswall.json' } });
    expect(parseCommandLine(['--port', '0', '--db', 'x.db', '--screens', 's', '--metrics', 'm'], env)).toEqual({ kind: 'run', options: {
      port: 0, host: '127.0.0.1', dbPath: 'x.db', configPath: '/etc/opswall/opswall.json', screensDir: 's', metricsDir: 'm' } });
  });

  it('answers --help, -h, --version and -v, which win over everything else on the line', () => {
    expect(parseCommandLine(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--port', '1', '-h'], {})).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--version'], {})).toEqual({ kind: 'version' });
    expect(parseCommandLine(['-v'], {})).toEqual({ kind: 'version' });
  });

  it('says which flag is unknown, without a stack trace', () => {
    expect(parseCommandLine(['--prot', '3000'], {})).toEqual({ kind: 'usage-error', message: "unknown option '--prot'" });
    expect(parseCommandLine(['-x'], {})).toEqual({ kind: 'usage-error', message: "unknown option '-x'" });
  });

  it('refuses a flag without its value, a stray word and a port out of range, naming where it came from', () => {
    expect(parseCommandLine(['--db'], {})).toMatchObject({ kind: 'usage-error', message: expect.stringContaining("'--db <value>' argument missing") });
    expect(parseCommandLine(['serve'], {})).toEqual({ kind: 'usage-error', message: 'unknown command "serve" (the commands are "backup" and "hash-password")' });
    expect(parseCommandLine(['--port', '65536'], {})).toEqual({ kind: 'usage-error', message: '--port must be a whole number from 0 to 65535, got "65536"' });
    expect(parseCommandLine(['--port', '-1'], {})).toMatchObject({ kind: 'usage-error' });
    expect(parseCommandLine([], { PORT: '80a' })).toEqual({ kind: 'usage-error', message: 'PORT must be a whole number from 0 to 65535, got "80a"' });
    expect(parseCommandLine([], { PORT: '3000.5' })).toMatchObject({ kind: 'usage-error' });
  });

  it('hands everything after "backup" or "hash-password" to that command untouched', () => {
    expect(parseCommandLine(['backup', '/tmp/copy.db', '--db', 'x.db'], {})).toEqual({ kind: 'backup', args: ['/tmp/copy.db', '--db', 'x.db'] });
    expect(parseCommandLine(['hash-password', '--help'], {})).toEqual({ kind: 'hash-password', args: ['--help'] });
  });
});
