import { describe, expect, it } from 'vitest';
import { chartSpecs, renderSvg, vegaSpec } from './charts.ts';
import { resolveOptions } from './options.ts';
import { renderReport } from './report.ts';
import { machineInfo, newResults, type RunRecord, runKey } from './results.ts';
import { computeFits } from './summarize.ts';

function run(
  spec: string,
  n: number,
  ms: number | null,
  extra: Partial<RunRecord> = {},
): RunRecord {
  return {
    key: runKey(spec, n, false, 'random'),
    variant: spec,
    spec,
    n,
    causal: false,
    workload: 'random',
    exact: true,
    complexity: null,
    flops: spec === 'full' ? n * n : n * 100,
    predictedMs: null,
    medianMs: ms,
    madMs: ms === null ? null : 0.1,
    samples: 3,
    gflops: 1,
    peakBytes: n * 1000,
    peakFrom: 'random',
    predictedPeakBytes: n * 900,
    gate: null,
    maxAbsError: 0,
    relRmsError: spec === 'full' ? 0 : 0.2,
    recall: null,
    recallByDistance: null,
    skipped: ms === null ? 'time: predicted 9.00 s per forward > budget 1.5 s' : null,
    failed: null,
    notes: [],
    elapsedMs: 0,
    ...extra,
  };
}

describe('report and charts from results', () => {
  const options = resolveOptions({
    variants: ['full', 'window'],
    dim: 64,
    heads: 1,
    batch: 1,
    causal: 'off',
    backend: 'auto',
    relaxedSimd: true,
    threads: 1,
    workload: 'random',
    json: false,
    resume: false,
    peers: [],
    quick: false,
    seed: 1,
  });
  const results = newResults(options, machineInfo('js', 1, 'off'));
  for (const n of [1024, 2048, 4096]) results.runs.push(run('full', n, 1e-6 * n * n));
  results.runs.push(run('full', 8192, null));
  for (const n of [1024, 2048, 4096, 8192]) results.runs.push(run('window', n, 1.5e-3 * n));
  results.fits = computeFits(results);

  it('fits exponents and finds the crossover of the sub-quadratic spec', () => {
    const full = results.fits.find((f) => f.spec === 'full');
    const window = results.fits.find((f) => f.spec === 'window');
    expect(full?.exponent).toBeCloseTo(2, 6);
    expect(full?.subQuadratic).toBe(false);
    expect(window?.subQuadratic).toBe(true);
    expect(window?.crossover.full).toMatchObject({ basis: 'measured', n: 1500 });
  });

  it('writes tables, skips with their reasons and a reading computed from the numbers', () => {
    const md = renderReport(results, []);
    expect(md).toContain('| window');
    expect(md).toContain('time: predicted 9.00 s per forward > budget 1.5 s');
    // 4096: full 16.8 ms, window 6.1 ms → 2.7× faster.
    expect(md).toContain('At N = 4096 (non-causal), window is 2.7× faster than full exact');
    expect(md).toContain('window: time grows as N^1.00');
  });

  it('renders log-log SVG charts with Vega', async () => {
    const specs = chartSpecs(results);
    expect(Object.keys(specs).sort()).toEqual([
      'error-vs-time.svg',
      'memory-vs-n.svg',
      'time-vs-n.svg',
    ]);
    const svg = await renderSvg(vegaSpec(specs['time-vs-n.svg']));
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('window');
    expect(svg).toContain('sequence length N');
  });
});
