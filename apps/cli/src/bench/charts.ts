/**
 * SVG charts from results.json, with Vega (vega-lite needs Node 22, so the specs are plain
 * Vega), rendered headless: time vs N and peak memory vs N on log-log axes (one line per spec
 * and causal mode), error vs time, and recall vs distance on the retrieval workload.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DISTANCE_BUCKETS } from '@attnkit/metrics';
import * as vega from 'vega';
import { primaryWorkload, qualityRun } from './report-quality.ts';
import type { Results, RunRecord } from './results.ts';

interface Datum {
  /** One line: a spec in one causal mode. */
  series: string;
  /** The colour: causal and non-causal lines of a spec share it (dashes and triangles tell them apart). */
  spec: string;
  x: number;
  y: number;
  causal: boolean;
}

interface ChartSpec {
  title: string;
  x: { title: string; log: boolean };
  y: { title: string; log: boolean };
  data: Datum[];
  lines: boolean;
}

const seriesName = (r: RunRecord) => `${r.spec}${r.causal ? ' (causal)' : ''}`;

export function vegaSpec(c: ChartSpec): vega.Spec {
  const scale = (name: string, log: boolean, range: 'width' | 'height', field: string) => ({
    name,
    type: log ? 'log' : 'linear',
    domain: { data: 'points', field },
    range,
    nice: true,
    zero: false,
    ...(log ? { base: 10 } : {}),
  });
  const symbol = {
    type: 'symbol',
    from: { data: 'points' },
    encode: {
      enter: {
        x: { scale: 'x', field: 'x' },
        y: { scale: 'y', field: 'y' },
        fill: { scale: 'color', field: 'spec' },
        size: { value: 36 },
        shape: { signal: "datum.causal ? 'triangle-up' : 'circle'" },
      },
    },
  };
  const line = {
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
            stroke: { scale: 'color', field: 'spec' },
            strokeWidth: { value: 2 },
            strokeDash: { signal: 'datum.causal ? [6, 3] : [1, 0]' },
          },
        },
      },
    ],
  };
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: 560,
    height: 340,
    padding: 8,
    background: 'white',
    title: { text: c.title, fontSize: 14 },
    data: [{ name: 'points', values: c.data.map((d) => ({ ...d })) }],
    scales: [
      scale('x', c.x.log, 'width', 'x'),
      scale('y', c.y.log, 'height', 'y'),
      {
        name: 'color',
        type: 'ordinal',
        domain: { data: 'points', field: 'spec', sort: true },
        // One distinct colour per spec: tableau10 up to ten specs, tableau20 beyond.
        range: { scheme: new Set(c.data.map((d) => d.spec)).size > 10 ? 'tableau20' : 'tableau10' },
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: c.x.title, grid: true, format: '~s' },
      { orient: 'left', scale: 'y', title: c.y.title, grid: true, format: '~g' },
    ],
    legends: [
      {
        fill: 'color',
        stroke: 'color',
        title: 'spec (dashed line, triangle: causal)',
        orient: 'right',
        // spec strings such as linear:featureMap=favor,features=256, and the title, in full
        labelLimit: 400,
        titleLimit: 400,
      },
    ],
    marks: c.lines ? [line, symbol] : [symbol],
  } as vega.Spec;
}

export async function renderSvg(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const timed = (r: RunRecord, workload: string) =>
  r.workload === workload && r.medianMs !== null && r.medianMs > 0;

/** The charts this run's numbers support, by file name. */
export function chartSpecs(results: Results): Record<string, ChartSpec> {
  const first = results.options.workloads[0];
  const runs = results.runs;
  const specs: Record<string, ChartSpec> = {};
  const byRun = (
    rs: RunRecord[],
    y: (r: RunRecord) => number,
    x: (r: RunRecord) => number = (r) => r.n,
  ) => rs.map((r) => ({ series: seriesName(r), spec: r.spec, x: x(r), y: y(r), causal: r.causal }));
  const t = runs.filter((r) => timed(r, first));
  if (t.length)
    specs['time-vs-n.svg'] = {
      title: `Forward time vs N (${first} inputs, log-log)`,
      x: { title: 'sequence length N', log: true },
      y: { title: 'median ms per forward', log: true },
      data: byRun(t, (r) => r.medianMs as number),
      lines: true,
    };
  const m = runs.filter((r) => r.workload === first && r.peakBytes !== null && r.peakBytes > 0);
  if (m.length)
    specs['memory-vs-n.svg'] = {
      title: 'Measured peak memory above the inputs vs N (log-log)',
      x: { title: 'sequence length N', log: true },
      y: { title: 'peak MB (child process, rss)', log: true },
      data: byRun(m, (r) => (r.peakBytes as number) / 2 ** 20),
      lines: true,
    };
  const primary = primaryWorkload(results);
  const e = runs
    .filter((r) => timed(r, first))
    .map((r) => ({ r, q: qualityRun(results, r, primary)?.quality }))
    .filter((x) => x.q && Number.isFinite(x.q.error.mean));
  if (e.length)
    specs['error-vs-time.svg'] = {
      title: `Mean per-row error vs exact attention (${primary}) against time (floored at 1e-9)`,
      x: { title: 'median ms per forward', log: true },
      y: { title: 'mean per-row relative error', log: true },
      data: e.map(({ r, q }) => ({
        series: seriesName(r),
        spec: r.spec,
        x: r.medianMs as number,
        y: Math.max(1e-9, q?.error.mean as number),
        causal: r.causal,
      })),
      lines: false,
    };
  const recallRuns = largestCommonRetrieval(runs, results.options.causal[0]);
  if (recallRuns.length)
    specs['recall-vs-distance.svg'] = {
      title: `Recall of planted pairs vs distance (retrieval, N = ${recallRuns[0].n})`,
      x: { title: 'query–key distance (bucket start, tokens)', log: true },
      y: { title: 'recall', log: false },
      data: recallRuns.flatMap((r) =>
        (r.quality?.recall?.buckets ?? []).flatMap((b, x) =>
          b.recall === null || b.pairs === 0
            ? []
            : [
                {
                  series: seriesName(r),
                  spec: r.spec,
                  x: Math.max(1, DISTANCE_BUCKETS[x].lo),
                  y: b.recall,
                  causal: r.causal,
                },
              ],
        ),
      ),
      lines: true,
    };
  return specs;
}

/** Retrieval runs at the largest N that every spec with retrieval results reached. */
export function largestCommonRetrieval(runs: readonly RunRecord[], causal: boolean): RunRecord[] {
  const rs = runs.filter(
    (r) => r.workload === 'retrieval' && r.causal === causal && r.quality?.recall,
  );
  const specs = [...new Set(rs.map((r) => r.spec))];
  const common = [...new Set(rs.map((r) => r.n))]
    .filter((n) => specs.every((s) => rs.some((r) => r.spec === s && r.n === n)))
    .sort((a, b) => b - a);
  const n = common[0] ?? Math.max(0, ...rs.map((r) => r.n));
  return rs.filter((r) => r.n === n);
}

export async function writeCharts(dir: string, results: Results): Promise<string[]> {
  const written: string[] = [];
  for (const [file, spec] of Object.entries(chartSpecs(results))) {
    writeFileSync(path.join(dir, file), await renderSvg(vegaSpec(spec)));
    written.push(file);
  }
  return written;
}
