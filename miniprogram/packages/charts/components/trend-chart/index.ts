import { disposeChart, drawChart, echarts } from '../../draw';
import { buildTrendOption, type TrendPoint } from '../../trend-option';

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
      disposeChart(this);
    },
  },
  methods: {
    draw() {
      const points = this.data.points as TrendPoint[];
      drawChart(
        this,
        '#trend-canvas',
        points.length ? buildTrendOption(points, this.data.seriesName) : null,
      );
    },
  },
});
