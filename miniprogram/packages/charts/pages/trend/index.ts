import type { TrendPoint } from '../../trend-option';

/**
 * 近30天趋势, the charts subpackage's placeholder page. No backend action serves a trend
 * yet, so it has no data and shows the chart's empty state; when one exists, load it here
 * (with the usual loading/error states) and pass the points down.
 */
Component({
  data: {
    points: [] as TrendPoint[],
  },
  methods: {
    onPullDownRefresh() {
      wx.stopPullDownRefresh();
    },
  },
});
