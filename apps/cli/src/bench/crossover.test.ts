import { describe, expect, it } from 'vitest';
import { findCrossover } from './crossover.ts';

const law = (c: number, k: number, ns: number[]) => ns.map((n) => ({ n, ms: c * n ** k }));
const ns = [512, 1024, 2048, 4096, 8192];

describe('findCrossover', () => {
  it('interpolates between the last slower and first faster measured length', () => {
    // linear 1e-3·N vs quadratic 1e-6·N²: equal at N = 1000.
    const c = findCrossover(law(1e-3, 1, ns), law(1e-6, 2, ns));
    expect(c.basis).toBe('measured');
    expect(c.n).toBe(1000);
    expect(c.largestCommonN).toBe(8192);
    expect(c.ratioAtLargest).toBeCloseTo(1000 / 8192, 10);
  });

  it('reports below-range when the candidate is faster at every common length', () => {
    const c = findCrossover(law(1e-4, 1, ns), law(1e-6, 2, ns));
    expect(c).toMatchObject({ basis: 'below-range', n: 512 });
  });

  it('needs the candidate to stay faster: a late loss moves the crossover', () => {
    const cand = [
      { n: 512, ms: 1 },
      { n: 1024, ms: 5 },
      { n: 2048, ms: 3 },
    ];
    const base = [
      { n: 512, ms: 2 },
      { n: 1024, ms: 4 },
      { n: 2048, ms: 8 },
    ];
    const c = findCrossover(cand, base);
    expect(c.basis).toBe('measured');
    expect(c.n).toBeGreaterThan(1024);
    expect(c.n).toBeLessThan(2048);
  });

  it('extrapolates from the fits when the measured range ends before the crossover', () => {
    // equal at N = 1e5, beyond the measured 8192.
    const c = findCrossover(law(1e-1, 1, ns), law(1e-6, 2, ns));
    expect(c.basis).toBe('extrapolated');
    expect(c.n).toBe(100000);
  });

  it('says none when the candidate grows as fast and is slower, or nothing is common', () => {
    expect(findCrossover(law(2e-6, 2, ns), law(1e-6, 2, ns)).basis).toBe('none');
    expect(findCrossover(law(1e-6, 1, [512]), law(1e-6, 2, [1024])).basis).toBe('none');
  });
});
