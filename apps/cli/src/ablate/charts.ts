/**
 * SVG charts of an ablation, with the bench's Vega specs and headless renderer: each swept
 * numeric knob against error, recall at distance ≥ N/2 and speed-up (one line per variant
 * family, other knobs and N), and a Pareto scatter of time against error per workload whose
 * points are labelled (spec, N), front points starred.
 */
import path from 'node:path';
import { compareKnobValues } from '@attnkit/core';
import type * as vega from 'vega';
import { renderSvg, vegaSpec } from '../bench/charts.ts';
import { writeFileAtomic } from '../lib/atomic.ts';
import { formatN, otherKnobs } from './format.ts';
import { frontIds, OBJECTIVES } from './pareto.ts';
import type { SummaryRow } from './summarize.ts';

interface Datum {
  series: string;
  spec: string;
  x: number;
  y: number;
  causal: boolean;
  label?: string;
}

interface Chart {
  title: string;
  x: { title: string; log: boolean };
  y: { title: string; log: boolean };
  data: Datum[];
  lines: boolean;
  legend: string;
}

const slug = (s: string) => s.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '');
const numeric = (v: string) => Number.isFinite(Number(v)) && v.trim() !== '';
const wideRange = (xs: number[]) =>
  xs.every((x) => x > 0) && Math.max(...xs) / Math.min(...xs) >= 8;

const METRICS = [
  {
    name: 'error',
    title: 'mean per-row relative error vs exact',
    value: (r: SummaryRow) => r.error?.mean ?? null,
    log: true,
  },
  {
    name: 'recall',
    title: 'recall of planted pairs at distance ≥ N/2',
    value: (r: SummaryRow) => r.recallLong?.mean ?? null,
    log: false,
  },
  {
    name: 'speedup',
    title: 'speed-up over exact chunked at the same N',
    value: (r: SummaryRow) => r.speedup,
    log: true,
  },
] as const;

export function chartSpecs(rows: readonly SummaryRow[]): Record<string, Chart> {
  const charts: Record<string, Chart> = {};
  const knobs = [...new Set(rows.flatMap((r) => Object.keys(r.knobs)))];
  const workloads = [...new Set(rows.map((r) => r.workload))];
  for (const knob of knobs)
    for (const workload of workloads)
      for (const metric of METRICS) {
        const data = rows
          .filter(
            (r) => r.workload === workload && r.knobs[knob] !== undefined && numeric(r.knobs[knob]),
          )
          .map((r) => ({ r, y: metric.value(r) }))
          .filter(
            (d): d is { r: SummaryRow; y: number } =>
              d.y !== null && Number.isFinite(d.y) && (!metric.log || d.y > 0),
          )
          .sort((a, b) => compareKnobValues(a.r.knobs[knob], b.r.knobs[knob]))
          .map(({ r, y }) => {
            const series = `${r.family}${otherKnobs(r, knob)} N=${formatN(r.n)}${r.causal ? ' causal' : ''}`;
            return { series, spec: series, x: Number(r.knobs[knob]), y, causal: r.causal };
          });
        if (metric.name === 'speedup' && workload !== workloads[0]) continue;
        if (new Set(data.map((d) => d.x)).size < 2) continue;
        const on = metric.name === 'speedup' ? '' : ` (${workload})`;
        charts[
          `knob-${slug(knob)}-${metric.name}${metric.name === 'speedup' ? '' : `-${slug(workload)}`}.svg`
        ] = {
          title: `${metric.name} against ${knob}${on}`,
          x: { title: knob, log: wideRange(data.map((d) => d.x)) },
          y: { title: metric.title, log: metric.log },
          data,
          lines: true,
          legend: 'series (dashed, ▲: causal)',
        };
      }
  const front = frontIds(rows, OBJECTIVES[0]);
  for (const workload of workloads) {
    const data = rows
      .filter(
        (r) =>
          r.workload === workload &&
          r.medianMs !== null &&
          r.medianMs > 0 &&
          (r.error?.mean ?? 0) > 0,
      )
      .map((r) => {
        const star = front.has(`${r.pointId}|${r.workload}`) ? '★ ' : '';
        return {
          series: r.spec,
          spec: r.family,
          x: r.medianMs as number,
          y: r.error?.mean as number,
          causal: r.causal,
          label: `${star}(${r.spec.replace(/^[^:]*:/, '')}, ${formatN(r.n)})`,
        };
      });
    if (data.length < 2) continue;
    charts[`pareto-error-${slug(workload)}.svg`] = {
      title: `Time against error (${workload}); ★ on the Pareto front at its N`,
      x: { title: 'median ms per forward', log: true },
      y: { title: 'mean per-row relative error', log: true },
      data,
      lines: false,
      legend: 'family (▲: causal)',
    };
  }
  return charts;
}

function withLabels(chart: Chart): vega.Spec {
  const spec = vegaSpec(chart) as vega.Spec & { legends: { title: string }[]; marks: unknown[] };
  spec.legends[0].title = chart.legend;
  if (chart.data.some((d) => d.label))
    spec.marks.push({
      type: 'text',
      from: { data: 'points' },
      encode: {
        enter: {
          x: { scale: 'x', field: 'x' },
          y: { scale: 'y', field: 'y' },
          text: { field: 'label' },
          dx: { value: 5 },
          dy: { value: -5 },
          fontSize: { value: 9 },
          fill: { value: '#333' },
        },
      },
    });
  return spec;
}

export async function writeAblationCharts(
  dir: string,
  rows: readonly SummaryRow[],
): Promise<string[]> {
  const written: string[] = [];
  for (const [file, chart] of Object.entries(chartSpecs(rows))) {
    writeFileAtomic(path.join(dir, file), await renderSvg(withLabels(chart)));
    written.push(file);
  }
  return written;
}
