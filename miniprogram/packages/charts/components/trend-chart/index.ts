import * as echarts from '../../lib/echarts';
import { buildTrendOption, type TrendPoint } from '../../trend-option';

/** What ec-canvas hands to its init callback. */
interface EcCanvas {
  setChart(chart: echarts.ECharts): void;
}
interface EcCanvasComponent {
  init(
    create: (canvas: EcCanvas, width: number, height: number, dpr: number) => echarts.ECharts,
  ): void;
}

/** Charts live outside the component data (they are not renderable state). */
const charts = new WeakMap<object, echarts.ECharts>();

/**
 * A daily trend line fed entirely from `points`. With no points it says 暂无数据 rather
 * than drawing an empty axis.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    points: { type: Array, value: [] as TrendPoint[] },
    seriesName: { type: String, value: '' },
  },
  data: {
    echarts,
    // lazyLoad: the chart is created once there is data to draw, not when ec-canvas attaches.
    ec: { lazyLoad: true },
  },
  observers: {
    points() {
      // Runs after the new points are rendered, so ec-canvas exists when there is data.
      wx.nextTick(() => this.draw());
    },
  },
  lifetimes: {
    detached() {
      charts.get(this)?.dispose();
      charts.delete(this);
    },
  },
  methods: {
    draw() {
      const points = this.data.points as TrendPoint[];
      if (!points.length) {
        charts.get(this)?.dispose();
        charts.delete(this);
        return;
      }
      const option = buildTrendOption(points, this.data.seriesName);
      const existing = charts.get(this);
      if (existing) {
        existing.setOption(option, true);
        return;
      }
      const canvas = this.selectComponent('#trend-canvas') as unknown as EcCanvasComponent | null;
      canvas?.init((target, width, height, dpr) => {
        // ec-canvas's canvas stands in for the DOM element echarts expects.
        const dom = target as unknown as Parameters<typeof echarts.init>[0];
        const chart = echarts.init(dom, undefined, {
          width,
          height,
          devicePixelRatio: dpr,
        });
        target.setChart(chart);
        chart.setOption(option);
        charts.set(this, chart);
        return chart;
      });
    },
  },
});
