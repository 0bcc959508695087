import type { EChartsCoreOption } from './lib/echarts';

/** One bar: a label (a department's name) and its value. */
export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars, the first bar on top (部门数据: 近30天新增 per department). */
export function buildBarOption(bars: Bar[], seriesName: string): EChartsCoreOption {
  const top = [...bars].reverse();
  return {
    grid: { left: 96, right: 24, top: 8, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: top.map((bar) => bar.label) },
    series: [{ name: seriesName, type: 'bar', barMaxWidth: 18, data: top.map((bar) => bar.value) }],
  };
}
