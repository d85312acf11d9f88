import { randomUUID } from 'node:crypto';
import type { Matcher, Silence } from '../protocol';
import { compileMatchers, MatcherError } from './matchers';

export interface SilenceSpec { matchers: Matcher[]; starts_at: string; ends_at: string; created_by: string; comment: string }

/** A silence's status at `now`: pending before it starts, active until it ends, then expired (Alertmanager's). */
export function silenceStatus(s: Pick<Silence, 'starts_at' | 'ends_at'>, now: number): Silence['status'] {
  if (now < Date.parse(s.starts_at)) return 'pending';
  return now < Date.parse(s.ends_at) ? 'active' : 'expired';
}

/**
 * The silences, pure: every instant is an argument. Expired silences are kept a while to be listed, then
 * dropped. Expiring a silence early (un-silencing) moves its end to now.
 */
export class SilenceBook {
  private readonly silences = new Map<string, SilenceSpec & { id: string; test: (f: Readonly<Record<string, string>>) => boolean }>();

  /**
   * `initial`: the stored silences. One whose pattern RE2 refuses (stored by a version that matched with
   * JavaScript's RegExp) is left out and handed to `rejected`, so the rest still load; without `rejected`
   * it throws.
   */
  constructor(initial: readonly (SilenceSpec & { id: string })[] = [], rejected?: (s: SilenceSpec & { id: string }, err: MatcherError) => void) {
    for (const s of initial) {
      try {
        this.put(s);
      } catch (err) {
        if (!(err instanceof MatcherError) || !rejected) throw err;
        rejected(s, err);
      }
    }
  }

  private put(s: SilenceSpec & { id: string }) {
    this.silences.set(s.id, { ...s, test: compileMatchers(s.matchers) });
  }

  add(spec: SilenceSpec, id: string = randomUUID()): Silence & SilenceSpec {
    this.put({ ...spec, id });
    return this.view(id, Date.parse(spec.starts_at))!;
  }

  /** Ends a silence now; says whether there was one to end. */
  expire(id: string, now: number): (Silence & SilenceSpec) | undefined {
    const s = this.silences.get(id);
    if (!s) return undefined;
    if (Date.parse(s.ends_at) > now) s.ends_at = new Date(Math.max(now, Date.parse(s.starts_at))).toISOString();
    return this.view(id, now);
  }

  view(id: string, now: number): (Silence & SilenceSpec) | undefined {
    const s = this.silences.get(id);
    if (!s) return undefined;
    return { id: s.id, matchers: s.matchers, starts_at: s.starts_at, ends_at: s.ends_at, created_by: s.created_by, comment: s.comment, status: silenceStatus(s, now) };
  }

  list(now: number): Silence[] {
    return [...this.silences.keys()].map((id) => this.view(id, now)!);
  }

  /** The ids of the active silences matching these fields, in id order. */
  matching(fields: Readonly<Record<string, string>>, now: number): string[] {
    const out: string[] = [];
    for (const s of this.silences.values()) if (silenceStatus(s, now) === 'active' && s.test(fields)) out.push(s.id);
    return out.sort();
  }

  /** A string that changes exactly when the set of active silences does: re-check alerts only then. */
  activeSignature(now: number): string {
    return [...this.silences.values()].filter((s) => silenceStatus(s, now) === 'active').map((s) => s.id).sort().join(',');
  }

  /** Drops silences expired before `before`; returns their ids. */
  prune(before: number): string[] {
    const dropped = [...this.silences.values()].filter((s) => Date.parse(s.ends_at) < before).map((s) => s.id);
    for (const id of dropped) this.silences.delete(id);
    return dropped;
  }
}
