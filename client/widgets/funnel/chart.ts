import type { FunnelValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatCurrency, formatPercent, formatPlain } from '../../format';
import type { I18n } from '../../i18n';
import { textWidth, tooltipHtml } from '../chart-helpers';
import { keyLabel } from '../labels';
import type { WidgetSize } from '../types';
import type { FunnelOptions } from './options';

/** The ECharts option for a funnel; pure so it can be tested without a browser. */
export function funnelChartOption(value: FunnelValue | undefined, o: FunnelOptions, palette: Palette, i18n: I18n, fontSize: number, size?: WidgetSize): EChartsCoreOption {
  const stages = value?.stages ?? [];
  const rows = stages.map((s, i) => ({
    key: s.stage,
    name: keyLabel(s.stage, o, i18n),
    // No amount reaches a holder without finance rights; its screens never ask to measure by it.
    value: o.measure === 'amount' ? s.amount ?? 0 : s.count,
    shown: o.measure === 'amount' ? formatCurrency(s.amount ?? 0, i18n.locale) : formatPlain(s.count, i18n.locale, 0),
    // The hub's figure (count / previous stage's count, in percent): one definition for every screen.
    conversion: s.conversion,
    color: palette.series[i % palette.series.length] ?? palette.accent,
  }));
  const conversionText = (c: number | null): string => (c === null ? '' : `${i18n.t('widget.conversion')} ${formatPercent(c, i18n.locale)}`);
  // A narrow funnel has no room for names inside its lower stages: then each stage is named on its right instead.
  // Beside the stages the conversion joins the line while all of them fit two thirds of the box; else it is left to the tooltip.
  const withConv = (r: (typeof rows)[number]): string => [`${r.name} ${r.shown}`, o.showConversion ? conversionText(r.conversion) : ''].filter(Boolean).join(' · ');
  const convFits = !size || Math.max(0, ...rows.map((r) => textWidth(withConv(r), fontSize))) + 29 <= (size.width * 2) / 3;
  // Beside the stages each line says as much as fits on one line at 14 px or more: with the conversion, the number, or the name alone.
  const forms = [...(convFits ? [withConv] : []), (r: (typeof rows)[number]) => `${r.name} ${r.shown}`, (r: (typeof rows)[number]) => r.name];
  const lay = (form: (r: (typeof rows)[number]) => string) =>
    funnelLayout(rows.map((r) => [r.name, r.shown]), o.showConversion ? rows.map((r) => conversionText(r.conversion)) : [], fontSize, size, rows.map(form));
  let sideText = forms.at(-1)!;
  let layout = lay(sideText);
  for (const form of forms.slice(0, -1)) {
    const tried = lay(form);
    if (tried.fits) { sideText = form; layout = tried; break; }
  }
  const geometry = { left: layout.left, top: 6, bottom: 6, width: layout.width, minSize: '34%', gap: 4, sort: 'none' as const };
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        if (!r) return '';
        const lines = [{ name: '', value: r.shown, color: r.color }];
        if (r.conversion !== null) lines.push({ name: i18n.t('widget.conversion'), value: formatPercent(r.conversion, i18n.locale), color: '' });
        return tooltipHtml(r.name, lines);
      },
    },
    series: [
      {
        id: 'stages',
        type: 'funnel',
        ...geometry,
        label: {
          position: layout.side ? 'right' : 'inside',
          // Wrapped only when not even the name fits one line: a wrapped line would run into the next stage's.
          ...(layout.labelWidth && !layout.fits ? { width: layout.labelWidth, overflow: 'break' } : {}),
          fontSize: layout.labelFont ?? fontSize,
          fontWeight: 600,
          color: layout.side ? palette.text : palette.onFill,
          lineHeight: Math.round(fontSize * 1.25),
          // Two short lines fit the narrow bottom stages; a stage lower than two lines takes one.
          formatter: (p: { dataIndex: number }) => {
            const r = rows[p.dataIndex];
            if (!r) return '';
            return layout.side ? sideText(r) : `${r.name}${layout.oneLine ? ' ' : '\n'}${r.shown}`;
          },
        },
        labelLine: { show: layout.side, length: 16, lineStyle: { color: palette.grid } },
        itemStyle: { borderWidth: 0 },
        data: rows.map((r) => ({ name: r.name, value: r.value, key: r.key, itemStyle: { color: r.color } })),
      },
      {
        // An invisible copy of the funnel whose labels sit to the right: the conversion per stage.
        id: 'conversion',
        type: 'funnel',
        ...geometry,
        silent: true,
        itemStyle: { color: 'transparent', borderWidth: 0 },
        label: { show: o.showConversion && !layout.side, position: 'right', fontSize, color: palette.text, formatter: (p: { dataIndex: number }) => conversionText(rows[p.dataIndex]?.conversion ?? null) },
        labelLine: { show: o.showConversion && !layout.side, length: 16, lineStyle: { color: palette.grid } },
        data: rows.map((r) => ({ name: r.name, value: r.value })),
      },
    ],
  };
}

/**
 * The funnel's place in its box: as wide as leaves room on the right for the longest conversion label and its line,
 * and whether a stage is tall enough for its name and number on two lines. When the narrowest stage (a third of the
 * funnel) cannot hold its name, the names move beside the stages (`side`), with the conversion on the same line.
 * Percentages without a size (tests).
 */
export function funnelLayout(stages: [string, string][], conversions: string[], fontSize: number, size?: WidgetSize, sideTexts: string[] = []):
  { left: number | string; width: number | string; oneLine: boolean; side: boolean; labelWidth?: number; labelFont?: number; fits: boolean } {
  const convOn = conversions.length > 0;
  if (!size) return { left: convOn ? '4%' : '2%', width: convOn ? '66%' : '96%', oneLine: false, side: false, fits: true };
  const left = Math.round(size.width * (convOn ? 0.04 : 0.02));
  // The label line (16), the label's distance from it (5) and a margin to the box's edge.
  const beside = (texts: string[]) => Math.max(0, ...texts.map((c) => textWidth(c, fontSize))) + 16 + 5 + 8;
  const convRoom = convOn ? beside(conversions) : left;
  const stageH = (size.height - 12 - 4 * Math.max(0, stages.length - 1)) / Math.max(1, stages.length);
  const oneLine = stageH < fontSize * 1.25 * 2 + 2;
  const width = Math.max(0, size.width - left - convRoom);
  const inside = Math.max(0, ...stages.map(([name, shown]) => (oneLine ? textWidth(`${name} ${shown}`, fontSize) : Math.max(textWidth(name, fontSize), textWidth(shown, fontSize)))));
  if (inside + 8 <= width * 0.34 || sideTexts.length === 0) return { left, width, oneLine, side: false, fits: true };
  // At least a third of the box for the funnel; a name that still does not fit wraps in the rest (never cut).
  const funnelW = Math.max(Math.round(size.width / 3), size.width - left - beside(sideTexts));
  const labelWidth = size.width - left - funnelW - 16 - 5 - 8;
  // A wrapped name would run into the next stage's: the names beside the stages get smaller (not below 14 px) to stay on one line.
  // The width estimate runs about a tenth short of what the wall's font draws (digits, the thousands comma).
  const em = 1.12 * Math.max(1, ...sideTexts.map((t) => textWidth(t, 100) / 100));
  const labelFont = Math.max(14, Math.min(fontSize, Math.floor(labelWidth / em)));
  return { left, width: funnelW, oneLine: true, side: true, labelWidth, labelFont, fits: em * labelFont <= labelWidth };
}
