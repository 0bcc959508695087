import * as echarts from './lib/echarts';

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
 * Draws `option` into the component's ec-canvas `selector` (created on first use, updated
 * after); null disposes the chart (the component shows its empty state instead).
 */
export function drawChart(
  component: WechatMiniprogram.Component.TrivialInstance,
  selector: string,
  option: echarts.EChartsCoreOption | null,
): void {
  const existing = charts.get(component);
  if (!option) {
    existing?.dispose();
    charts.delete(component);
    return;
  }
  if (existing) {
    existing.setOption(option, true);
    return;
  }
  const canvas = component.selectComponent(selector) as unknown as EcCanvasComponent | null;
  canvas?.init((target, width, height, dpr) => {
    // ec-canvas's canvas stands in for the DOM element echarts expects.
    const dom = target as unknown as Parameters<typeof echarts.init>[0];
    const chart = echarts.init(dom, undefined, { width, height, devicePixelRatio: dpr });
    target.setChart(chart);
    chart.setOption(option);
    charts.set(component, chart);
    return chart;
  });
}

/** Frees the component's chart (on detach). */
export function disposeChart(component: object): void {
  charts.get(component)?.dispose();
  charts.delete(component);
}

export { echarts };
