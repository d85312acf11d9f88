import type { z } from 'zod';
import type { Connector } from '../types';

/** What every connector's `create` gets beside its own options. */
export interface ConnectorEnv {
  /** The hub's IANA zone: the zone of naive local timestamps where a vendor sends them. */
  timezone: string;
  /** Environment variables, where secrets (tokens, passwords) are read from: never from the config file. */
  env: NodeJS.ProcessEnv;
  /** The source's id in the config. */
  sourceId: string;
}

/**
 * One connector = one file under server/sources/connectors/ exporting `defineConnector(...)`, listed in
 * connectors/index.ts. The config's `sources[].options` of that kind are validated with `options` at start
 * (file, JSON path and what was expected on error), so `create` receives them checked and defaulted.
 */
export interface ConnectorDefinition<O extends z.ZodType = z.ZodType> {
  kind: string;
  /** One line for docs and errors. */
  title: string;
  options: O;
  /** Poll every this long by default (a duration string like "30s"). */
  defaultInterval: string;
  create(options: z.output<O>, env: ConnectorEnv): Connector;
}

export function defineConnector<O extends z.ZodType>(def: ConnectorDefinition<O>): ConnectorDefinition<O> {
  return def;
}
