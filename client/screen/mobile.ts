import type { ScreenDefinition } from '../../server/protocol';

/** Height of one mobile row unit in px. */
export const MOBILE_UNIT = 72;

const DEFAULT_UNITS: Record<string, number> = {
  kpi: 2, gauge: 4, line: 4, bar: 4, funnel: 4, table: 6, 'sla-queue': 6,
  pie: 4, ranking: 5, clock: 2, text: 2, 'source-status': 3, 'order-flow': 4, 'alert-feed': 5, map: 5,
};

/** The phone layout: `layout.mobile` when given, otherwise every wall item in reading order, one per row. */
export function mobileItems(def: ScreenDefinition): { widget: string; height: number }[] {
  const items = def.layout.mobile?.items ??
    [...def.layout.wall.items].sort((a, b) => a.y - b.y || a.x - b.x).map((i) => ({ widget: i.widget, h: undefined }));
  return items.map((item) => {
    const type = def.widgets[item.widget]?.type ?? '';
    return { widget: item.widget, height: (item.h ?? DEFAULT_UNITS[type] ?? 4) * MOBILE_UNIT };
  });
}
