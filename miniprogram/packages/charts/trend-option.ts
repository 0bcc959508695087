import type { EChartsCoreOption } from './lib/echarts';

/** One day of a trend: `date` is `YYYY-MM-DD` in Asia/Shanghai. */
export interface TrendPoint {
  date: string;
  value: number;
}

/** A single-line daily trend (for example 近30天活跃), labelled by `MM-DD`. */
export function buildTrendOption(points: TrendPoint[], seriesName: string): EChartsCoreOption {
  return {
    grid: { left: 40, right: 16, top: 24, bottom: 32 },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: points.map((point) => point.date.slice(5)),
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: seriesName,
        type: 'line',
        smooth: true,
        showSymbol: false,
        areaStyle: { opacity: 0.12 },
        data: points.map((point) => point.value),
      },
    ],
  };
}
