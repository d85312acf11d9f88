import { parseArgs } from 'node:util';
import { backupStore } from './backup';

export const BACKUP_USAGE = `Usage: opswall backup <file> [--db FILE] [--force]

Copies the store to <file> while the hub runs (SQLite's online backup): a consistent copy as of one instant,
checked before it is given its name.

  --db FILE   the store to copy (default: OPSWALL_DB, else data/opswall.db)
  --force     replace <file> when it exists (default: refuse)
  -h, --help  this text`;

/** Where a command writes: lines for the operator (stdout) and for problems (stderr). */
export interface CommandOutput { out(line: string): void; err(line: string): void }
const CONSOLE: CommandOutput = { out: (line) => { console.log(line); }, err: (line) => { console.error(line); } };

/**
 * `opswall backup <file> [--db FILE] [--force]`: `args` are the words after `backup`. Returns the exit code: 0 when
 * the copy is made (one line says where, how big, how long), 1 when it could not be (the reason), 2 for a command
 * line it does not understand (the reason and the usage).
 */
export async function runBackupCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env, output: CommandOutput = CONSOLE): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], strict: true, allowPositionals: true,
      options: { db: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    return usage(output, (err as Error).message);
  }
  if (parsed.values.help) { output.out(BACKUP_USAGE); return 0; }
  if (parsed.positionals.length !== 1) {
    return usage(output, parsed.positionals.length === 0 ? 'name the file to write the copy to' : `one file only, got ${parsed.positionals.join(' ')}`);
  }
  const db = parsed.values.db ?? env.OPSWALL_DB ?? 'data/opswall.db';
  try {
    const done = await backupStore(db, parsed.positionals[0]!, { overwrite: parsed.values.force ?? false });
    output.out(`backed up ${db} to ${done.file} (${done.bytes} bytes in ${done.ms} ms)`);
    return 0;
  } catch (err) {
    // A BackupError says what to do; an error of SQLite's (a full disk while the copy is written) is shown as it is.
    output.err(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

function usage(output: CommandOutput, problem: string): number {
  output.err(`opswall backup: ${problem}`);
  output.err(BACKUP_USAGE);
  return 2;
}
