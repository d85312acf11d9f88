import type { SlaInstance } from '../sla';
import type { ResolveReason } from '../protocol';

export type SlaAlertKind = 'at_risk' | 'breach';

/** What one SLA instance says of one alert kind: the condition holds since `since`, or it ended for `reason`. */
export type SlaCondition = { active: true; since: number } | { active: false; reason: ResolveReason };

const LIVE = new Set(['running', 'paused']);

/**
 * The condition of an alert kind on an instance (docs/alerts.md):
 * - `breach` holds while a live clock is past due; `at_risk` while a live clock is past its warning point
 *   (also once breached: the breach then inhibits it).
 * - Otherwise it ended: `cancelled`/`retargeted` for a cancelled clock, `retracted` when the fulfilment
 *   came at or before the condition's instant (a late poll showed the reply in time), `fulfilled` when
 *   it came after, `retargeted` when a live clock's target moved its instants later.
 */
export function slaCondition(kind: SlaAlertKind, inst: SlaInstance): SlaCondition {
  const at = kind === 'breach' ? inst.due_at : inst.warn_at;
  const since = at === null ? NaN : Date.parse(at);
  if (LIVE.has(inst.clock)) {
    const holds = kind === 'breach' ? inst.health === 'breached' : inst.health !== 'ok';
    if (holds && Number.isFinite(since)) return { active: true, since };
    return { active: false, reason: 'retargeted' };
  }
  if (inst.clock === 'cancelled') return { active: false, reason: inst.cancel_reason === 'retargeted' ? 'retargeted' : 'cancelled' };
  if (inst.clock === 'stopped' && inst.fulfilled_at !== undefined) {
    return { active: false, reason: Number.isFinite(since) && Date.parse(inst.fulfilled_at) <= since ? 'retracted' : 'fulfilled' };
  }
  return { active: false, reason: 'cancelled' };
}
