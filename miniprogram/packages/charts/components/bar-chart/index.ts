import { disposeChart, drawChart, echarts } from '../../draw';
import { buildBarOption, type Bar } from '../../bar-option';

/** Horizontal bars fed entirely from `bars` (部门数据); 暂无数据 without any. */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    bars: { type: Array, value: [] as Bar[] },
    seriesName: { type: String, value: '' },
  },
  data: {
    echarts,
    ec: { lazyLoad: true },
  },
  observers: {
    bars() {
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
      const bars = this.data.bars as Bar[];
      drawChart(
        this,
        '#bar-canvas',
        bars.length ? buildBarOption(bars, this.data.seriesName) : null,
      );
    },
  },
});
