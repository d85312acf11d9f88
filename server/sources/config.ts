import { z } from 'zod';
import { duration, envVarName, sourceId } from '../fields';
import { CONNECTORS, type ConnectorDefinition } from './connectors';
import { stageMapSchema } from './connectors/mapping';

/** The `sources` section of the config file: polled sources (one schema per connector) and push sources. */

const ticketUrl = z.string().regex(/^https?:\/\/[^\s]*\{id\}/, 'an http(s) URL template containing "{id}", such as "https://acme.zendesk.com/agent/tickets/{id}"');
/**
 * Where each record type of the source opens in its own system, `{id}` standing for the record's id: the customer
 * timeline's links (docs/api.md). Absent types take the connector's default where its vendor's page is known.
 */
const recordUrl = z.object({ deal: ticketUrl, order: ticketUrl, ticket: ticketUrl }).partial().strict();

/** A polled source of one connector kind: its options are that connector's own schema (server/sources/connectors). */
function polledSourceSchema(def: ConnectorDefinition) {
  return z.object({
    id: sourceId,
    kind: z.literal(def.kind),
    interval: duration.default(def.defaultInterval),
    timeout: duration.default('30s'),
    /** Not polled (state `paused`); its stored records stay and keep counting. */
    paused: z.boolean().default(false),
    /** A poll must start this long after an SLA condition's instant to confirm its alert (decision 3). */
    lag_grace: duration.default('60s'),
    /** A link to a ticket in the source's own system, `{id}` standing for the ticket id (used in alerts). */
    ticket_url: ticketUrl.optional(),
    record_url: recordUrl.optional(),
    options: def.options.prefault({}),
  }).strict();
}


export const pushSourceSchema = z.object({
  id: sourceId,
  kind: z.literal('push'),
  /** The body's shape: OpsWall's `{ records }`, or a vendor's webhook body mapped on arrival. */
  format: z.enum(['canonical', 'zendesk', 'hubspot']).default('canonical'),
  /** Name of the environment variable holding the bearer token; secrets never sit in the file. */
  token_env: envVarName.optional(),
  /** A signed webhook instead of a bearer token: the secret's variable and the sender's signing scheme. */
  signature: z.object({
    secret_env: envVarName,
    scheme: z.enum(['zendesk', 'hubspot-v3', 'hmac-sha256']),
    /** hubspot-v3 signs the URL HubSpot called; behind a proxy give that public URL (default: this request's own). */
    public_url: z.url().optional(),
  }).strict().optional(),
  /** format "hubspot": stage id (or label) → canonical stage, over HubSpot's default pipeline ids. */
  stage_map: stageMapSchema.optional(),
  max_body: z.string().regex(/^\d+(kb|mb)$/, 'a size such as "512kb" or "5mb"').default('5mb'),
  /** Pushed data arrives as it happens: no lag to wait for (decision 3). */
  lag_grace: duration.default('0s'),
  ticket_url: ticketUrl.optional(),
  record_url: recordUrl.optional(),
}).strict().refine((s) => !(s.token_env && s.signature), { message: 'give either "token_env" or "signature", not both', path: ['signature'] })
  .refine((s) => s.stage_map === undefined || s.format === 'hubspot', { message: '"stage_map" is only for format "hubspot"', path: ['stage_map'] });

export const sourceConfigSchema = z.discriminatedUnion('kind', [...CONNECTORS.map(polledSourceSchema), pushSourceSchema] as
  unknown as [ReturnType<typeof polledSourceSchema>, typeof pushSourceSchema]);


export type SourceConfig = z.output<typeof sourceConfigSchema>;
export type PushSourceConfig = z.output<typeof pushSourceSchema>;
export type PolledSourceConfig = Exclude<SourceConfig, PushSourceConfig>;
export const isPushSource = (s: SourceConfig): s is PushSourceConfig => s.kind === 'push';
