import type { FunnelValue } from '../../../server/protocol';
import type { EChartsCoreOption, Palette } from '../../charts';
import { formatCurrency, formatPercent, formatPlain } from '../../format';
import type { I18n } from '../../i18n';
import { tooltipHtml } from '../chart-helpers';
import { keyLabel } from '../labels';
import type { FunnelOptions } from './options';

/**
 * Conversion from the previous stage in percent, from the counts themselves ("deals that reached each
 * stage"), so the label does not depend on whether the hub sends a ratio or a percent.
 */
export function stageConversions(stages: FunnelValue['stages']): (number | null)[] {
  return stages.map((s, i) => {
    const prev = i > 0 ? stages[i - 1]!.count : 0;
    return prev > 0 ? (s.count / prev) * 100 : null;
  });
}

/** The ECharts option for a funnel; pure so it can be tested without a browser. */
export function funnelChartOption(value: FunnelValue | undefined, o: FunnelOptions, palette: Palette, i18n: I18n, fontSize: number): EChartsCoreOption {
  const stages = value?.stages ?? [];
  const conversions = stageConversions(stages);
  const rows = stages.map((s, i) => ({
    name: keyLabel(s.stage, o, i18n),
    value: o.measure === 'amount' ? s.amount : s.count,
    shown: o.measure === 'amount' ? formatCurrency(s.amount, i18n.locale) : formatPlain(s.count, i18n.locale, 0),
    conversion: conversions[i] ?? null,
    color: palette.series[i % palette.series.length] ?? palette.accent,
  }));
  const geometry = { left: '2%', top: 6, bottom: 6, width: o.showConversion ? '68%' : '96%', minSize: '22%', gap: 4, sort: 'none' as const };
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
          color: '#04121f',
          formatter: (p: { dataIndex: number }) => {
            const r = rows[p.dataIndex];
            return r ? `${r.name}  ${r.shown}` : '';
          },
        },
        itemStyle: { borderWidth: 0 },
        data: rows.map((r) => ({ name: r.name, value: r.value, itemStyle: { color: r.color } })),
      },
      {
        // An invisible copy of the funnel whose labels sit to the right: the conversion per stage.
        id: 'conversion',
        type: 'funnel',
        ...geometry,
        silent: true,
        itemStyle: { opacity: 0 },
        label: { show: o.showConversion, position: 'right', fontSize, color: palette.text, formatter: (p: { dataIndex: number }) => conversionText(rows[p.dataIndex]?.conversion ?? null) },
        labelLine: { show: o.showConversion, length: 16, lineStyle: { color: palette.grid } },
        data: rows.map((r) => ({ name: r.name, value: r.value })),
      },
    ],
  };
}
