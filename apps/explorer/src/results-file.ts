/**
 * Reading result files in the browser. A bench `results.json` (schema attnkit-bench/results,
 * written by the bench app: apps/cli/src/bench/results.ts) is checked for the fields the charts
 * read, as that app's validateResults does. Versions 1 and 2 both carry them (2 replaced the
 * error fields by `quality`, which the charts here do not read). The explorer's own
 * live-benchmark download (attnkit-explorer/bench) is read too. Ablation files wait for the
 * ablation runner.
 */
export interface BenchRun {
  spec: string;
  n: number;
  causal: boolean;
  workload: string;
  medianMs: number | null;
  peakBytes: number | null;
  predictedPeakBytes: number | null;
  skipped: string | null;
  failed: string | null;
}

export interface ChartPoint {
  series: string;
  colour: string;
  dashed: boolean;
  x: number;
  y: number;
  label?: string;
}

export interface ChartData {
  source: string;
  title: string;
  time: ChartPoint[];
  memory: ChartPoint[];
  fits: { spec: string; causal: boolean; exponent: number | null; points: number }[];
  skipped: string[];
}

export function readResultFile(text: string, name: string): ChartData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = value as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') throw new Error(`${name}: not an object`);
  if (r.schema === 'attnkit-bench/results') return benchResults(r, name);
  if (r.schema === 'attnkit-explorer/bench') return explorerBench(r, name);
  throw new Error(
    `${name}: schema ${JSON.stringify(r.schema)}: this viewer reads attnkit-bench/results (bench results.json) ` +
      'and attnkit-explorer/bench; an ablation.json (attnkit ablate) is not charted here yet: open the report.md beside it',
  );
}

/** Bench results.json versions whose time and memory fields this viewer reads. */
export const READABLE_VERSIONS = [1, 2];

const series = (spec: string, causal: boolean) => `${spec}${causal ? ' (causal)' : ''}`;

function benchResults(r: Record<string, unknown>, name: string): ChartData {
  if (!READABLE_VERSIONS.includes(r.version as number))
    throw new Error(
      `${name}: version ${String(r.version)}, this viewer reads ${READABLE_VERSIONS.join(' and ')}`,
    );
  const machine = r.machine as Record<string, unknown> | undefined;
  if (!machine || typeof machine.cpu !== 'string') throw new Error(`${name}: machine lacks cpu`);
  if (!Array.isArray(r.runs) || !Array.isArray(r.fits))
    throw new Error(`${name}: runs and fits must be arrays`);
  const runs = r.runs as BenchRun[];
  runs.forEach((run, i) => {
    for (const key of ['spec', 'n', 'causal', 'workload', 'medianMs', 'peakBytes'])
      if (!(key in run)) throw new Error(`${name}: runs[${i}] lacks ${key}`);
  });
  // Time and memory do not depend on the values: the bench times each (spec, N, causal) once
  // and copies it to every workload, so one workload per line is enough.
  const seen = new Set<string>();
  const time: ChartData['time'] = [];
  const memory: ChartData['memory'] = [];
  const skipped: string[] = [];
  for (const run of runs) {
    const key = `${run.spec}|${run.n}|${run.causal}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (run.skipped) skipped.push(`${series(run.spec, run.causal)} at N ${run.n}: ${run.skipped}`);
    if (typeof run.medianMs === 'number')
      time.push({
        series: series(run.spec, run.causal),
        colour: run.spec,
        dashed: run.causal,
        x: run.n,
        y: run.medianMs,
      });
    if (typeof run.peakBytes === 'number' && run.peakBytes > 0)
      memory.push({
        series: `${series(run.spec, run.causal)} measured`,
        colour: series(run.spec, run.causal),
        dashed: false,
        x: run.n,
        y: run.peakBytes,
      });
    if (typeof run.predictedPeakBytes === 'number' && run.predictedPeakBytes > 0)
      memory.push({
        series: `${series(run.spec, run.causal)} cost()`,
        colour: series(run.spec, run.causal),
        dashed: true,
        x: run.n,
        y: run.predictedPeakBytes,
      });
  }
  const fits = (r.fits as ChartData['fits']).map((f) => ({
    spec: f.spec,
    causal: f.causal,
    exponent: typeof f.exponent === 'number' ? f.exponent : null,
    points: f.points,
  }));
  const uniqueFits = fits.filter(
    (f, i) => fits.findIndex((g) => g.spec === f.spec && g.causal === f.causal) === i,
  );
  return {
    source: `${name}: bench of ${String(r.startedAt)} on ${machine.cpu} (${String(machine.backend)}, ${String(machine.cores)} cores)`,
    title: 'bench results',
    time,
    memory,
    fits: uniqueFits,
    skipped,
  };
}

function explorerBench(r: Record<string, unknown>, name: string): ChartData {
  if (!Array.isArray(r.points)) throw new Error(`${name}: points must be an array`);
  const points = r.points as {
    spec: string;
    n: number;
    causal: boolean;
    medianMs: number;
    gflops: number;
  }[];
  return {
    source: `${name}: explorer live benchmark of ${String(r.startedAt)}`,
    title: 'explorer benchmark',
    time: points.map((p) => ({
      series: series(p.spec, p.causal),
      colour: p.spec,
      dashed: p.causal,
      x: p.n,
      y: p.medianMs,
      label: `${p.gflops.toFixed(1)} GFLOP/s`,
    })),
    memory: [],
    fits: [],
    skipped: [],
  };
}
