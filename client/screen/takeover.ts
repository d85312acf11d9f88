import type { Alert } from '../../server/protocol';

/** How long an acknowledged alert stays over the wall, showing who acknowledged it, before the screen returns. */
export const ACKED_LINGER_MS = 4_000;

/**
 * An alert worth taking a TV over for: firing, not acknowledged, not silenced or inhibited, and critical
 * (an SLA breach, or a rule of severity critical).
 */
export function isCritical(a: Pick<Alert, 'state' | 'acknowledged' | 'labels' | 'annotations' | 'suppressed'>): boolean {
  const suppressed = Boolean(a.suppressed?.silenced_by.length || a.suppressed?.inhibited_by.length);
  const critical = a.labels.kind === 'breach' || a.annotations.severity === 'critical';
  return a.state === 'firing' && !a.acknowledged && !suppressed && critical;
}

/**
 * The takeover queue, pure: alerts that newly fire queue up; each shows for `showMs`, or until it is
 * acknowledged (then `ACKED_LINGER_MS` more) or resolved. `now` is always an argument.
 */
export class TakeoverQueue {
  private queue: string[] = [];
  private current?: { key: string; endsAt: number };

  constructor(private readonly showMs: number) {}

  /** A newly firing alert (already in the store that `lookup` reads). */
  offer(a: Alert, lookup: (key: string) => Alert | undefined, now: number): void {
    if (this.showMs <= 0 || !isCritical(a)) return;
    if (this.current?.key === a.alert_key || this.queue.includes(a.alert_key)) return;
    this.queue.push(a.alert_key);
    this.advance(lookup, now);
  }

  /** Moves on as time and the alerts' states say; returns the key showing now and until when. */
  advance(lookup: (key: string) => Alert | undefined, now: number): { key: string; endsAt: number } | undefined {
    if (this.current) {
      const a = lookup(this.current.key);
      if (!a) this.current = undefined; // resolved: the wall goes back at once
      else if (a.acknowledged) this.current.endsAt = Math.min(this.current.endsAt, now + ACKED_LINGER_MS);
      if (this.current && now >= this.current.endsAt) this.current = undefined;
    }
    while (!this.current && this.queue.length > 0) {
      const key = this.queue.shift()!;
      const a = lookup(key);
      if (a && isCritical(a)) this.current = { key, endsAt: now + this.showMs }; // else acknowledged or resolved while waiting
    }
    return this.current;
  }
}
