/**
 * The charts subpackage: a trend drawn only from the points it is given.
 */
import path from 'node:path';
import { world } from './support/world';
import { MINIPROGRAM_ROOT, render, settle, textOf } from './support/render';

const TREND_CHART = 'packages/charts/components/trend-chart/index';
const points = [
  { date: '2024-11-01', value: 3 },
  { date: '2024-11-02', value: 5 },
];

beforeEach(() => world().reset());

/**
 * jsdom has no canvas, so ec-canvas's own init (which asks for a canvas node) is replaced by
 * a recorder right after render, before the chart's first draw (queued with wx.nextTick).
 */
function renderTrendChartWithPoints() {
  const chart = render(TREND_CHART, { points, seriesName: '活跃' });
  const init = jest.fn();
  chart.instance.selectComponent('#trend-canvas').init = init;
  return { chart, init };
}

test('with no points the chart says 暂无数据 and has no canvas', async () => {
  const chart = render(TREND_CHART, { points: [] });
  await settle();
  expect(textOf(chart)).toContain('暂无数据');
  expect(chart.dom.querySelector('[class*="ec-canvas"]')).toBeNull();
});

test('with points it shows the ec-canvas and draws once, not the empty state', async () => {
  const { chart, init } = renderTrendChartWithPoints();
  await settle();
  expect(textOf(chart)).not.toContain('暂无数据');
  expect(chart.dom.querySelector('[class*="ec-canvas"]')).not.toBeNull();
  expect(init).toHaveBeenCalledTimes(1);
});

test('the option is a line of the values, labelled by MM-DD', () => {
  const { buildTrendOption } = require(path.join(MINIPROGRAM_ROOT, 'packages/charts/trend-option'));
  const option = buildTrendOption(points, '活跃');
  expect(option.xAxis.data).toEqual(['11-01', '11-02']);
  expect(option.series).toEqual([
    expect.objectContaining({ type: 'line', name: '活跃', data: [3, 5] }),
  ]);
});

test('部门数据’s bars: horizontal, the first bar on top', () => {
  const { buildBarOption } = require(path.join(MINIPROGRAM_ROOT, 'packages/charts/bar-option'));
  const option = buildBarOption(
    [
      { label: '华东事业部', value: 12 },
      { label: '华南事业部', value: 4 },
    ],
    '近30天新增',
  );
  expect(option.yAxis.data).toEqual(['华南事业部', '华东事业部']);
  expect(option.series).toEqual([
    expect.objectContaining({ type: 'bar', name: '近30天新增', data: [4, 12] }),
  ]);
});

test('the bar chart draws once when it has bars, and says 暂无数据 without', async () => {
  const empty = render('packages/charts/components/bar-chart/index', { bars: [] });
  await settle();
  expect(textOf(empty)).toContain('暂无数据');
  const chart = render('packages/charts/components/bar-chart/index', {
    bars: [{ label: '华东事业部', value: 3 }],
  });
  const init = jest.fn();
  chart.instance.selectComponent('#bar-canvas').init = init;
  await settle();
  expect(textOf(chart)).not.toContain('暂无数据');
  expect(init).toHaveBeenCalledTimes(1);
});

test('the tree-shaken echarts bundle has line, bar, pie and their components, and no more', () => {
  const echarts = require(path.join(MINIPROGRAM_ROOT, 'packages/charts/lib/echarts'));
  const registered = (type: string): boolean => {
    const [main, sub] = type.split('.');
    return !!echarts.ComponentModel.getClass(main, sub);
  };
  for (const type of [
    'series.line',
    'series.bar',
    'series.pie',
    'grid',
    'tooltip',
    'legend.plain',
    'title',
    'dataset',
  ]) {
    expect([type, registered(type)]).toEqual([type, true]);
  }
  for (const type of ['series.scatter', 'series.map', 'series.radar', 'geo', 'dataZoom.inside']) {
    expect([type, registered(type)]).toEqual([type, false]);
  }
});
