import { DISTANCE_BUCKETS } from '@attnkit/metrics';
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
    quality: null,
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
    workload: 'default',
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
  // The window's quality on the mixture: the same row set at every N, error with its interval.
  for (const n of [1024, 2048, 4096, 8192])
    results.runs.push(
      run('window', n, 1.5e-3 * n, {
        key: runKey('window', n, false, 'mixture'),
        workload: 'mixture',
        exact: false,
        quality: {
          rowSet: '64 rows, midpoints of 64 position quantiles',
          rows: 64,
          error: { count: 64, mean: 0.3, interval: [0.25, 0.35], median: 0.2, p95: 0.9, max: 1 },
          byPosition: [],
          maxAbsError: 0.5,
          mass: {
            total: 0.8,
            topK: 0.9,
            buckets: DISTANCE_BUCKETS.map((b, x) => ({
              label: b.label,
              all: x < 2 ? 1 : x < 4 ? 0 : null,
              topK: null,
              planted: null,
              exactMass: 0,
            })),
          },
          massFrom: 'visible keys of its weights() support',
          recall: null,
        },
      }),
    );
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
    // Each workload says what it measures; quality carries its interval and its mass by distance.
    expect(md).toMatch(/- `mixture` \(decayLength = 16 tokens\): The default quality figure/);
    expect(md).toMatch(/\| window +\| 4K +\| no +\| 0\.300 \[0\.250, 0\.350\] \| 0\.200/);
    expect(md).toContain('## Attention mass kept · recall per distance bucket');
    expect(md).toMatch(/\| window \| 8K +\| no +\| 1\.000 +\| 1\.000 +\| 0 +\| 0 +\| +\|/);
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
