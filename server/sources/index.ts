import { parseDuration } from '../protocol';
import { isPushSource, type SourceConfig } from './config';
import { CONNECTORS } from './connectors';
import { backfillStart } from './coverage';
import type { SourcePlan } from './scheduler';

export {
  AuthError, backoffMs, createScheduler, PollTimeoutError, RetryLaterError, type PollOutcome, type Scheduler, type SchedulerDeps,
  type SchedulerObserver, type SourcePlan,
} from './scheduler';
export { sourceState, DOWN_AFTER_FAILURES } from './health';
export type { Connector, PollContext, PollPage } from './types';
export { CONNECTORS, defineConnector, type ConnectorDefinition, type ConnectorEnv } from './connectors';
export { isPushSource, pushSourceSchema, sourceConfigSchema, type PolledSourceConfig, type PushSourceConfig, type SourceConfig } from './config';
export { zoneOffset } from '../model';
export { isoSeconds } from './connectors/service-desk';
export { moneyExtraKeys } from './connectors/extra-fields';

function connectorFor(kind: string) {
  const def = CONNECTORS.find((c) => c.kind === kind);
  if (!def) throw new Error(`no connector of kind "${kind}"`); // the config schema has already refused it
  return def;
}

/** Turns the config's sources into polling plans, each with its connector; secrets are read from `env`. */
export function planSources(config: { sources: readonly SourceConfig[]; timezone: string }, env: NodeJS.ProcessEnv = process.env): SourcePlan[] {
  return config.sources.flatMap((source) => (isPushSource(source) ? [] : [source])).map((source) => ({
    id: source.id,
    intervalMs: parseDuration(source.interval),
    timeoutMs: parseDuration(source.timeout),
    paused: source.paused,
    backfillFrom: backfillStart(source, config.timezone),
    connector: connectorFor(source.kind).create(source.options, { timezone: config.timezone, env, sourceId: source.id }),
  }));
}
// What the push webhooks map with (http/webhook-formats.ts): the same mapping as the polled connectors.
export { HUBSPOT_DEFAULT_STAGES } from './connectors/hubspot';
export { mapZendeskTicket, type ZendeskMappingOptions, type ZendeskTicket } from './connectors/zendesk';
