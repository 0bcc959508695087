/**
 * The charts subpackage: a trend drawn only from the points it is given.
 */
import path from 'node:path';
import { world } from './support/world';
import { MINIPROGRAM_ROOT, openPage, render, settle, textOf } from './support/render';

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

test('the 近30天趋势 page has no data source yet, so it shows the empty state', async () => {
  const page = openPage('packages/charts/pages/trend/index');
  await settle();
  expect(textOf(page)).toContain('近30天活跃');
  expect(textOf(page)).toContain('暂无数据');
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
