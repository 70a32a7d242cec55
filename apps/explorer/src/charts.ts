/**
 * Line charts with Vega (plain Vega: the bench app's charts are plain Vega too), drawn as SVG
 * with a tooltip per point: one line per series, log-log axes for time and memory against N.
 */
import { parse, type Spec, View } from 'vega';

export interface Point {
  /** One line per series. */
  series: string;
  /** The legend entry (colour); default the series. Series sharing it differ by dashes. */
  colour?: string;
  /** Drawn dashed (e.g. causal, or a prediction beside a measurement). */
  dashed?: boolean;
  x: number;
  y: number;
  /** Shown in the tooltip. */
  label?: string;
}

export interface LineChart {
  title: string;
  /** What a dashed line means, shown under the legend. */
  dashedMeans?: string;
  x: { title: string; log?: boolean };
  y: { title: string; log?: boolean };
  points: Point[];
  width?: number;
  height?: number;
}

export function lineChartSpec(c: LineChart): Spec {
  const scale = (
    name: string,
    log: boolean | undefined,
    range: 'width' | 'height',
    field: string,
  ) => ({
    name,
    type: log ? 'log' : 'linear',
    domain: { data: 'points', field },
    range,
    nice: true,
    zero: false,
  });
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: c.width ?? 520,
    height: c.height ?? 300,
    padding: 6,
    title: { text: c.title, anchor: 'start' },
    data: [
      {
        name: 'points',
        values: c.points.map((p) => ({
          ...p,
          colour: p.colour ?? p.series,
          dashed: p.dashed ?? false,
          label: p.label ?? '',
        })),
      },
    ],
    scales: [
      scale('x', c.x.log, 'width', 'x'),
      scale('y', c.y.log, 'height', 'y'),
      {
        name: 'colour',
        type: 'ordinal',
        domain: { data: 'points', field: 'colour' },
        range: 'category',
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: c.x.title, grid: true, format: '~s' },
      { orient: 'left', scale: 'y', title: c.y.title, grid: true, format: '~s' },
    ],
    legends: [
      { fill: 'colour', stroke: 'colour', title: 'spec', orient: 'right', labelLimit: 320 },
    ],
    marks: [
      ...(c.dashedMeans
        ? [
            {
              type: 'text',
              encode: {
                enter: {
                  x: { signal: 'width' },
                  y: { value: -6 },
                  align: { value: 'right' },
                  text: { value: `dashed: ${c.dashedMeans}` },
                  fill: { value: '#666' },
                  fontSize: { value: 11 },
                },
              },
            },
          ]
        : []),
      {
        type: 'group',
        from: { facet: { name: 'series', data: 'points', groupby: 'series' } },
        marks: [
          {
            type: 'line',
            from: { data: 'series' },
            sort: { field: 'datum.x' },
            encode: {
              enter: {
                x: { scale: 'x', field: 'x' },
                y: { scale: 'y', field: 'y' },
                stroke: { scale: 'colour', field: 'colour' },
                strokeWidth: { value: 2 },
                strokeDash: { signal: 'datum.dashed ? [5, 3] : [1, 0]' },
              },
            },
          },
          {
            type: 'symbol',
            from: { data: 'series' },
            encode: {
              enter: {
                x: { scale: 'x', field: 'x' },
                y: { scale: 'y', field: 'y' },
                fill: { scale: 'colour', field: 'colour' },
                size: { value: 40 },
                tooltip: {
                  signal:
                    "datum.series + ' · N ' + datum.x + ' · ' + format(datum.y, '.3~s') + (datum.label ? ' · ' + datum.label : '')",
                },
              },
            },
          },
        ],
      },
    ],
  } as Spec;
}

/** Renders the chart into `container` (replacing what was there) and resolves once drawn. */
export async function drawLineChart(container: HTMLElement, chart: LineChart): Promise<View> {
  const view = new View(parse(lineChartSpec(chart)), { renderer: 'svg', container, hover: true });
  await view.runAsync();
  container.dataset.points = String(chart.points.length);
  return view;
}
