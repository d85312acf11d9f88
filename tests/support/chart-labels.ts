import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { chartFaults, type ChartProbe } from '../../client/charts/label-faults';

/**
 * Chart text faults as ECharts laid the text out (read through the wall's test hook, client/charts/probe.ts):
 * two texts of one chart over each other, text outside its chart, text cut to an ellipsis, and category axes
 * that leave labels out. Each fault names the widget and the text(s).
 */
export async function chartLabelFaults(page: Page): Promise<string[]> {
  const charts = await chartProbes(page);
  return charts.flatMap((c) => chartFaults(c));
}

/** The probe's raw reading: every live chart's texts and category axes. */
export function chartProbes(page: Page): Promise<ChartProbe[]> {
  return page.evaluate(() => window.__opswallCharts?.() ?? []);
}

const CHART_TYPES = new Set(['line', 'bar', 'funnel', 'gauge', 'pie', 'order-flow', 'map', 'flow-paths']);

/**
 * The shipped screens (file name → screen) with every chart's "today" window widened (a line to 24 h, the rest to
 * 30 days): the same layouts and labels, full at any hour, where today's charts are empty just after midnight.
 */
export function hourFreeScreens(): Record<string, unknown> {
  const dir = new URL('../../screens/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
  return Object.fromEntries(files.map((f) => {
    const screen = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { widgets: Record<string, { type: string; metric?: { params?: Record<string, unknown> } }> };
    for (const w of Object.values(screen.widgets)) {
      const params = w.metric?.params;
      if (CHART_TYPES.has(w.type) && params?.window === 'today') params.window = w.type === 'line' ? '24h' : '30d';
    }
    return [f, screen];
  }));
}
