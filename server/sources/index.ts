import type { Config } from '../config';
import { parseDuration } from '../protocol/duration';
import { createDemoConnector } from './connectors/demo';
import type { SourcePlan } from './scheduler';

export { createScheduler, RetryLaterError, type Scheduler, type SchedulerDeps, type SourcePlan } from './scheduler';
export type { Connector, PollContext, PollPage } from './types';

/** Turns the config's sources into polling plans, each with its connector. */
export function planSources(config: Config): SourcePlan[] {
  return config.sources.filter((s) => s.kind !== 'push').map((source) => ({
    id: source.id,
    intervalMs: parseDuration(source.interval),
    timeoutMs: parseDuration(source.timeout),
    connector: createDemoConnector({ ...source.options, timezone: config.timezone }),
  }));
}
