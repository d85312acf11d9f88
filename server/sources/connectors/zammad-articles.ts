import type { TicketEvent } from '../../model';
import { getJson, HttpError, joinUrl } from './http';
import { utcInstant } from './service-desk';

/**
 * Zammad's articles (`GET /api/v1/ticket_articles/by_ticket/{id}`): every message of a ticket, so each public
 * reply becomes a comment event, not only the first and the latest contact the ticket's own fields tell.
 * Stock Zammad has no API rate limit, which makes one request per changed ticket affordable.
 */
export interface ZammadArticle { id: number; created_at: string; internal?: boolean; sender?: string | null; type?: string | null }

type Comment = Extract<TicketEvent, { kind: 'comment' }>;

/** Requests in flight at once while reading the articles of one page of tickets. */
const CONCURRENCY = 4;

/**
 * The public messages of customers and agents as comment events, oldest first, at most the newest `max`.
 * Internal notes and the system's own articles (auto replies, triggers) are not replies anyone waits for.
 */
export function articleEvents(articles: ZammadArticle[], max: number): Comment[] {
  const events = articles.flatMap((a): Comment[] => {
    const by = a.sender === 'Customer' ? 'customer' : a.sender === 'Agent' ? 'agent' : undefined;
    return by && a.internal !== true ? [{ at: utcInstant(a.created_at), kind: 'comment', by, public: true }] : [];
  }).sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
  return events.slice(Math.max(0, events.length - max));
}

/**
 * The articles of each ticket, a few requests at a time. A ticket whose articles the token may not read
 * (403, 404) is left out of the answer (its events then come from the ticket's fields); other failures
 * fail the page, so it is read again rather than stored with fewer events.
 */
export async function readArticles(baseUrl: string, ids: number[], headers: Record<string, string>, signal: AbortSignal,
  skipped: (id: number, why: string) => void): Promise<Map<number, ZammadArticle[]>> {
  const out = new Map<number, ZammadArticle[]>();
  let next = 0;
  async function worker() {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        const { body } = await getJson<ZammadArticle[]>(joinUrl(baseUrl, `/api/v1/ticket_articles/by_ticket/${id}`), { signal, headers });
        if (Array.isArray(body)) out.set(id, body);
        else skipped(id, 'the answer is not a JSON array of articles');
      } catch (err) {
        if (err instanceof HttpError && (err.status === 403 || err.status === 404)) skipped(id, err.message);
        else throw err;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return out;
}
