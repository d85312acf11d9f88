import type { FunnelValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatCurrency, formatPercent, formatPlain } from '../../format';
import type { I18n } from '../../i18n';
import { tooltipHtml } from '../chart-helpers';
import { keyLabel } from '../labels';
import type { FunnelOptions } from './options';

/** The ECharts option for a funnel; pure so it can be tested without a browser. */
export function funnelChartOption(value: FunnelValue | undefined, o: FunnelOptions, palette: Palette, i18n: I18n, fontSize: number): EChartsCoreOption {
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
  const geometry = { left: o.showConversion ? '4%' : '2%', top: 6, bottom: 6, width: o.showConversion ? '66%' : '96%', minSize: '34%', gap: 4, sort: 'none' as const };
  const conversionText = (c: number | null): string => (c === null ? '' : `${i18n.t('widget.conversion')} ${formatPercent(c, i18n.locale)}`);
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
          position: 'inside',
          fontSize,
          fontWeight: 600,
          color: palette.onFill,
          lineHeight: Math.round(fontSize * 1.25),
          // Two short lines fit the narrow bottom stages.
          formatter: (p: { dataIndex: number }) => {
            const r = rows[p.dataIndex];
            return r ? `${r.name}\n${r.shown}` : '';
          },
        },
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
        label: { show: o.showConversion, position: 'right', fontSize, color: palette.text, formatter: (p: { dataIndex: number }) => conversionText(rows[p.dataIndex]?.conversion ?? null) },
        labelLine: { show: o.showConversion, length: 16, lineStyle: { color: palette.grid } },
        data: rows.map((r) => ({ name: r.name, value: r.value })),
      },
    ],
  };
}
