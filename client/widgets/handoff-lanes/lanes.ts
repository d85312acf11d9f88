import type { FlowStuckValue, HandoffLane, HandoffsValue, MetricParams } from '../../../server/protocol';
import { formatPercent } from '../../format';
import type { Locale } from '../../format/locale';
import type { I18n } from '../../i18n';
import { departmentName, stepName, type FlowNames } from '../flow-names';

/** A lane's colour: its hand-off times against the step's target; 'none' without a target or without hand-offs. */
export type LaneTone = 'ok' | 'warn' | 'critical' | 'none';

/**
 * Green while the 90th percentile is within the target (nine in ten on time); amber when only the tail is late
 * (median within, P90 past); red when the median itself is past the target (most hand-offs late).
 */
export function laneTone(lane: Pick<HandoffLane, 'target_s' | 'p50_s' | 'p90_s'>): LaneTone {
  if (lane.target_s === null || lane.p90_s === null) return 'none';
  if (lane.p90_s <= lane.target_s) return 'ok';
  if (lane.p50_s !== null && lane.p50_s <= lane.target_s) return 'warn';
  return 'critical';
}

/** Where the median, the P90 and the target sit on a lane's bar, as fractions of its length (0..1). */
export interface LaneScale { p50: number | null; p90: number | null; target: number | null }

/**
 * One scale per lane: the bar spans twice the target (so the target mark sits at the middle of every lane and
 * lanes compare by colour and position alike), stretched to the P90 when that is longer.
 */
export function laneScale(lane: Pick<HandoffLane, 'target_s' | 'p50_s' | 'p90_s'>): LaneScale {
  const span = Math.max(lane.target_s === null ? 0 : 2 * lane.target_s, lane.p90_s ?? 0, lane.p50_s ?? 0);
  const at = (s: number | null) => (s === null || span <= 0 ? null : Math.min(1, s / span));
  return { p50: at(lane.p50_s), p90: at(lane.p90_s), target: at(lane.target_s) };
}

/**
 * A hand-off time short enough for a lane: minutes under an hour, hours to one decimal under two days, else days to
 * one decimal ("45分", "14.5小时", "3.3天" / "45m", "14.5h", "3.3d"); a whole number drops its ".0".
 */
export function formatHandoff(seconds: number, locale: Locale): string {
  const en = locale === 'en';
  const one = (n: number) => String(Math.round(n * 10) / 10);
  if (seconds < 3600) return `${Math.round(seconds / 60)}${en ? 'm' : '分'}`;
  if (seconds < 48 * 3600) return `${one(seconds / 3600)}${en ? 'h' : '小时'}`;
  return `${one(seconds / 86_400)}${en ? 'd' : '天'}`;
}

export interface LaneRow {
  key: string;
  department: string;
  /** "赢单 → 订单确认". */
  steps: string;
  tone: LaneTone;
  scale: LaneScale;
  p50: string; p90: string; target: string | null;
  /** The times in one line: "中位 3.5小时 · P90 11.5小时 > 目标 8小时" (≤ when within, · without a target). */
  times: string;
  waiting: number;
  /** null when no stuck value is on the screen. */
  stuck: number | null;
  /** null without a target (nothing can be late) or when the option is off. */
  late: string | null;
}

/** Stuck instances at a lane's step for its department; null without a stuck value. */
export function laneStuck(lane: Pick<HandoffLane, 'to' | 'department'>, stuck: FlowStuckValue | undefined): number | null {
  if (!stuck) return null;
  return stuck.groups.filter((g) => g.step === lane.to && g.department === lane.department).reduce((n, g) => n + g.count, 0);
}

export function handoffRows(value: HandoffsValue | undefined, stuck: FlowStuckValue | undefined, o: FlowNames & { showLate: boolean }, i18n: I18n): LaneRow[] {
  const time = (s: number | null) => (s === null ? '—' : formatHandoff(s, i18n.locale));
  return (value?.lanes ?? []).map((lane) => {
    const tone = laneTone(lane);
    const [p50, p90] = [time(lane.p50_s), time(lane.p90_s)];
    const target = lane.target_s === null ? null : time(lane.target_s);
    const relation = tone === 'ok' ? '≤' : tone === 'none' ? '·' : '>';
    const times = `${i18n.t('handoffs.p50')} ${p50} · ${i18n.t('handoffs.p90')} ${p90} ${relation} ${target === null ? i18n.t('handoffs.noTarget') : `${i18n.t('handoffs.target')} ${target}`}`;
    return {
      key: `${lane.from}>${lane.to}`,
      department: departmentName(lane.department, o, i18n),
      steps: `${stepName(lane.from, o)} → ${stepName(lane.to, o)}`,
      tone,
      scale: laneScale(lane),
      p50, p90, target, times,
      waiting: lane.waiting,
      stuck: laneStuck(lane, stuck),
      late: o.showLate && lane.late_pct !== null ? formatPercent(lane.late_pct, i18n.locale) : null,
    };
  });
}

/**
 * The `flow.stuck` value that goes with a hand-offs value, among the values on the screen: the same flow, and
 * preferably the whole flow (no department filter); else one filtered to the department every lane has.
 */
export function pickStuck(values: Iterable<{ id: string; params: MetricParams; value: { kind: string } }>, handoffs: HandoffsValue | undefined): FlowStuckValue | undefined {
  if (!handoffs) return undefined;
  const lanesDept = new Set(handoffs.lanes.map((l) => l.department));
  let filtered: FlowStuckValue | undefined;
  for (const v of values) {
    if (v.id !== 'flow.stuck' || v.value.kind !== 'flow-stuck') continue;
    const stuck = v.value as FlowStuckValue;
    if (stuck.flow !== handoffs.flow) continue;
    const dept = v.params.department;
    if (dept === undefined || dept === '') return stuck;
    if (lanesDept.size === 1 && lanesDept.has(String(dept))) filtered = stuck;
  }
  return filtered;
}
