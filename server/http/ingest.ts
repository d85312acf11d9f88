import express, { type Request, type RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { PushSourceConfig } from '../sources';
import type { CanonicalRecord, RecordType } from '../model';
import { sendError } from './errors';
import type { RouteHandlers } from './router';
import { mapHubspotWebhook, mapZendeskWebhook, type Mapped } from './webhook-formats';
import { verifySignature } from './webhook-signature';

export interface IngestDeps {
  pushSources: readonly PushSourceConfig[];
  env: NodeJS.ProcessEnv;
  ingest(sourceId: string, records: unknown[]): { accepted: number; rejected: { index: number; error: string }[] };
  /** A record as a source stores it now (format "hubspot" updates deals it already holds). */
  known?(sourceId: string, type: RecordType, id: string): CanonicalRecord | undefined;
  /** The hub's time zone, for vendor dates that are calendar days (HubSpot `closedate`). */
  timezone?: string;
  now?: () => number;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The request's own URL, for hubspot-v3 when no `public_url` is configured. */
const ownUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl}`;

/**
 * `POST /api/ingest/:sourceId`: a pushed batch for a source of kind `push` (docs/api.md, REST).
 * The body is read raw (up to the source's `max_body`) so that a signature is checked over the exact
 * bytes sent, before anything is parsed or stored.
 */
export function ingestRoutes(deps: IngestDeps, limit: RequestHandler): RouteHandlers<'ingest'> {
  const now = deps.now ?? Date.now;
  const parsers = new Map<string, RequestHandler>(deps.pushSources.map((s) => [s.id, express.raw({ limit: s.max_body, type: () => true })]));

  return { 'ingest': [limit, (req, res, next) => {
    const source = deps.pushSources.find((s) => s.id === req.params.sourceId);
    if (!source) return sendError(res, 404, 'not_found', `no push source "${req.params.sourceId}"`);
    if (source.token_env) {
      const expected = deps.env[source.token_env];
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      // Fails closed: a token named in the config but missing from the environment lets nobody in.
      if (!expected || !given || !sameSecret(given, expected)) return sendError(res, 401, 'unauthorized', 'missing or wrong bearer token');
    }
    parsers.get(source.id)!(req, res, next);
  }, (req, res) => {
    const source = deps.pushSources.find((s) => s.id === req.params.sourceId)!;
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (source.signature) {
      const secret = deps.env[source.signature.secret_env];
      // Fails closed like the token: no secret in the environment, no request passes.
      if (!secret) return sendError(res, 401, 'unauthorized', `the signing secret ${source.signature.secret_env} is not set on the hub`);
      const verdict = verifySignature(source.signature.scheme, secret, {
        header: (name) => req.get(name), body: raw, method: req.method, url: source.signature.public_url ?? ownUrl(req),
      }, now());
      if (!verdict.ok) return sendError(res, 401, 'bad_signature', verdict.reason);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      return sendError(res, 400, 'invalid_json', `request body is not valid JSON: ${(err as Error).message}`);
    }
    const id = source.id;
    // While the store cannot write (a full disk, a read-only database) nothing is stored: 503 with Retry-After.
    const store = (records: unknown[]) => {
      try { return deps.ingest(id, records); } catch (err) {
        const e = err as { code?: unknown; retryAfterS?: unknown; message?: string };
        if (e.code !== 'store_unavailable') throw err;
        res.set('Retry-After', String(typeof e.retryAfterS === 'number' ? e.retryAfterS : 5));
        sendError(res, 503, 'store_unavailable', `nothing was stored; send it again later: ${e.message ?? 'the store cannot write'}`);
        return undefined;
      }
    };
    // `{ records }` is always the canonical shape, whatever the format (how deals reach a HubSpot source first).
    if (source.format === 'canonical' || (typeof body === 'object' && body !== null && 'records' in body)) {
      const records = (body as { records?: unknown } | null)?.records;
      if (!Array.isArray(records)) return sendError(res, 400, 'bad_request', 'expected a JSON body { "records": [ ... ] }', 'records');
      const answer = store(records);
      if (answer) res.json(answer);
      return;
    }
    let mapped: Mapped;
    try {
      mapped = source.format === 'zendesk' ? mapZendeskWebhook(body) : mapHubspotWebhook(body, {
        stage_map: source.stage_map, timezone: deps.timezone ?? 'UTC', known: (dealId) => deps.known?.(id, 'deal', dealId),
      });
    } catch (err) {
      return sendError(res, 400, 'bad_request', (err as Error).message);
    }
    const answer = store(mapped.records.map((r) => r.record));
    if (!answer) return;
    // Indexes in the answer are the vendor body's: the n-th ticket, the n-th event.
    const rejected = [...mapped.rejected, ...answer.rejected.map((r) => ({ index: mapped.records[r.index]!.index, error: r.error }))]
      .sort((a, b) => a.index - b.index);
    res.json({ accepted: answer.accepted, rejected });
  }] };
}
