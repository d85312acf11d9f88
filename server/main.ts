import type { Logger } from 'pino';
import { runHashPasswordCommand } from './access';
import { startHub, type Hub } from './app';
import { parseCommandLine, USAGE } from './command-line';
import { ConfigError } from './config';
import { createLogger } from './logger';
import { packageVersion } from './package';
import { runBackupCommand, StoreVersionError } from './store';

/** How long a stop may take before the hub gives up waiting and exits anyway (service managers kill at 15–90 s). */
const STOP_DEADLINE_MS = 10_000;

const command = parseCommandLine(process.argv.slice(2), process.env);
switch (command.kind) {
  case 'help':
    process.stdout.write(USAGE);
    break;
  case 'version':
    process.stdout.write(`${packageVersion()}\n`);
    break;
  case 'usage-error':
    process.stderr.write(`opswall: ${command.message}\nThe options: npm start -- --help\n`);
    process.exitCode = 2;
    break;
  case 'backup':
    process.exitCode = await runBackupCommand(command.args, process.env);
    break;
  case 'hash-password':
    process.exitCode = await runHashPasswordCommand(command.args);
    break;
  case 'run': {
    let log: Logger;
    try {
      log = createLogger(process.env, process.stdout.isTTY === true);
    } catch (err) {
      process.stderr.write(`opswall: ${(err as Error).message}\n`);
      process.exit(2);
    }
    let hub: Hub;
    try {
      hub = await startHub({ ...command.options, logger: log });
    } catch (err) {
      // A config the user can fix is said as it is (file:line:column); anything else with its cause.
      if (err instanceof ConfigError || err instanceof StoreVersionError) log.fatal({ file: err.file }, err.message);
      else log.fatal({ err }, `OpsWall could not start: ${err instanceof Error ? err.message : String(err)}`);
      log.flush();
      process.exit(1);
    }
    stopOnSignals(hub, log);
    break;
  }
}

/**
 * SIGTERM (service managers, `kill`) and SIGINT (Ctrl-C) stop the hub gracefully: walls are told it is restarting,
 * polls in flight are abandoned before their cursor moves, unsent notifications stay in the outbox, the port is
 * freed. A second signal, or a stop past the deadline, exits at once.
 */
function stopOnSignals(hub: Hub, log: Logger): void {
  let stopping = false;
  const exit = (code: number) => { log.flush(); process.exit(code); };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting for the stop to finish');
      exit(1);
    }
    stopping = true;
    const started = Date.now();
    log.info({ signal }, `${signal}: stopping (walls are told the hub is restarting)`);
    setTimeout(() => {
      log.error({ ms: Date.now() - started }, `the stop took longer than ${STOP_DEADLINE_MS / 1000} s: exiting anyway`);
      exit(1);
    }, STOP_DEADLINE_MS).unref();
    hub.close().then(
      () => { log.info({ ms: Date.now() - started }, 'stopped'); exit(0); },
      (err: unknown) => { log.error({ err }, 'the stop failed'); exit(1); },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
