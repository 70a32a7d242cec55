import { describe, expect, it } from 'vitest';
import { paretoFront } from './pareto.ts';
import { sortByKnobs } from './report.ts';
import { estimate, type SummaryRow } from './summarize.ts';

const row = (window: string, n = 1024, over: Partial<SummaryRow> = {}): SummaryRow => ({
  pointId: `local-window:window=${window}|n=${n}`,
  sweep: 'local-window:window={128,32,512}',
  spec: `local-window:window=${window}`,
  family: 'local-window',
  knobs: { window },
  n,
  causal: true,
  dim: 64,
  workload: 'retrieval',
  seeds: 1,
  medianMs: 1,
  spreadMs: [1, 1],
  speedup: 1,
  peakBytes: null,
  error: null,
  recallLong: null,
  massTotal: null,
  massBuckets: [],
  recallBuckets: [],
  failed: [],
  ...over,
});

describe('ablate report', () => {
  it('sorts knob values as numbers, then N', () => {
    const rows = [row('128'), row('32', 4096), row('512'), row('32'), row('1024')];
    expect(sortByKnobs(rows, ['window']).map((r) => `${r.knobs.window}@${r.n}`)).toEqual([
      '32@1024',
      '32@4096',
      '128@1024',
      '512@1024',
      '1024@1024',
    ]);
  });

  it('sorts text knobs as text, numbers within products', () => {
    const r = (pattern: string, block: string) => ({ ...row('0'), knobs: { pattern, block } });
    const sorted = sortByKnobs(
      [r('longformer', '64'), r('bigbird', '128'), r('bigbird', '64')],
      ['pattern', 'block'],
    );
    expect(sorted.map((x) => `${x.knobs.pattern}/${x.knobs.block}`)).toEqual([
      'bigbird/64',
      'bigbird/128',
      'longformer/64',
    ]);
  });

  it('the Pareto front keeps exactly the non-dominated points', () => {
    const items = [
      { x: 1, y: 5 },
      { x: 2, y: 3 },
      { x: 3, y: 4 }, // dominated by (2, 3)
      { x: 4, y: 1 },
      { x: 4, y: 2 }, // dominated by (4, 1)
    ];
    expect([...paretoFront(items)].sort()).toEqual([0, 1, 3]);
  });

  it('the interval over seeds is a t-interval, clipped to the figure range', () => {
    const e = estimate([1, 2, 3]);
    // mean 2, s = 1, t(2) = 4.303: 2 ± 4.303/√3
    expect(e?.mean).toBe(2);
    expect(e?.interval[1]).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 6);
    expect(e?.interval[0]).toBe(0);
    expect(estimate([0.9, 1, 1], [0, 1])?.interval[1]).toBe(1);
    expect(estimate([Number.NaN])).toBeNull();
  });
});
